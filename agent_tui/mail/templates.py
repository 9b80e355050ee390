"""The mail the desk writes to customers: one template file per language, rendered safely.

Shipped: ``agent_tui/data/templates/<lang>.toml`` (en, de, pt, nl). A team changes or adds a text in
``<config dir>/templates/<lang>.toml``: its keys replace the shipped ones of that language (a new
language is a new file). Every kind of message has a ``subject`` and a ``body``; ``${name}`` is
filled in with :class:`string.Template`, once: customer or agent text inserted into a template is
never read as a template itself, so ``${x}`` or ``{x}`` in a reply goes out as typed.

A kind missing in the ticket's language falls back to English, visibly: the result says which
language was used and why, the outbox keeps both, and ``agent-tui templates check`` lists the gaps.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from agent_tui.errors import ConfigError, InvalidInput
from agent_tui.i18n import LANGUAGES, _, babel_locale

SHIPPED_DIR = Path(__file__).resolve().parent.parent / "data" / "templates"
FALLBACK = "en"

COMMON = ("number", "reference", "subject", "customer_name", "desk_name", "agent_name", "greeting", "signature")
KINDS: dict[str, tuple[str, ...]] = {  # each kind of message and the names its template may use beyond COMMON
    "acknowledgement": (),
    "reply": ("body",),
    "info_request": ("body", "autosolve_after"),
    "reminder": ("time_left",),
    "approval_request": ("solution",),
    "solution": ("outcome", "resolution", "autoclose_after"),
    "survey": ("scale_low", "scale_high"),
    "auto_solved": ("after", "autoclose_after"),
    "auto_closed": (),
    # seed 004: a policy whose pending timeout closes (and a reply re-opens) says so
    "info_request_close": ("body", "autosolve_after"),
    "reminder_close": ("time_left",),
    "closed_no_reply": ("after",),
}
AUTO_KINDS = frozenset({"acknowledgement", "reminder", "survey", "auto_solved", "auto_closed", "reminder_close",
                        "closed_no_reply"})  # no person wrote it
PARTS = {"greeting": COMMON[:6], "greeting_anonymous": COMMON[:6], "signature": COMMON[:6]}
OUTCOMES = ("fixed", "workaround", "answered_with_article", "added_to_roadmap", "cannot_reproduce",
            "third_party", "duplicate", "no_customer_response")
LANGUAGE_NAMES = {"en": "English", "de": "German", "pt": "Portuguese", "nl": "Dutch"}


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    language: str  # the template's language
    wanted: str  # the ticket's language
    note: str = ""  # why another language was used ("" when it is the wanted one)


@dataclass(frozen=True)
class Gap:
    language: str
    key: str
    problem: str

    def __str__(self) -> str:
        return f"{self.language}: {self.key}: {self.problem}"


def _load_file(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None


def _override_dir() -> Path:
    from agent_tui.locations import config_dir

    return config_dir() / "templates"


@lru_cache(maxsize=8)
def _sets(override: Path | None) -> dict[str, dict]:
    sets: dict[str, dict] = {}
    for path in sorted(SHIPPED_DIR.glob("*.toml")):
        sets[path.stem] = _load_file(path)
    if override is not None and override.is_dir():
        for path in sorted(override.glob("*.toml")):
            merged = dict(sets.get(path.stem, {}))
            for key, value in _load_file(path).items():
                if isinstance(value, dict) and isinstance(merged.get(key), dict):
                    merged[key] = {**merged[key], **value}
                else:
                    merged[key] = value
            sets[path.stem] = merged
    return sets


def template_sets(override: Path | None = None) -> dict[str, dict]:
    """Every language's templates (shipped, with the team's changes over them)."""
    return _sets(override if override is not None else _override_dir())


def reload() -> None:
    _sets.cache_clear()


def _names(text: str) -> set[str]:
    found = set()
    for match in string.Template.pattern.finditer(text):
        name = match.group("named") or match.group("braced")
        if name:
            found.add(name)
        elif match.group("invalid") is not None:
            found.add("$" + text[match.start("invalid"):match.start("invalid") + 10].split()[0])
    return found


def _problems(entry: object, allowed: set[str]) -> list[str]:
    if not isinstance(entry, str):
        return ["must be text"]
    unknown = sorted(_names(entry) - allowed)
    return [f"unknown name(s) {', '.join('${' + n + '}' if not n.startswith('$') else n for n in unknown)}"] if unknown else []


def check(sets: Mapping[str, dict] | None = None) -> list[Gap]:
    """What is missing or wrong in any language's templates, compared with what the desk sends."""
    sets = template_sets() if sets is None else sets
    gaps: list[Gap] = []
    for lang in sorted(set(sets) | set(LANGUAGES)):
        data = sets.get(lang)
        if data is None:
            gaps.append(Gap(lang, "*", "no template file: every message falls back to English"))
            continue
        for part, allowed in PARTS.items():
            if part not in data:
                gaps.append(Gap(lang, part, "missing"))
            else:
                gaps += [Gap(lang, part, p) for p in _problems(data[part], set(allowed))]
        for kind, extra in KINDS.items():
            table = data.get(kind)
            if not isinstance(table, dict):
                gaps.append(Gap(lang, kind, "missing: sent in English" if lang != FALLBACK else "missing"))
                continue
            for key in ("subject", "body"):
                if key not in table:
                    gaps.append(Gap(lang, f"{kind}.{key}", "missing: sent in English"))
                else:
                    gaps += [Gap(lang, f"{kind}.{key}", p) for p in _problems(table[key], {*COMMON, *extra})]
        outcomes = data.get("outcome") if isinstance(data.get("outcome"), dict) else {}
        gaps += [Gap(lang, f"outcome.{o}", "missing: told in English") for o in OUTCOMES if o not in outcomes]
    return gaps


def _usable(data: dict | None, kind: str) -> bool:
    if not data:
        return False
    table = data.get(kind)
    if not isinstance(table, dict):
        return False
    allowed = {*COMMON, *KINDS[kind]}
    return all(isinstance(table.get(k), str) and not _problems(table[k], allowed) for k in ("subject", "body"))


def duration_words(td: timedelta | None, language: str, *, ahead: bool = False) -> str:
    """"4 days", "4 Tage", "4 dias", "4 dagen"; ``ahead``: "in 7 days", "in 7 Tagen", "dentro de 7 dias",
    "over 7 dagen" (Babel's forms, so the grammar of each language is right). A unit is used from
    1.5 of it: 7 days stay "7 days", 14 are "2 weeks"; the number is never 1, so the plural fits."""
    if td is None:
        return ""
    return _duration_words(td, language, ahead)


@lru_cache(maxsize=256)
def _duration_words(td: timedelta, language: str, ahead: bool) -> str:
    """Babel's words for one duration (a sweep words the same few policy durations thousands of times)."""
    from babel.dates import format_timedelta

    return format_timedelta(td, locale=babel_locale(language), threshold=1.5, add_direction=ahead)


def render(kind: str, language: str, values: Mapping[str, object], *,
           sets: Mapping[str, dict] | None = None) -> Rendered:
    """The subject and body of one message in ``language`` (else English, said in ``note``)."""
    if kind not in KINDS:
        raise InvalidInput(_("unknown kind of message {kind!r}").format(kind=kind))
    sets = template_sets() if sets is None else sets
    wanted = (language or FALLBACK).lower()
    used, note = wanted, ""
    if not _usable(sets.get(wanted), kind):
        used = FALLBACK
        note = (f"no {LANGUAGE_NAMES.get(wanted, wanted)} template for {kind.replace('_', ' ')}: sent in English"
                if wanted != FALLBACK else "")
    data = sets[used]
    vals = {k: "" if v is None else str(v) for k, v in values.items()}
    outcome = vals.get("outcome", "")
    if outcome:
        outcomes = data.get("outcome") or {}
        english = sets[FALLBACK].get("outcome") or {}
        vals["outcome"] = str(outcomes.get(outcome) or english.get(outcome) or outcome.replace("_", " "))
    for key in ("autosolve_after", "autoclose_after", "after", "time_left"):
        if isinstance(values.get(key), timedelta):
            vals[key] = duration_words(values[key], used, ahead=key == "time_left")  # type: ignore[arg-type]
    part = "greeting" if vals.get("customer_name") else "greeting_anonymous"
    vals["greeting"] = string.Template(str(data.get(part, ""))).safe_substitute(vals)
    vals["signature"] = string.Template(str(data.get("signature", ""))).safe_substitute(vals)
    table = data[kind]
    subject = string.Template(table["subject"]).safe_substitute(vals)
    body = string.Template(table["body"]).safe_substitute(vals)
    return Rendered(" ".join(subject.split()), _tidy(body), used, wanted, note)


def _tidy(body: str) -> str:
    """No runs of blank lines where an optional value was empty; no blank first line."""
    lines = [line.rstrip() for line in body.strip("\n").splitlines()]
    out: list[str] = []
    for line in lines:
        if not line and out and not out[-1]:
            continue
        out.append(line)
    return "\n".join(out).strip("\n") + "\n"
