"""Turning a pydantic ``ValidationError`` into lines an agent reads: ``field: what is wrong``.

Configuration and file rows are checked by pydantic models (calendars, import rows, mapping files,
saved views); each caller prefixes the lines with the file, line or table they are about.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pydantic import ValidationError

from agent_tui.i18n import N_, _


def field_path(loc: Iterable[int | str]) -> str:
    """``('hours', 'mon', 0)`` -> ``hours.mon[0]``."""
    out = ""
    for part in loc:
        if part == "[key]":  # pydantic marks a bad mapping key so; the key itself is the part before
            continue
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def error_message(err: Mapping) -> str:
    """The message of one pydantic error, without pydantic's "Value error, " prefix."""
    return str(err["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")


def explain(exc: ValidationError, *, known: Iterable[str] = (), missing: Mapping[str, str] | None = None,
            noun: str = N_("field")) -> list[str]:
    """One line per problem; unknown fields are listed in one line (with the ``known`` ones if given).

    ``missing`` gives, per required field, the whole line to show when it is absent (English, marked with
    ``N_()``: translated here). Pydantic's own messages stay as pydantic words them (English).
    """
    lines: list[str] = []
    unknown: list[str] = []
    for err in exc.errors():
        path = field_path(err["loc"])
        if err["type"] == "extra_forbidden":
            unknown.append(path)
        elif err["type"] == "missing":
            given = (missing or {}).get(path)
            lines.append(_(given) if given else _("{field}: is required").format(field=path))
        else:
            message = error_message(err)
            lines.append(f"{path}: {message}" if path else message)
    if unknown:
        expected = sorted(known)
        names = ", ".join(repr(u) for u in sorted(unknown))
        if expected:
            line = _("unknown {noun}(s) {names} (expected {expected})").format(
                noun=_(noun), names=names, expected=", ".join(expected))
        else:
            line = _("unknown {noun}(s) {names}").format(noun=_(noun), names=names)
        lines.insert(0, line)
    return lines
