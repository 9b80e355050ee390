"""The one place outside text becomes renderable.

Customer, article and import text is data, never markup (RELIABILITY.md):
``Static("[/]")`` crashes, ``[@click=app.quit]`` becomes an action, escape
sequences reach the terminal. Everything shown goes through :func:`safe_text`
(a :class:`rich.text.Text`, never parsed as markup) after :func:`clean`
replaced control characters with visible placeholders.

The CLI prints through :class:`SafeConsole`, the same rule for Rich output:
every ``Text``, plain string and table cell it is given is sanitized before it
is rendered (styles are kept), so a line f-stringed from stored data cannot
write a control sequence to the terminal.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from agent_tui.domain.text import clean, one_line

__all__ = ["SafeConsole", "safe_line", "safe_renderable", "safe_text", "snippet_text"]


def safe_text(value: object, style: str = "") -> Text:
    """Multi-line outside text as a literal ``Text``."""
    return Text(clean("" if value is None else str(value)), style=style, no_wrap=False)


def safe_line(value: object, limit: int = 200, style: str = "") -> Text:
    """One display line (newlines folded, cut with an ellipsis) as a literal ``Text``."""
    return Text(one_line("" if value is None else str(value), limit), style=style, no_wrap=True, overflow="ellipsis")


def snippet_text(parts, highlight: str = "bold reverse") -> Text:
    """A search snippet (``(text, is_match)`` pairs) with matches highlighted, literally."""
    out = Text()
    for chunk, hit in parts:
        out.append(clean(chunk), style=highlight if hit else "")
    return out


def _safe_rich_text(value: Text) -> Text:
    cleaned = clean(value.plain)
    if cleaned == value.plain:
        return value
    if len(cleaned) == len(value.plain):  # one placeholder per character: the spans still fit
        out = value.copy()
        out.plain = cleaned
        return out
    return Text(cleaned, style=value.style, justify=value.justify, no_wrap=value.no_wrap, overflow=value.overflow)


def safe_renderable(value: Any) -> Any:
    """What a CLI prints, sanitized: ``str`` becomes a literal ``Text`` (never markup); tables cell by cell."""
    if isinstance(value, str):
        return Text(clean(value))
    if isinstance(value, Text):
        return _safe_rich_text(value)
    if isinstance(value, Table):
        for column in value.columns:
            column.header = safe_renderable(column.header)
            column._cells[:] = [safe_renderable(cell) for cell in column._cells]
    return value


class SafeConsole(Console):
    """A Rich console whose ``print`` passes every argument through :func:`safe_renderable`."""

    def print(self, *objects: Any, **kwargs: Any) -> None:  # type: ignore[override]
        super().print(*(safe_renderable(o) for o in objects), **kwargs)
