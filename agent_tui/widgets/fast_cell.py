"""One queue cell rendered in one pass: what Textual's DataTable renders through three nested renderables.

``DataTable._render_cell`` renders a cell as ``console.render_lines(Styled(Padding(cell, (0, pad)), pre_style,
post_style), options)``: Styled, Padding and the Text each render and re-split their segments, about 0.1 ms a
cell, and a PgDn shows some 300 new cells. :func:`cell_lines` produces the very same segments for a one-line
``Text`` cell (wrapped and justified by the Text itself, padded, styled) at a third of the cost, and says
None for anything else (then the DataTable's own path renders it). ``tests/tui/test_fast_cell.py`` checks the
equality segment for segment on generated cells (styles, spans, wide characters, overflow, justify, widths).
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

_NULL = Style.null()
_NEWLINE = Text("\n")


def cell_lines(console: Console, options: ConsoleOptions, cell: object, width: int, pad: int,
               pre_style: Style, post_style: Style) -> list[list[Segment]] | None:
    """The one line of ``cell`` in a ``width``-cell column (``pad`` blank cells each side), or None when the
    general path must render it (not a Text, empty, several lines, tabs, no room)."""
    if not isinstance(cell, Text):
        return None
    inner = width - 2 * pad
    plain = cell.plain
    if inner <= 0 or not plain or "\n" in plain or "\t" in plain:
        return None
    lines = cell.wrap(console, inner, justify=cell.justify or options.justify or "default",
                      overflow=cell.overflow or options.overflow or "fold",
                      tab_size=cell.tab_size or console.tab_size or 8,
                      no_wrap=True if cell.no_wrap is None else cell.no_wrap)
    if len(lines) != 1:
        return None
    # as Text.__rich_console__ does: joined, so the line's base style becomes a span
    segments = Segment.adjust_line_length(list(_NEWLINE.join(lines).render(console, end="")), inner,
                                          style=_NULL, pad=True)
    if pad:
        blank = Segment(" " * pad, _NULL)
        segments = [blank, *segments, blank]
    return [list(Segment.apply_style(segments, style=pre_style, post_style=post_style))]
