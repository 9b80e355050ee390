"""The queue table: a window of at most ``window`` rows over a queue of any size.

The table never holds the whole queue. It keeps the total (``count_tickets``)
and the rows of one page around the cursor, with each row's key; moving the
cursor past the window asks :attr:`loader` (run in a worker thread) for the
rows after the last one held (or before the first, or the first or last page),
by key, never by OFFSET: PgDn and End on a million tickets cost what they cost
on a hundred. The position (``window_offset + cursor``) is counted from the
moves, exact from Home or End, and is what the total and the keys say it is.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import work
from textual.widgets import DataTable

from agent_tui.i18n import N_, _
from agent_tui.messages import TicketSelected
from agent_tui.services.ticket_queries import PageKey, PageRequest, QueuePage
from agent_tui.services.views import TicketRow
from agent_tui.widgets import labels
from agent_tui.widgets.countdown import countdown_text, sla_cell
from agent_tui.widgets.fast_cell import cell_lines
from agent_tui.widgets.safe import safe_line

COLUMNS = (
    ("number", "#", 5),
    ("subject", N_("Subject"), None),
    ("customer", N_("Customer"), 16),
    ("severity", N_("Severity"), 8),
    ("status", N_("Status"), 7),
    ("tier", N_("Tier"), 4),
    ("assignee", N_("Assignee"), 8),
    ("sla", N_("SLA"), 14),  # "upd ⏸ 16h 00m": the clock that matters now, then its countdown ("upd⚠…": warning)
    ("auto", N_("Auto"), 9),
)
SEVERITY_STYLE = {"critical": "bold red", "moderate": "yellow", "general_question": ""}
# A narrow terminal (80 columns, a split pane) drops these first, in this order, to keep the subject
# readable; the number, subject, severity, the SLA countdown and the auto-close column always stay.
DROP_ORDER = ("customer", "assignee", "tier", "status")
MIN_SUBJECT = 20

Loader = Callable[[PageRequest], QueuePage | None]  # None: nothing to show


def column_widths() -> dict[str, int | None]:
    """Each column's width: the English layout's, widened where the agent's language needs more for a
    header or a status, severity or tier word (English: exactly the widths above)."""
    words = {"status": [labels.status(s) for s in labels.STATUS],
             "severity": [labels.severity_short(s) for s in labels.SEVERITY_SHORT],
             "tier": [labels.tier_short(t) for t in labels.TIER_SHORT]}
    out: dict[str, int | None] = {}
    for key, label, width in COLUMNS:
        if width is None:
            out[key] = None
            continue
        need = [cell_len(_(label) if label != "#" else label), *(cell_len(w) for w in words.get(key, ()))]
        out[key] = max(width, *need)
    return out


def visible_columns(width: int, widths: dict[str, int | None]) -> list[str]:
    """The columns shown at ``width`` cells: all, or without the first of :data:`DROP_ORDER` until the
    subject gets :data:`MIN_SUBJECT` cells (the SLA and auto columns are never cut)."""
    shown = [key for key, _label, _width in COLUMNS]
    for dropped in (None, *DROP_ORDER):
        if dropped is not None:
            shown.remove(dropped)
        if width - _fixed(shown, widths) >= MIN_SUBJECT:
            break
    return shown


def _fixed(shown: list[str], widths: dict[str, int | None]) -> int:
    """Cells taken by every shown column but the subject: widths plus one cell of padding each side."""
    return sum(widths[k] or 0 for k in shown) + 2 * len(shown) + 1


def _same(shown: object, cell: Text) -> bool:
    """The same text in the same styles (``Text.__eq__`` leaves the base style out)."""
    return (isinstance(shown, Text) and shown.plain == cell.plain and shown.style == cell.style
            and shown.spans == cell.spans)


class TicketTable(DataTable):
    """A DataTable over a window of the queue; ``total`` rows exist, ``offset`` is the first one held."""

    def __init__(self, loader: Loader, now: Callable[[], datetime], *, window: int = 100, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.loader = loader
        self.now = now
        self.window_size = window
        self.total = 0
        self.window_offset = 0
        self.rows_data: list[TicketRow] = []
        self.keys: list[PageKey] = []
        self._pending_target: int | None = None
        self._prewarm_timer = None
        self._prewarm_run = 0  # a newer move or page stops an older pre-render between its chunks
        self._layout: tuple[tuple[str, ...], int] = (tuple(key for key, _l, _w in COLUMNS), 30)  # set on mount

    def on_mount(self) -> None:
        self._layout = self._columns_for(self.app.size.width)
        self._add_columns()

    def _columns_for(self, width: int) -> tuple[tuple[str, ...], int]:
        widths = column_widths()
        shown = visible_columns(width, widths)
        return tuple(shown), max(14, width - _fixed(shown, widths))

    def _add_columns(self) -> None:
        widths = column_widths()
        shown, subject = self._layout
        for key, label, _width in COLUMNS:
            if key in shown:
                self.add_column(_(label) if label != "#" else label, key=key, width=widths[key] or subject)

    def on_resize(self) -> None:
        """Wider or narrower: columns come and go by :data:`DROP_ORDER`, the subject takes the rest."""
        layout = self._columns_for(self.app.size.width)
        if layout != self._layout:
            self._layout = layout
            keep = self.cursor_row
            self.clear(columns=True)
            self._add_columns()
            now = self.now()
            for row in self.rows_data:
                self.add_row(*self._cells(row, now), key=str(row.number))
            if self.rows_data:
                self.move_cursor(row=max(0, min(keep, len(self.rows_data) - 1)), animate=False)

    # ------------------------------------------------------------ position

    @property
    def position(self) -> int:
        """Absolute index of the cursor in the whole queue."""
        return self.window_offset + max(0, self.cursor_row)

    @property
    def current(self) -> TicketRow | None:
        i = self.cursor_row
        return self.rows_data[i] if 0 <= i < len(self.rows_data) else None

    def goto(self, target: int) -> None:
        """Put the cursor on queue index ``target``, fetching another window by key when it is outside
        this one: the first or last page, or the rows after the last (before the first) row held,
        skipping at most the distance moved."""
        if self.total <= 0:
            return
        target = max(0, min(target, self.total - 1))
        held = len(self.rows_data)
        if self.window_offset <= target < self.window_offset + held:
            self.move_cursor(row=target - self.window_offset)
            self.schedule_prewarm()
            return
        size, half = self.window_size, self.window_size // 2
        if target == 0 or not held:
            self.load(PageRequest(limit=size), 0, target)
        elif target >= self.total - 1:
            self.load(PageRequest(limit=size, last=True), max(0, self.total - size), target)
        elif target >= self.window_offset + held:  # forward: a window that starts half a window before the target
            first = max(self.window_offset, target - half)
            if first < self.window_offset + held:
                self.load(PageRequest(limit=size, start=self.keys[first - self.window_offset]), first, target)
            else:
                last_held = self.window_offset + held - 1
                self.load(PageRequest(limit=size, after=self.keys[-1], skip=first - last_held - 1), first, target)
        else:  # backward: a window that ends half a window after the target
            end = min(self.window_offset + held - 1, target + half + 1)  # exclusive: a row held, read before it
            if end > self.window_offset:
                self.load(PageRequest(limit=size, before=self.keys[end - self.window_offset]), end - size, target)
            else:
                self.load(PageRequest(limit=size, before=self.keys[0], skip=self.window_offset - end), end - size,
                          target)

    def load(self, request: PageRequest, offset: int, target: int | None = None) -> None:
        """Fetch ``request`` (a window expected to start at queue index ``offset``) and put the cursor on
        ``target``."""
        self._pending_target = target
        self._fetch(request, offset, target)

    @work(thread=True, exclusive=True, group="ticket-window")
    def _fetch(self, request: PageRequest, offset: int, target: int | None) -> None:
        page = self.loader(request)
        if page is not None:
            self.app.call_from_thread(self.show_page, page, offset, target, request)

    def show_page(self, page: QueuePage, offset: int, target: int | None = None,
                  request: PageRequest | None = None) -> None:
        """A window read by key, expected at queue index ``offset``. Where it ran into the start or the
        end of the queue, that fixes its place and the total (the queue may have changed meanwhile)."""
        r = request or PageRequest()
        backward = r.before is not None or r.last
        if backward and not page.more_before:  # these are the queue's first rows
            offset = 0
        elif r.last:
            offset = self.total - len(page.rows)
        offset = max(0, offset)
        if r.last or (not backward and not page.more_after):  # the queue ends with these rows
            self.total = offset + len(page.rows)
        self.show_rows(offset, page.rows, target, page.keys)

    def show_rows(self, offset: int, rows: list[TicketRow], target: int | None = None,
                  keys: list[PageKey] | None = None) -> None:
        """Replace the window with ``rows`` starting at queue index ``offset``."""
        keep = self.current.number if target is None and self.current else None
        self.window_offset = offset
        self.rows_data = list(rows)
        self.keys = list(keys) if keys is not None else [()] * len(rows)
        self.clear()
        now = self.now()
        for row in rows:
            self.add_row(*self._cells(row, now), key=str(row.number))
        if not rows:
            return
        if target is not None:
            self.move_cursor(row=max(0, min(target - offset, len(rows) - 1)), animate=False)
        elif keep is not None:
            index = next((i for i, r in enumerate(rows) if r.number == keep), 0)
            self.move_cursor(row=index, animate=False)
        self.schedule_prewarm()

    # ------------------------------------------------------------ pre-render while the agent reads

    PREWARM_AFTER = 0.2  # seconds without a move before the next pages' cells are rendered
    PREWARM_CHUNK = 4  # rows per event-loop turn: a key pressed meanwhile waits for at most one chunk

    def schedule_prewarm(self) -> None:
        """After the cursor or the window settled: render the cells of the page below and the page above the
        view ahead of time, a few rows per turn of the event loop, so PgDn/PgUp find them in DataTable's cell
        cache (the same cache and keys a real render uses; a page's ~300 new cells are most of a PgDn)."""
        self._prewarm_run += 1
        if self._prewarm_timer is not None:
            self._prewarm_timer.stop()
        self._prewarm_timer = self.set_timer(self.PREWARM_AFTER, self._start_prewarm)

    def _start_prewarm(self) -> None:
        self._prewarm_timer = None
        height = self.size.height
        if not self.rows_data or height <= 0:
            return
        top = int(self.scroll_offset.y)
        count = self.row_count
        ahead = [*range(top + height - 1, min(count, top + 2 * height)), *range(max(0, top - height), top)]
        self._prewarm_chunk(self._prewarm_run, ahead)

    def _prewarm_chunk(self, run: int, rows: list[int]) -> None:
        if run != self._prewarm_run or not self.is_mounted:
            return  # the cursor moved or a new page came: a newer pre-render is on its way
        for index in rows[:self.PREWARM_CHUNK]:
            if index < self.row_count:
                self._render_line_in_row(self._row_locations.get_key(index), 0, self.rich_style,
                                         cursor_location=self.cursor_coordinate,
                                         hover_location=self.hover_coordinate)
        if rows[self.PREWARM_CHUNK:]:
            self.call_later(self._prewarm_chunk, run, rows[self.PREWARM_CHUNK:])

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                     cursor: bool = False, hover: bool = False):
        """DataTable's cell rendering (same cache, same key, same styles) with a one-pass render of the
        queue's one-line Text cells (widgets/fast_cell.py; the same segments, a third of the time). Headers,
        labels and anything the fast path declines go to DataTable's own."""
        if row_index < 0 or column_index < 0:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        cache_key = (row_key, column_key, base_style, cursor, hover, self._show_hover_cursor, self._update_count,
                     self._pseudo_class_state)
        cached = self._cell_render_cache.get(cache_key)
        if cached is not None:
            return cached
        row = self.rows[row_key]
        cells = self._get_row_renderables(row_index).cells
        if row.height != 1 or column_index >= len(cells):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        component_style, post_style = self._get_styles_to_render_cell(
            False, False, row_index < self.fixed_rows or column_index < self.fixed_columns, hover, cursor,
            self.show_cursor, self._show_hover_cursor, self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css")
        pre_style = base_style + Style.from_meta({"row": row_index, "column": column_index}) + component_style
        lines = cell_lines(self.app.console, self.app.console_options, cells[column_index], width,
                           self.cell_padding, pre_style, post_style)
        if lines is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        self._cell_render_cache[cache_key] = lines
        return lines

    def _cells(self, row: TicketRow, now: datetime) -> list[Text]:
        cells = {
            "number": Text(str(row.number), style="bold", no_wrap=True),
            "subject": safe_line(row.subject, 300),
            "customer": safe_line(row.customer or row.company, 80),
            "severity": Text(labels.severity_short(row.severity), style=SEVERITY_STYLE.get(row.severity, "")),
            "status": Text(labels.status(row.status), no_wrap=True),
            "tier": Text(labels.tier_short(row.tier), no_wrap=True),
            "assignee": safe_line(row.assignee or "—", 40, style="" if row.assignee else "dim"),
            "sla": sla_cell(row, now),
            "auto": countdown_text(row.auto, now),
        }
        return [cells[key] for key in self._layout[0]]

    def tick(self) -> None:
        """Refresh the countdown cells from stored deadlines (no query). Only the cells whose text changed
        are updated: any update makes the DataTable render every visible cell again, so a tick that changed
        nothing (a minute's countdown within its minute) costs no repaint at all."""
        now = self.now()
        for row in self.rows_data:
            key = str(row.number)
            for column, cell in (("sla", sla_cell(row, now)), ("auto", countdown_text(row.auto, now))):
                try:
                    if not _same(self.get_cell(key, column), cell):
                        self.update_cell(key, column, cell)
                except Exception:  # the row left the window meanwhile
                    break

    # ------------------------------------------------------------ keys (override DataTable's)

    def action_cursor_down(self) -> None:
        self.goto(self.position + 1)

    def action_cursor_up(self) -> None:
        self.goto(self.position - 1)

    def action_page_down(self) -> None:
        self.goto(self.position + max(1, self.size.height - 2))

    def action_page_up(self) -> None:
        self.goto(self.position - max(1, self.size.height - 2))

    def action_scroll_home(self) -> None:
        self.goto(0)

    def action_scroll_end(self) -> None:
        self.goto(self.total - 1)

    action_scroll_top = action_scroll_home
    action_scroll_bottom = action_scroll_end

    def action_select_cursor(self) -> None:
        row = self.current
        if row is not None:
            self.post_message(TicketSelected(row.number))
