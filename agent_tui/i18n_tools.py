"""The message catalogs' tooling: ``python -m agent_tui.i18n_tools update|compile|check``.

* ``update`` extracts every marked string of ``agent_tui/`` (``_``, ``N_``, ``ngettext``, ``pgettext``),
  writes one template per area (``data/locale/<area>.pot``) and merges it into each language's
  ``data/locale/<lang>/LC_MESSAGES/<area>.po`` (translations kept, new messages empty), then compiles.
* ``compile`` writes one ``agent_tui.mo`` per language from the union of that language's ``.po`` files.
* ``check`` exits non-zero, listing what is wrong: a source message missing from a catalog, an empty or
  fuzzy translation, placeholders (``{name}``) that differ between message and translation, and a
  ``.mo`` that is not the compilation of the current ``.po`` files.

Areas, by a message's first source location: ``ui`` (screens/, widgets/, app.py, bindings.py,
i18n*.py), ``cli`` (cli/, mail/cli.py) and ``core`` (everything else).
"""

from __future__ import annotations

import gettext
import io
import string
import sys
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from agent_tui.i18n import DEFAULT, DOMAIN, LANGUAGES, LOCALE_DIR

PACKAGE_DIR = Path(__file__).parent
AREAS = ("ui", "cli", "core")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
TRANSLATED = tuple(lang for lang in LANGUAGES if lang != DEFAULT)
# Pinned: the templates' and catalogs' headers must not change on every run (small diffs, a .mo that
# compiles to the same bytes from the same .po files).
CREATION_DATE = datetime(2026, 1, 1, tzinfo=timezone.utc)
PROJECT = "agent-tui"

Key = tuple[str, str | None]  # (msgid, msgctxt)


def area_of(path: str) -> str:
    """The catalog area of a source file, by its path inside ``agent_tui/`` (``screens/queue.py``)."""
    path = path.replace("\\", "/")
    name = path.rsplit("/", 1)[-1]
    if path.startswith(("screens/", "widgets/")) or path in ("app.py", "bindings.py") or (
            "/" not in path and name.startswith("i18n") and name.endswith(".py")):
        return "ui"
    if path.startswith("cli/") or path in ("mail/cli.py", "mail/outbox_cli.py"):
        return "cli"
    return "core"


def _msgid_key(message: str | tuple[str, ...]) -> str:
    return message if isinstance(message, str) else message[0]


def extract(source_dir: Path = PACKAGE_DIR) -> dict[str, Catalog]:
    """One template catalog per area, every message in the area of its first source location."""
    found: dict[Key, tuple[str | tuple[str, ...], list[tuple[str, int]], list[str]]] = {}
    for filename, lineno, message, comments, context in extract_from_dir(
            source_dir, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("TRANSLATORS:",),
            strip_comment_tags=True, directory_filter=lambda d: Path(d).name not in ("data", "__pycache__")):
        key = (_msgid_key(message), context)
        entry = found.setdefault(key, (message, [], []))
        entry[1].append((filename.replace("\\", "/"), lineno))
        entry[2].extend(c for c in comments if c not in entry[2])
    templates = {area: _new_catalog(None) for area in AREAS}
    for (_msgid, context), (message, locations, comments) in found.items():
        locations.sort()
        area = area_of(locations[0][0])
        msgid = message if isinstance(message, str) else tuple(message[:2])
        templates[area].add(msgid, locations=locations, auto_comments=comments, context=context)
    return templates


def _new_catalog(locale: str | None) -> Catalog:
    return Catalog(locale=locale, domain=DOMAIN, project=PROJECT, version="", creation_date=CREATION_DATE,
                   revision_date=CREATION_DATE, copyright_holder=PROJECT, msgid_bugs_address="",
                   fuzzy=False)


def po_path(locale_dir: Path, lang: str, area: str) -> Path:
    return locale_dir / lang / "LC_MESSAGES" / f"{area}.po"


def mo_path(locale_dir: Path, lang: str) -> Path:
    return locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def _read(path: Path, lang: str) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=lang, domain=DOMAIN)


def _write(path: Path, catalog: Catalog) -> None:
    buf = io.BytesIO()
    write_po(buf, catalog, sort_output=True, include_lineno=False, ignore_obsolete=True, width=100)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != buf.getvalue():
        path.write_bytes(buf.getvalue())


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
    return all(strings) and not message.fuzzy


def update(locale_dir: Path = LOCALE_DIR, source_dir: Path = PACKAGE_DIR) -> None:
    templates = extract(source_dir)
    for area, template in templates.items():
        _write(locale_dir / f"{area}.pot", template)
    for lang in TRANSLATED:
        old = {area: _read(p, lang) for area in AREAS if (p := po_path(locale_dir, lang, area)).exists()}
        # a message moved to another area keeps its translation
        known = {(m.id if isinstance(m.id, str) else m.id[0], m.context): m.string
                 for cat in old.values() for m in cat if m.id and _translated(m)}
        for area, template in templates.items():
            catalog = old.get(area) or _new_catalog(lang)
            catalog.update(template, no_fuzzy_matching=True, update_creation_date=True)
            for message in catalog:
                key = (_msgid_key(message.id), message.context)
                if message.id and not _translated(message) and key in known:
                    message.string = known[key]
            _write(po_path(locale_dir, lang, area), catalog)
    compile_all(locale_dir)


def compiled(locale_dir: Path, lang: str) -> bytes:
    """The ``.mo`` of ``lang``: the union of its area catalogs (the ``ui`` header carries plural forms)."""
    union = _new_catalog(lang)
    for area in AREAS:
        path = po_path(locale_dir, lang, area)
        if not path.exists():
            continue
        for message in _read(path, lang):
            if message.id and _translated(message) and union.get(message.id, context=message.context) is None:
                union.add(message.id, message.string, context=message.context)
    buf = io.BytesIO()
    write_mo(buf, union, use_fuzzy=False)
    return buf.getvalue()


def _messages(mo: bytes) -> dict:
    """A compiled catalog's messages and header, but for the header's line naming the Babel version."""
    try:
        found = dict(gettext.GNUTranslations(io.BytesIO(mo))._catalog)  # type: ignore[attr-defined]
    except (OSError, UnicodeDecodeError) as exc:
        return {"<unreadable>": str(exc)}
    header = found.pop("", "")
    found[""] = "\n".join(line for line in header.splitlines() if not line.startswith("Generated-By:"))
    return found


def compile_all(locale_dir: Path = LOCALE_DIR) -> None:
    for lang in TRANSLATED:
        data = compiled(locale_dir, lang)
        path = mo_path(locale_dir, lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)


def placeholders(text: str) -> set[str]:
    """The named fields of a ``str.format`` template (``{number}``, ``{n:,}`` → ``number``, ``n``)."""
    try:
        return {field.split(".")[0].split("[")[0] for _, field, _, _ in string.Formatter().parse(text)
                if field is not None}
    except ValueError:
        return {"<unbalanced braces>"}


def _forms(value: str | tuple | list | None) -> list[str]:
    if value is None:
        return [""]
    return [value] if isinstance(value, str) else list(value)


def problems(locale_dir: Path = LOCALE_DIR, source_dir: Path = PACKAGE_DIR) -> list[str]:
    """Everything ``check`` reports; empty when the catalogs are complete and compiled."""
    out: list[str] = []
    templates = extract(source_dir)
    for lang in TRANSLATED:
        for area, template in templates.items():
            path = po_path(locale_dir, lang, area)
            rel = path.relative_to(locale_dir)
            if not path.exists():
                if len(template):
                    out.append(f"{rel}: missing ({len(template)} messages to translate)")
                continue
            catalog = _read(path, lang)
            for wanted in template:
                if not wanted.id:
                    continue
                shown = _msgid_key(wanted.id)
                message = catalog.get(wanted.id, context=wanted.context)
                if message is None:
                    out.append(f"{rel}: missing {shown!r}")
                    continue
                if message.fuzzy:
                    out.append(f"{rel}: fuzzy {shown!r}")
                forms = _forms(message.string)
                if not all(forms):
                    out.append(f"{rel}: not translated {shown!r}")
                    continue
                out.extend(f"{rel}: {shown!r}: {why}" for why in _placeholder_problems(wanted.id, forms))
        path = mo_path(locale_dir, lang)
        if not path.exists():
            out.append(f"{path.relative_to(locale_dir)}: missing (run: python -m agent_tui.i18n_tools compile)")
        elif _messages(path.read_bytes()) != _messages(compiled(locale_dir, lang)):
            out.append(f"{path.relative_to(locale_dir)}: stale, not compiled from the current .po files "
                       "(run: python -m agent_tui.i18n_tools compile)")
    return out


def _placeholder_problems(msgid: str | tuple[str, ...], forms: Iterable[str]) -> list[str]:
    forms = list(forms)
    if isinstance(msgid, str):
        want = placeholders(msgid)
        got = placeholders(forms[0])
        return [] if got == want else [f"placeholders {sorted(got)} differ from {sorted(want)}"]
    allowed = placeholders(msgid[0]) | placeholders(msgid[1])
    out = [f"form {i}: placeholder(s) {sorted(placeholders(f) - allowed)} not in the message"
           for i, f in enumerate(forms) if placeholders(f) - allowed]
    if placeholders(forms[-1]) != placeholders(msgid[1]):
        out.append(f"plural form: placeholders {sorted(placeholders(forms[-1]))} differ from "
                   f"{sorted(placeholders(msgid[1]))}")
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else ""
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        found = problems()
        for line in found:
            print(line)
        if found:
            print(f"{len(found)} problem(s); fix the .po files, then: python -m agent_tui.i18n_tools compile",
                  file=sys.stderr)
            return 1
        print("catalogs complete and compiled")
    else:
        print("usage: python -m agent_tui.i18n_tools update|compile|check", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
