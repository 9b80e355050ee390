"""The one place outside text becomes renderable.

Customer, article and import text is data, never markup (RELIABILITY.md):
``Static("[/]")`` crashes, ``[@click=app.quit]`` becomes an action, escape
sequences reach the terminal. Everything shown goes through :func:`safe_text`
(a :class:`rich.text.Text`, never parsed as markup) after :func:`clean`
replaced control characters with visible placeholders.
"""

from __future__ import annotations

from rich.text import Text

from agent_tui.domain.text import clean, one_line

__all__ = ["safe_text", "safe_line", "snippet_text"]


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
