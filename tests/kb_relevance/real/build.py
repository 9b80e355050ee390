"""Build the real-help-centre KB articles from upstream snapshots (git directories), into this folder.

    python tests/kb_relevance/real/build.py DELTACHAT_PAGES_GIT SYNCTHING_DOCS_GIT

Each argument is a git directory (bare or not) of the upstream repository; the commit used is its HEAD
and is written to the source's NOTICE. The built articles are committed, so the tests need no network;
this script only documents (and repeats) how they were made.

* ``deltachat/``: the Delta Chat FAQ (``{en,de,pt,nl}/help.md``): every ``##``/``###`` heading with text
  under it is one article, in each language; the four translations are aligned by position (all have the
  same headings) and share a slug stem, suffixed ``-en``/``-de``/``-pt``/``-nl``. Tag: the ``##`` section.
  A section a translation has not translated yet (its heading is still the English one) is left out: it
  would be a copy of the English article labelled as another language.
* ``syncthing/``: the Syncthing user documentation: every FAQ question (``users/faq-parts/*.rst``) is an
  article, and every other page of ``users/`` and ``intro/`` is one article. reST is turned into plain
  Markdown (headings, code, link text; Sphinx roles and directives dropped).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DC_LANGS = ("en", "de", "pt", "nl")
UNTRANSLATABLE: set[str] = set()  # titles the same in every language (none so far)


def _git(repo: str, *args: str) -> str:
    return subprocess.run(["git", "--git-dir", repo, *args], check=True, capture_output=True, text=True).stdout


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")


def _front(title: str, lang: str, tags: list[str], slug: str) -> str:
    esc = title.replace("\\", "\\\\").replace('"', '\\"')
    tag_list = ", ".join('"' + t.replace('"', "'") + '"' for t in tags)
    return f'---\ntitle: "{esc}"\nslug: {slug}\nlanguage: {lang}\ntags: [{tag_list}]\n---\n'


_ANCHOR = re.compile(r"\s*\{#([\w-]+)\}\s*$")
_HTML = re.compile(r"<[^>]+>")


def _dc_sections(md: str) -> list[tuple[int, str, str | None, str]]:
    """(level, title, anchor, body) for every ##/### heading."""
    md = md.split("\n---\n", 1)[1] if md.startswith("---") else md
    out = []
    current = None
    for line in md.splitlines():
        m = re.match(r"^(#{2,3})\s+(.*)$", line)
        if m:
            if current:
                out.append(current)
            title = m.group(2).strip()
            a = _ANCHOR.search(title)
            current = [len(m.group(1)), _ANCHOR.sub("", title).strip(), a.group(1) if a else None, []]
        elif current:
            current[3].append(line)
    if current:
        out.append(current)
    return [(lvl, t, a, "\n".join(b)) for lvl, t, a, b in out]


def build_deltachat(repo: str) -> int:
    commit = _git(repo, "rev-parse", "HEAD").strip()
    target = HERE / "deltachat"
    target.mkdir(exist_ok=True)
    for old in target.glob("*.md"):
        old.unlink()
    per_lang = {lang: _dc_sections(_git(repo, "show", f"HEAD:{lang}/help.md")) for lang in DC_LANGS}
    n = len(per_lang["en"])
    assert all(len(s) == n for s in per_lang.values()), {k: len(v) for k, v in per_lang.items()}
    written = 0
    stems: set[str] = set()
    for i in range(n):
        en_level, en_title, en_anchor, _ = per_lang["en"][i]
        stem = en_anchor or _slugify(en_title)
        assert stem not in stems, stem
        stems.add(stem)
        for lang in DC_LANGS:
            level, title, anchor, body = per_lang[lang][i]
            assert level == en_level and anchor == en_anchor, (lang, i, title)
            text = _HTML.sub("", body).strip()
            if len(text.split()) < 5:
                continue  # a section heading with nothing under it
            if lang != "en" and title == en_title and en_title not in UNTRANSLATABLE:
                continue  # not translated yet: upstream shows the English text, which is the -en article
            section = next((t for lv, t, _a, _b in reversed(per_lang[lang][:i + 1]) if lv == 2), "")
            slug = f"dc-{stem}-{lang}"
            tags = [section] if section and section != title else []
            (target / f"{slug}.md").write_text(_front(title, lang, tags, slug) + f"# {title}\n\n{text}\n",
                                               encoding="utf-8")
            written += 1
    (target / "NOTICE").write_text(
        "Delta Chat FAQ (\"help\"), en/de/pt/nl, converted into KB articles by ../build.py.\n"
        "Upstream: https://github.com/deltachat/deltachat-pages ({en,de,pt,nl}/help.md)\n"
        f"Commit: {commit}\n"
        "Licence: GNU General Public License v3.0 or later (the repository's LICENSE; README: 'Licensed GPLv3+').\n"
        "Copyright: the Delta Chat contributors and translators. Changes: split into one file per question,\n"
        "HTML tags and heading anchors removed, front matter added.\n", encoding="utf-8")
    return written


def _rst_to_md(rst: str) -> str:
    lines = rst.splitlines()
    out: list[str] = []
    i = 0
    skip_indent = None
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if skip_indent is not None:
            if line.strip() and not line.startswith(" "):
                skip_indent = None
            else:
                i += 1
                continue
        if re.fullmatch(r"([-=~^\"*+#])\1{2,}", line):  # overline or stray underline
            i += 1
            continue
        if line.strip() and re.fullmatch(r"([-=~^\"*+#])\1{2,}", nxt) and len(nxt) >= len(line.strip()) - 2:
            out.append("## " + line.strip())
            i += 2
            continue
        m = re.match(r"^\.\.\s+([\w:-]+)::\s*(.*)$", line)
        if m:
            kind, arg = m.group(1), m.group(2)
            if kind in {"toctree", "image", "figure", "raw", "include", "contents", "only", "cssclass"}:
                skip_indent = True
            elif arg and kind not in {"code-block", "code", "highlight"}:
                out.append(arg)  # admonition titles and the like
            i += 1
            continue
        if re.match(r"^\.\.\s", line) or line.strip() == "..":  # labels, comments, substitutions
            skip_indent = True
            i += 1
            continue
        out.append(line)
        i += 1
    text = "\n".join(out)
    text = re.sub(r":[\w:-]+:`([^`<]*?)\s*<[^>]*>`", r"\1", text)  # :ref:`text <target>`
    text = re.sub(r":[\w:-]+:`~?([^`]*)`", r"\1", text)  # :option:`--x`
    text = re.sub(r"`([^`<]+?)\s*<[^>]+>`__?", r"\1", text)  # `text <url>`_
    text = re.sub(r"`([^`]+)`_+", r"\1", text)
    text = re.sub(r"``([^`]+)``", r"`\1`", text)
    text = re.sub(r"\|[\w -]+\|", "", text)
    text = re.sub(r"::\s*$", ":", text, flags=re.M)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _rst_sections(rst: str) -> list[tuple[str, str, str]]:
    """(underline char, title, body) for every section of a page."""
    lines = rst.splitlines()
    heads = [i for i in range(1, len(lines))
             if re.fullmatch(r"([-=~^\"*+#])\1{2,}", lines[i]) and lines[i - 1].strip()
             and not re.fullmatch(r"([-=~^\"*+#])\1{2,}", lines[i - 1])]
    out = []
    for k, i in enumerate(heads):
        end = heads[k + 1] - 1 if k + 1 < len(heads) else len(lines)
        out.append((lines[i][0], lines[i - 1].strip(), "\n".join(lines[i + 1:end])))
    return out


SKIP_PAGES = {"users/index.rst", "users/faq.rst", "users/foldermaster.rst", "intro/index.rst"}


def build_syncthing(repo: str) -> int:
    commit = _git(repo, "rev-parse", "HEAD").strip()
    target = HERE / "syncthing"
    target.mkdir(exist_ok=True)
    for old in target.glob("*.md"):
        old.unlink()
    files = [f for f in _git(repo, "ls-tree", "-r", "--name-only", "HEAD", "users", "intro").split()
             if f.endswith(".rst") and f not in SKIP_PAGES]
    written = 0
    for f in sorted(files):
        rst = _git(repo, "show", f"HEAD:{f}")
        if f.startswith("users/faq-parts/"):
            part = Path(f).stem
            for char, title, body in _rst_sections(rst):
                if char != "-":
                    continue
                clean_title = re.sub(r"``([^`]+)``", r"\1", title)
                slug = "st-faq-" + _slugify(clean_title)
                md = _rst_to_md(body)
                (target / f"{slug}.md").write_text(
                    _front(clean_title, "en", ["faq", part], slug) + f"# {clean_title}\n\n{md}\n", encoding="utf-8")
                written += 1
            continue
        sections = _rst_sections(rst)
        if not sections:
            continue
        title = re.sub(r"``([^`]+)``", r"\1", sections[0][1])
        md = _rst_to_md(rst)
        md = re.sub(r"\A## [^\n]*\n", "", md).strip()
        slug = "st-" + _slugify(Path(f).stem)
        (target / f"{slug}.md").write_text(_front(title, "en", [Path(f).parent.name], slug) + f"# {title}\n\n{md}\n",
                                           encoding="utf-8")
        written += 1
    (target / "NOTICE").write_text(
        "Syncthing documentation (users/ and intro/), converted into KB articles by ../build.py.\n"
        "Upstream: https://github.com/syncthing/docs\n"
        f"Commit: {commit}\n"
        "Licence: Creative Commons Attribution 4.0 International (CC BY 4.0), as stated in the repository's\n"
        "README.rst ('All documentation and protocol specifications are licensed under ...');\n"
        "https://creativecommons.org/licenses/by/4.0/ . Rendered at https://docs.syncthing.net .\n"
        "Copyright: the Syncthing Authors (see AUTHORS upstream). Changes: one file per FAQ question and per\n"
        "page, reStructuredText turned into plain Markdown, Sphinx directives and roles dropped, front matter added.\n",
        encoding="utf-8")
    return written


if __name__ == "__main__":
    dc, st = sys.argv[1:3]
    print("deltachat", build_deltachat(dc))
    print("syncthing", build_syncthing(st))
