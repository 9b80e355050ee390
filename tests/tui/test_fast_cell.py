"""The queue's one-pass cell renderer gives the DataTable's own segments, segment for segment."""

from __future__ import annotations

import inspect

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.padding import Padding
from rich.style import Style
from rich.text import Text
from textual.renderables.styled import Styled
from textual.widgets import DataTable

from agent_tui.widgets.fast_cell import cell_lines

CONSOLE = Console(width=200, color_system="truecolor", force_terminal=True, legacy_windows=False)
OPTIONS = CONSOLE.options
STYLES = ["", "bold", "bold white on red", "dim cyan", "green", "bold yellow", "reverse", "italic underline",
          "dim", "#e0e0e0 on #303030"]
PIECES = ["abc", "Straße", "日本語", "ticket", "⚠", "é", "x" * 40, "  ", "—", "#1042", "overdue by 3h 12m",
          "🙂", "frs ", "Prüfberichte kann nicht veröffentlichen", " ", "ﬁ", "a\u0301"]


def general(cell: Text, width: int, pad: int, pre: Style, post: Style):
    options = OPTIONS.update_dimensions(width, 1).update(no_wrap=True)
    return CONSOLE.render_lines(Styled(Padding(cell, (0, pad)), pre_style=pre, post_style=post), options)


@st.composite
def cells(draw) -> Text:
    text = Text(style=draw(st.sampled_from(STYLES)), no_wrap=draw(st.sampled_from([None, True, False])),
                overflow=draw(st.sampled_from([None, "ellipsis", "crop", "fold"])),
                justify=draw(st.sampled_from([None, "left", "right", "center", "full"])))
    for piece in draw(st.lists(st.sampled_from(PIECES), max_size=4)):
        text.append(piece, style=draw(st.sampled_from(STYLES)))
    return text


@settings(max_examples=3000, deadline=None)
@given(cell=cells(), width=st.integers(1, 40), pad=st.integers(0, 2),
       pre=st.sampled_from(STYLES), post=st.sampled_from(STYLES))
def test_the_same_segments_as_the_datatables_own_rendering(cell, width, pad, pre, post):
    pre_style, post_style = Style.parse(pre or "none"), Style.parse(post or "none")
    fast = cell_lines(CONSOLE, OPTIONS.update_dimensions(width, 1).update(no_wrap=True), cell, width, pad,
                      pre_style, post_style)
    if fast is not None:
        assert fast == general(cell, width, pad, pre_style, post_style)


def test_the_queue_cells_take_the_fast_path():
    cell = Text("Sicherheitslücke? Bestellbestätigung zeigt fremde Daten", style="bold", no_wrap=True,
                overflow="ellipsis")
    assert cell_lines(CONSOLE, OPTIONS, cell, 30, 1, Style.null(), Style.null()) is not None


def test_the_datatable_method_it_replaces_still_has_its_shape():
    """TicketTable._render_cell stands in for DataTable's (textual <9): a Textual that changed it fails here."""
    params = list(inspect.signature(DataTable._render_cell).parameters)
    assert params == ["self", "row_index", "column_index", "base_style", "width", "cursor", "hover"]
    source = inspect.getsource(DataTable._render_cell)
    assert "Styled(" in source and "Padding(cell, (0, self.cell_padding))" in source
    assert "self._update_count" in source and "self._pseudo_class_state" in source
