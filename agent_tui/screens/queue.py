"""The queue (home screen): tickets by urgency, paged from the database, filters and saved views."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.reactive import var
from textual.widgets import Header, Input, Static

from agent_tui.domain.escalation import Tier
from agent_tui.domain.lifecycle import Status
from agent_tui.domain.severity import Severity
from agent_tui.errors import AgentTuiError, NotFound
from agent_tui.messages import TicketSelected, TicketsChanged
from agent_tui.services import ticket_actions as ta
from agent_tui.services import ticket_queries as tq
from agent_tui.screens.base import AgentScreen
from agent_tui.services.context import Context
from agent_tui.services.saved_views import SavedViews
from agent_tui.services.ticket_queries import PageRequest, QueueFilter, QueuePage
from agent_tui.services.views import TicketRow
from agent_tui.i18n import _, ngettext, number as fmt_number
from agent_tui.widgets import labels
from agent_tui.widgets.modals import Field, FormModal
from agent_tui.widgets.safe import safe_line
from agent_tui.widgets.ticket_table import TicketTable
from agent_tui.widgets.footer import KeyFooter

ACTIVE = QueueFilter().statuses
def status_choices() -> list[tuple[str, str]]:
    return [(_("active (new, open, pending, on hold)"), "active"),
            *[(labels.status(s.value), s.value) for s in Status],
            (_("any status"), "any")]


def severity_choices() -> list[tuple[str, str]]:
    return [(_("any severity"), "any"), *[(labels.severity(s.value), s.value) for s in Severity]]


def describe(f: QueueFilter, actor: str) -> str:
    parts = []
    parts.append(_("active") if f.statuses == ACTIVE else
                 (", ".join(labels.status(s) for s in f.statuses) if f.statuses else _("any status")))
    if f.severities:
        parts.append(_("severity {names}").format(names=", ".join(labels.severity(s) for s in f.severities)))
    if f.tiers:
        parts.append(", ".join(labels.tier(t) for t in f.tiers if t in Tier._value2member_map_))
    if f.assignee == actor:
        parts.append(_("mine"))
    elif f.assignee == "":
        parts.append(_("unassigned"))
    elif f.assignee:
        parts.append(_("assigned to {agent}").format(agent=f.assignee))
    if f.text:
        parts.append(_("text “{text}”").format(text=f.text))
    if f.order == "arrival":
        parts.append(_("oldest first"))
    return " · ".join(parts)


class QueueScreen(AgentScreen):
    """Tickets sorted by urgency or by arrival (in SQL); only a window of rows is ever loaded, by key.

    ``filter`` is reactive: setting it shows the filter bar and reloads the first window.
    """

    KEY_TABLE = "queue"
    CSS_PATH = "queue.tcss"
    WINDOW = 100
    LIVE = True  # receives TicketsChanged from the app's watcher
    LIVE_DELAY = 0.15  # seconds: a burst of changes becomes one reload

    filter: var[QueueFilter] = var(QueueFilter, init=False, always_update=True)

    def __init__(self, ctx: Context, *, window: int | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.window = window or self.WINDOW
        self.total: int | None = None
        self._live_timer = None
        self._shown: QueueFilter | None = None  # the filter whose rows (and keys) the table holds

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=_("filter: subject, customer, company or #number — enter applies, esc cancels"),
                    id="filter-input")
        yield Static(id="filter-bar")
        yield TicketTable(self._page, self.ctx.clock.now, window=self.window, id="tickets")
        yield Static(Text(_("No tickets match this filter. esc clears it.")), id="empty")
        yield KeyFooter()

    @property
    def table(self) -> TicketTable:
        return self.query_one(TicketTable)

    def on_mount(self) -> None:
        self.title = _("Queue")
        self._show_filter()
        self.table.focus()
        self.reload(keep=False)

    def on_screen_resume(self) -> None:
        if self.is_mounted and self.total is not None and self.query(TicketTable):
            self.reload()

    # ------------------------------------------------------------ data

    def _page(self, request: PageRequest) -> QueuePage | None:
        """Called by the table from a worker thread; None when there is nothing to show (an error, or the
        filter changed under it: its keys belong to the rows it held, and a reload is on its way)."""
        f = self.filter
        if f != self._shown:
            return None
        try:
            return tq.queue_page(self.ctx, f, request)
        except AgentTuiError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return None

    def reload(self, *, keep: bool = True) -> None:
        """Fetch the window (when ``keep``, from the first row held, unless that is the queue's first) and
        the total again."""
        table = self.table
        if keep and self._shown == self.filter and table.keys and table.window_offset > 0:
            self._load(self.filter, PageRequest(limit=self.window, start=table.keys[0]), table.window_offset, keep)
        else:  # from the top (also when the window is there: a new urgent ticket comes in above its first row)
            self._load(self.filter, PageRequest(limit=self.window), 0, keep)

    def refresh_data(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="queue-load")
    def _load(self, f: QueueFilter, request: PageRequest, offset: int, keep: bool) -> None:
        try:
            page = tq.queue_page(self.ctx, f, request)
            if not page.rows and request.start is not None:  # everything from the first row held on is gone
                request = PageRequest(limit=self.window, last=True)
                page = tq.queue_page(self.ctx, f, request)
            self.app.call_from_thread(self._rows_loaded, f, page, offset, keep, request)
            total = tq.count_tickets(self.ctx, f)
        except AgentTuiError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        self.app.call_from_thread(self._total_loaded, f, total)

    def _rows_loaded(self, f: QueueFilter, page: QueuePage, offset: int, keep: bool, request: PageRequest) -> None:
        if f != self.filter or not self.query(TicketTable):  # gone: the app is closing
            return
        table = self.table
        self._shown = f
        if keep and self.total is not None and offset == table.window_offset and page.rows == table.rows_data:
            table.keys = list(page.keys)
            return  # nothing visible changed: no repaint, the cursor stays put
        if self.total is None or not keep:
            table.total = offset + len(page.rows)
        table.show_page(page, offset, None if keep else 0, request)
        self.query_one("#empty").set_class(not page.rows, "visible")

    def _total_loaded(self, f: QueueFilter, total: int) -> None:
        if f != self.filter or not self.query(TicketTable):
            return
        self.total = total
        self.table.total = total
        queue_shown = getattr(self.app, "queue_shown", None)
        if queue_shown is not None:  # the app's first sweep waits for this first page
            queue_shown()
        self.title = ngettext("Queue — {count} ticket", "Queue — {count} tickets", total).format(
            count=fmt_number(total))

    def tick(self) -> None:
        self.table.tick()

    def _show_filter(self) -> None:
        text = Text(_("filter: "), style="bold")
        text.append_text(safe_line(describe(self.filter, self.ctx.actor), 300))
        self.query_one("#filter-bar", Static).update(text)

    def set_filter(self, f: QueueFilter) -> None:
        self.filter = f

    def watch_filter(self, f: QueueFilter) -> None:
        self.total = None
        self._show_filter()
        self.reload(keep=False)

    # ------------------------------------------------------------ moving

    def action_cursor_down(self) -> None:
        self.table.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.table.action_cursor_up()

    def action_page_down(self) -> None:
        self.table.action_page_down()

    def action_page_up(self) -> None:
        self.table.action_page_up()

    def action_first(self) -> None:
        self.table.goto(0)

    def action_last(self) -> None:
        self.table.goto(self.table.total - 1)

    def action_open(self) -> None:
        row = self.table.current
        if row is not None:
            self.post_message(TicketSelected(row.number))

    @on(TicketSelected)
    def _open(self, event: TicketSelected) -> None:
        event.stop()
        self.app.open_ticket(event.number)

    @on(TicketsChanged)
    def _live_changed(self, event: TicketsChanged) -> None:
        """Another client changed tickets: reload the current window (the cursor stays on its ticket)."""
        event.stop()
        if self._live_timer is None:
            self._live_timer = self.set_timer(self.LIVE_DELAY, self._live_reload)

    def _live_reload(self) -> None:
        self._live_timer = None
        if self.is_mounted and self.total is not None and self.query(TicketTable):
            self.reload()

    # ------------------------------------------------------------ filters

    def action_filter_text(self) -> None:
        box = self.query_one("#filter-input", Input)
        box.value = self.filter.text
        box.add_class("visible")
        box.focus()

    @on(Input.Submitted, "#filter-input")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        """Text filters the queue; a ticket number (``#1234`` or ``1234``) opens that ticket, whatever the filter."""
        event.stop()
        self._hide_input()
        typed = event.value.strip()
        number = tq.ticket_number_in(typed)
        if number is not None:
            self._jump(number, typed)
            return
        self.set_filter(replace(self.filter, text=typed))

    @work(thread=True, exclusive=True, group="queue-jump")
    def _jump(self, number: int, typed: str) -> None:
        try:
            detail = tq.get_ticket(self.ctx, number)
        except NotFound:
            self.app.call_from_thread(self._no_such_ticket, number, typed)
            return
        except AgentTuiError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        self.app.call_from_thread(self.app.open_ticket, number, detail)

    def _no_such_ticket(self, number: int, typed: str) -> None:
        if typed.startswith("#"):
            self.app.notify(_("No ticket #{number}.").format(number=number), title=_("Find ticket"),
                            severity="warning", markup=False)
            return
        # A bare number may be part of a subject ("error 404"): say so, then filter by it as text.
        self.app.notify(_("No ticket #{number}; showing tickets whose subject mentions {text}.").format(
            number=number, text=typed), title=_("Find ticket"), severity="warning", markup=False)
        self.set_filter(replace(self.filter, text=typed))

    def _hide_input(self) -> bool:
        box = self.query_one("#filter-input", Input)
        if not box.has_class("visible"):
            return False
        box.remove_class("visible")
        self.table.focus()
        return True

    def action_clear_filters(self) -> None:
        if self._hide_input():
            return
        if self.filter != QueueFilter(order=self.filter.order):  # the order is not a filter: it stays
            self.set_filter(QueueFilter(order=self.filter.order))

    def action_toggle_mine(self) -> None:
        mine = self.filter.assignee == self.ctx.actor
        self.set_filter(replace(self.filter, assignee=None if mine else self.ctx.actor))

    def action_order(self) -> None:
        """Urgency (most urgent first) or arrival (oldest first, seed 002), with the same filters."""
        self.set_filter(replace(self.filter, order="urgency" if self.filter.order == "arrival" else "arrival"))

    def action_tier(self, tier: str) -> None:
        tiers = () if self.filter.tiers == (tier,) else (tier,)
        self.set_filter(replace(self.filter, tiers=tiers))

    def action_filter_status(self) -> None:
        f = self.filter
        status = "active" if f.statuses == ACTIVE else ("any" if not f.statuses else f.statuses[0])
        severity = f.severities[0] if f.severities else "any"
        fields = [Field("status", _("Status"), "select", status, status_choices()),
                  Field("severity", _("Severity"), "select", severity, severity_choices())]

        def done(values: dict | None) -> None:
            if not values:
                return
            st = values.get("status") or "active"
            sv = values.get("severity") or "any"
            statuses = ACTIVE if st == "active" else (() if st == "any" else (str(st),))
            severities = () if sv == "any" else (str(sv),)
            self.set_filter(replace(self.filter, statuses=statuses, severities=severities))

        self.app.push_screen(FormModal(_("Filter the queue"), fields, ok=_("Apply")), done)

    def action_save_view(self) -> None:
        def done(values: dict | None) -> None:
            name = str((values or {}).get("name") or "").strip()
            if not name:
                return
            try:
                name = self.views.save(name, self.filter)
            except AgentTuiError as exc:
                self.app.show_error(exc)
                return
            except OSError as exc:
                self.app.notify(_("Could not save the view: {why}").format(why=exc), title=_("Saved views"),
                                severity="error", markup=False)
                return
            self.app.notify(_("Saved view “{name}”.").format(name=name), title=_("Saved views"), markup=False)

        self.app.push_screen(FormModal(_("Save the current filter as a view"),
                                       [Field("name", _("Name"), placeholder=_("e.g. my critical"))], ok=_("Save")),
                             done)

    @property
    def views(self) -> SavedViews:
        return self.app.saved_views

    def action_load_view(self) -> None:
        views = self.views.all()
        for problem in self.views.problems:  # a hand edit gone wrong: say where, show the good ones
            self.app.notify(problem, title=_("Saved views"), severity="warning", timeout=10)
        if not views:
            self.app.notify(_("No saved views yet: set a filter and press w to save it."), title=_("Saved views"),
                            markup=False)
            return
        first = next(iter(views))
        fields = [Field("name", _("View"), "select", first, [(n, n) for n in views])]

        def done(values: dict | None) -> None:
            name = (values or {}).get("name")
            if name in views:
                self.apply_view(str(name))

        self.app.push_screen(FormModal(_("Recall a saved view"), fields, ok=_("Show")), done)

    def apply_view(self, name: str) -> None:
        view = self.views.get(name)
        if view is not None:
            self.set_filter(view)

    # ------------------------------------------------------------ actions

    def action_reload(self) -> None:
        self.reload()

    def action_take_next(self) -> None:
        self._take_next()

    @work(thread=True, exclusive=True, group="queue-action")
    def _take_next(self) -> None:
        try:
            detail = ta.take_next(self.ctx)
        except AgentTuiError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        if detail is None:
            self.app.call_from_thread(self.app.notify, _("No unassigned ticket waits in your tier."),
                                      title=_("Take next"), markup=False)
            return
        self.app.call_from_thread(self.app.open_ticket, detail.number, detail)

    def action_assign_me(self) -> None:
        row = self.table.current
        if row is not None:
            self._assign(row.number, row.version)

    @work(thread=True, exclusive=True, group="queue-action")
    def _assign(self, number: int, version: int) -> None:
        try:
            ta.assign(self.ctx, number, expected_version=version)
        except AgentTuiError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            self.app.call_from_thread(self.reload)
            return
        self.app.call_from_thread(self.app.notify, _("Ticket #{number} is yours.").format(number=number),
                                  title=_("Assigned"), markup=False)
        self.app.call_from_thread(self.reload)

    def action_new_ticket(self) -> None:
        self.app.action_new_ticket()

    def action_kb(self) -> None:
        self.app.action_kb()

    def action_report(self) -> None:
        from agent_tui.screens.report import ReportScreen

        self.app.push_screen(ReportScreen(self.ctx))
