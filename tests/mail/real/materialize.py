"""Copy the real-mail corpus listed in manifest.json out of local git snapshots of its sources.

The mails are third-party material, so no upstream byte is committed to this repository: the
manifest holds only where each file is (repository, commit, path), its SHA-256, our
classification, and *where in the source's own tests* its expectation is asserted. This script
copies each file unchanged into ``tests/mail/real/<source>/`` (git-ignored), copies each source's
licence file next to it, reads each expectation out of the source's test file at the pinned commit,
and writes ``expected.json``.

Usage:  python3 tests/mail/real/materialize.py [--mirrors DIR]

Needs one bare git snapshot per source; by default they are looked up where the workplace's
``fetch`` tool puts them (``/work/.mirror/<owner>+<name>/repo``). Any clone of the repository that
contains the pinned commit works: ``--mirrors DIR`` looks for ``DIR/<owner>+<name>`` (a bare repo
or a work tree with .git). Stdlib only.
"""
from __future__ import annotations

import argparse
import ast
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "manifest.json"
EXPECTED = HERE / "expected.json"


class MaterializeError(RuntimeError):
    pass


def _git_dir(source: dict, mirrors: Path | None) -> Path:
    owner_name = source["repo"].replace("/", "+")
    candidates = []
    if mirrors is not None:
        candidates += [mirrors / owner_name / "repo", mirrors / owner_name / ".git", mirrors / owner_name]
    candidates.append(Path(source["mirror"]))
    for c in candidates:
        if (c / "HEAD").is_file() or (c / "objects").is_dir():
            return c
    raise MaterializeError(
        f"no git snapshot of {source['repo']} (looked in {', '.join(map(str, candidates))}); "
        f"fetch github:{source['repo']} or clone {source['url']}"
    )


def _show(git_dir: Path, commit: str, path: str) -> bytes:
    r = subprocess.run(["git", "--git-dir", str(git_dir), "show", f"{commit}:{path}"], capture_output=True)
    if r.returncode != 0:
        raise MaterializeError(f"{git_dir}: {commit}:{path}: {r.stderr.decode(errors='replace').strip()}")
    return r.content if hasattr(r, "content") else r.stdout


_QUOTES = "\"'`"


def _string_literal_from(text: str, start: int, nth: int = 0) -> str:
    """The ``nth`` quoted string literal (Python, Ruby or JS) at or after ``start``, decoded.

    Escapes are read as Python reads them (\\n, \\t, \\uXXXX, backslash-newline continuation),
    which is what these test files use; raw newlines inside a literal (Ruby) are kept."""
    i = start
    for _ in range(nth + 1):
        while i < len(text) and text[i] not in _QUOTES:
            i += 1
        if i == len(text):
            raise MaterializeError("no string literal found")
        q = text[i]
        j = i + 1
        while j < len(text) and text[j] != q:
            j += 2 if text[j] == "\\" else 1
        body, i = text[i + 1 : j], j + 1
    body = re.sub(r"(?<!\\)\n", r"\\n", body)
    if q == "`":
        body = body.replace("'", "\\'")
        q = "'"
    return ast.literal_eval(q + body + q)


def _int_literal_from(text: str, start: int) -> int:
    line = text[start : text.index("\n", start)]
    m = re.search(r"[(,]\s*(\d+)\s*[,)]", line)
    if not m:
        raise MaterializeError(f"no integer literal in {line!r}")
    return int(m.group(1))


def _value(git_dir: Path, commit: str, spec: dict, cache: dict):
    if "file" in spec:
        text = _show(git_dir, commit, spec["file"]).decode("utf-8")
        return text.strip() if spec.get("strip") else text
    key = (str(git_dir), spec["test"])
    if key not in cache:
        cache[key] = _show(git_dir, commit, spec["test"]).decode("utf-8")
    text = cache[key]
    lines = text.splitlines(keepends=True)
    start = sum(len(l) for l in lines[: spec["line"] - 1])
    if spec.get("literal") == "int":
        return _int_literal_from(text, start)
    if spec.get("literal") == "null":  # the source asserts null / None / nil: no new text at all
        line = text[start : text.index("\n", start)]
        if not re.search(r"\b(null|None|nil)\b", line):
            raise MaterializeError(f"no null literal in {line!r}")
        return ""
    return _string_literal_from(text, start, spec.get("nth", 0))


def materialize(mirrors: Path | None = None, out: Path = HERE) -> list[dict]:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    sources = manifest["sources"]
    cache: dict = {}
    git_dirs = {name: _git_dir(s, mirrors) for name, s in sources.items()}
    for name, s in sources.items():
        lic = _show(git_dirs[name], s["commit"], s["licence_file"])
        (out / name).mkdir(parents=True, exist_ok=True)
        (out / name / "LICENSE").write_bytes(lic)
    entries = []
    for case in manifest["cases"]:
        s = sources[case["source"]]
        gd = git_dirs[case["source"]]
        data = _show(gd, s["commit"], case["upstream_path"])
        digest = hashlib.sha256(data).hexdigest()
        if digest != case["sha256"]:
            raise MaterializeError(f"{case['file']}: sha256 {digest} != manifest {case['sha256']}")
        dest = out / case["file"]
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
        e = {k: v for k, v in case.items() if k not in ("expect", "expect_attachments")}
        e["upstream"] = f"{s['url']}/blob/{s['commit']}/{case['upstream_path']}"
        for ex in case.get("expect", []):
            value = _value(gd, s["commit"], ex["value_from"], cache)
            rec = {"value": value, "asserted_on": ex["asserted_on"], "signature_included": ex.get("signature_included"),
                   "asserted_at": _where(s, ex["value_from"])}
            if ex["op"] == "equals":
                e["expected_new_text"] = value
                e["expected_new_text_assertion"] = rec
            elif ex["op"] == "equals_empty":
                e["expected_new_text"] = ""
                e["expected_new_text_assertion"] = rec
            elif ex["op"] in ("quoted_from", "quoted_body"):
                e[f"expected_{ex['op']}"] = value
                e[f"expected_{ex['op']}_assertion"] = {"asserted_on": ex["asserted_on"], "asserted_at": rec["asserted_at"]}
            elif ex["op"] == "equals_ignoring_whitespace":
                e["expected_new_text_ignoring_whitespace"] = value
                e["expected_new_text_assertion"] = rec
            elif ex["op"] == "contains":
                e.setdefault("expected_new_text_contains", []).append(value)
                e.setdefault("expected_new_text_assertions", []).append(rec)
            elif ex["op"] == "excludes":
                e.setdefault("expected_new_text_excludes", []).append(value)
                e.setdefault("expected_new_text_assertions", []).append(rec)
            else:
                raise MaterializeError(f"{case['file']}: unknown op {ex['op']!r}")
        if "expect_attachments" in case:
            ea = case["expect_attachments"]
            e["expected_attachments"] = _value(gd, s["commit"], ea["value_from"], cache)
            e["expected_attachments_assertion"] = {"asserted_on": ea["asserted_on"], "asserted_at": _where(s, ea["value_from"])}
        entries.append(e)
    (out / "expected.json").write_text(json.dumps(entries, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return entries


def _where(source: dict, spec: dict) -> str:
    if "file" in spec:
        return f"{source['url']}/blob/{source['commit']}/{spec['file']}"
    return f"{source['url']}/blob/{source['commit']}/{spec['test']}#L{spec['line']}"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--mirrors", type=Path, help="folder holding <owner>+<name> git snapshots")
    args = p.parse_args(argv)
    try:
        entries = materialize(args.mirrors)
    except MaterializeError as exc:
        print(f"materialize: {exc}", file=sys.stderr)
        return 1
    print(f"{len(entries)} mails written under {HERE}, expectations in {EXPECTED.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
