"""Escalation (seed 003): hand a ticket to the next tier with everything it needs, or back to Tier 1.

Two screens live here:

* :class:`EscalationScreen` — the hand-over form. It never decides what is
  missing by itself once a criterion is chosen: the service's
  :class:`~agent_tui.errors.MissingRequiredInfo` is the truth, and its list is
  printed *in the form* (a toast alone is easy to miss mid-call).
* :class:`TierBoardScreen` — Tier 1 / Tier 2 / Engineering side by side, one
  bounded query per tier, countdowns ticking locally from stored deadlines.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Input, Label, Select, Static, TextArea
from textual.worker import get_current_worker

from agent_tui.domain import checklist as cl
from agent_tui.domain import escalation as esc
from agent_tui.domain.escalation import CRITERIA, Handover, Tier
from agent_tui.errors import AgentTuiError, MissingRequiredInfo, StaleTicket
from agent_tui.screens.base import AgentModal, AgentScreen
from agent_tui.services import drafts
from agent_tui.services import ticket_actions as ta
from agent_tui.services import ticket_queries as tq
from agent_tui.services.context import Context
from agent_tui.services.views import TicketDetail, TicketRow
from agent_tui.i18n import _, ngettext
from agent_tui.widgets import labels
from agent_tui.widgets.countdown import sla_cell
from agent_tui.widgets.drafts import DraftKeeper
from agent_tui.widgets.safe import safe_line
from agent_tui.widgets.modals import ask_to_discard, show_problems
from agent_tui.widgets.footer import KeyFooter

UP = "up"
DOWN = "down"

class EscalationScreen(AgentModal[TicketDetail | None]):
    """Escalate ticket ``number`` one tier up, or de-escalate it to Tier 1 (dismisses with the new detail).

    The hand-over text (every free-text field, the checklist entries too) is this agent's
    escalation draft on the ticket, kept in the store: Esc closes the form and keeps it, ``e``
    brings it back; sending or ctrl+g (after a confirmation) removes it. ``on_draft`` hears what
    the store will hold (the fields, or ``None``).
    """

    CSS_PATH = "escalation.tcss"
    KEY_TABLE = "escalation"

    def __init__(self, ctx: Context, number: int, *,
                 on_draft: Callable[[dict[str, str] | None], None] | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.number = number
        self.detail: TicketDetail | None = None
        self._sending = False
        # The hand-over fields, kept as widgets (on quit the draft is saved after they left the DOM),
        # and what was typed into the checklist inputs (those are rebuilt on every reload).
        self.texts: dict[str, TextArea] = {
            name: TextArea(id=f"esc-{name}", classes=f"handover{extra}")
            for name, extra in (("findings", ""), ("steps", ""), ("workaround", ""), ("logs", " logs"),
                                ("summary", ""))
        }
        self.checklist_typed: dict[str, str] = {}
        self.keeper = DraftKeeper(self, drafts.DraftSlot(ctx, number, drafts.ESCALATION), self._draft_fields,
                                  on_draft)

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(_("Escalate #{number}").format(number=self.number), style="bold"), id="esc-title")
            yield Static(Text(_("Loading the ticket…"), style="dim"), id="esc-tiers")
            with VerticalScroll(id="esc-form"):
                yield Label(_("Action"), classes="field-label")
                # the Select is mounted once the ticket says which ways it can go (no "(loading)" choice)
                yield Static(Text(_("Loading the ticket…"), style="dim"), id="esc-mode-loading")
                with Vertical(id="up-fields"):
                    yield Label(_("Criterion (why it needs the next tier)"), classes="field-label")
                    yield Select([], id="esc-criterion", prompt=_("Choose a criterion"))
                    yield Static("", id="esc-carried")  # where the hand-over's text came from, when carried
                    yield Label(_("Findings *"), classes="field-label")
                    yield self.texts["findings"]
                    yield Label(_("Steps taken *"), classes="field-label")
                    yield self.texts["steps"]
                    yield Label(_("Workaround"), classes="field-label")
                    yield self.texts["workaround"]
                    yield Label(_("Logs"), classes="field-label")
                    yield self.texts["logs"]
                    yield Label(_("Required-info checklist"), classes="field-label section")
                    yield Vertical(id="esc-checklist")
                with Vertical(id="down-fields"):
                    yield Label(_("Summary for Tier 1 to tell the customer *"), classes="field-label")
                    yield self.texts["summary"]
            yield Static("", id="esc-problems")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#down-fields").display = False
        self.query_one("#esc-carried").display = False
        self.load(first=True)

    def on_unmount(self) -> None:
        self.keeper.flush_now()

    # ------------------------------------------------------------ loading

    @work(thread=True, exclusive=True, group="esc-load")
    def load(self, first: bool = False) -> None:
        try:
            detail = tq.get_ticket(self.ctx, self.number)
            found = self.keeper.slot.load() if first else None
        except AgentTuiError as exc:
            self.app.call_from_thread(self._show_problems, exc.title, [exc.message])
            return
        if found:
            self.app.call_from_thread(self._restore, found)
        self.app.call_from_thread(self._apply_detail, detail)

    # ------------------------------------------------------------ the draft

    def _draft_fields(self) -> dict[str, str]:
        fields = {name: area.text for name, area in self.texts.items()}
        fields.update({f"check:{key}": value for key, value in self.checklist_typed.items()})
        return fields

    def _restore(self, found: dict[str, str]) -> None:
        """Fill the form from the kept draft; a field already typed into keeps what was typed."""
        for name, area in self.texts.items():
            if found.get(name) and not area.text:
                area.load_text(found[name])
        for key, value in found.items():
            if key.startswith("check:") and value and not self.checklist_typed.get(key[6:]):
                self.checklist_typed[key[6:]] = value
        for inp in self.query_one("#esc-checklist", Vertical).query(Input):
            if inp.name and not inp.value and self.checklist_typed.get(inp.name):
                inp.value = self.checklist_typed[inp.name]
        self.notify(_("Your kept hand-over draft is back in the form."), title=_("Draft restored"), markup=False)

    @on(TextArea.Changed, ".handover")
    def _text_changed(self) -> None:
        self.keeper.changed()

    @on(Input.Changed, ".check-input")
    def _check_changed(self, event: Input.Changed) -> None:
        if event.input.name and self.checklist_typed.get(event.input.name, "") != event.value:
            self.checklist_typed[event.input.name] = event.value
            self.keeper.changed()

    def action_discard(self) -> None:
        if self._sending:
            return
        ask_to_discard(self, self.keeper, _("Escalation"))

    async def _apply_detail(self, detail: TicketDetail) -> None:
        """Show ``detail``; fields the agent typed are kept (a reload never loses text)."""
        first = self.detail is None
        self.detail = detail
        current = Tier(detail.row.tier)
        target = esc.next_tier(current)
        title = Text(_("Escalate #{number}").format(number=detail.number) + "  ", style="bold")
        title.append_text(safe_line(detail.row.subject, 90))
        self.query_one("#esc-title", Static).update(title)
        tiers = Text.assemble((_("Current tier: "), "dim"), (labels.tier(current.value), "bold"))
        if target is not None:
            tiers.append_text(Text.assemble(("   →   " + _("target: "), "dim"), (labels.tier(target.value), "bold cyan")))
        tiers.append_text(Text("   " + _("status {status}, assignee {agent}").format(
            status=labels.status(detail.row.status), agent=detail.row.assignee or "—"), style="dim"))
        self.query_one("#esc-tiers", Static).update(tiers)

        options: list[tuple[str, str]] = []
        if target is not None:
            options.append((_("Escalate to {tier}").format(tier=labels.tier(target.value)), UP))
        if current is not Tier.TIER1:
            options.append((_("De-escalate to Tier 1 (Tier 1 tells the customer)"), DOWN))
        values = [v for _label, v in options]
        found = self.query("#esc-mode")
        if not found and options:
            await self.query_one("#esc-mode-loading").remove()
            await self.query_one("#esc-form").mount(
                Select(options, id="esc-mode", allow_blank=False, value=values[0]), after=0)
        elif found and options:
            mode = found.first(Select)
            keep = mode.value
            mode.set_options(options)
            mode.value = keep if keep in values else values[0]
        criterion = self.query_one("#esc-criterion", Select)
        if target is not None:
            keep_c = criterion.value
            criterion.set_options([(f"{labels.criterion(key)} ({key})", key) for key in CRITERIA[target]])
            if keep_c in CRITERIA[target]:
                criterion.value = keep_c
        await self._render_checklist(detail)
        if first and target is not None:
            self._carry_findings(detail)
        self._sync_mode()

    def _carry_findings(self, detail: TicketDetail) -> None:
        """Seed 003: each escalation carries all findings and steps taken — the last hand-over's text
        starts the next one (an agent's kept draft wins), to be extended instead of retyped."""
        earlier = [e for e in detail.escalations if e.direction == UP]
        if not earlier or any(self.texts[n].text.strip() for n in ("findings", "steps", "workaround", "logs")):
            return
        last = earlier[-1]
        for name, text in (("findings", last.findings), ("steps", last.steps_taken), ("workaround", last.workaround),
                           ("logs", last.logs)):
            if text:
                self.texts[name].load_text(text)
                self.texts[name].move_cursor(self.texts[name].document.end)  # type after it
        carried = self.query_one("#esc-carried", Static)
        carried.update(Text(_("The hand-over to {tier} by {agent} is in the form: add what you found.").format(
            tier=labels.tier(last.to_tier), agent=last.actor), style="italic dim"))
        carried.display = True

    async def _render_checklist(self, detail: TicketDetail) -> None:
        box = self.query_one("#esc-checklist", Vertical)
        typed = {inp.name: inp.value for inp in box.query(Input) if inp.name}
        await box.remove_children()  # before mounting rows with the same ids
        rows = []
        for field in detail.checklist_fields:
            key, label = field.key, field.shown
            value = (detail.checklist.get(key) or "").strip()
            if key not in detail.checklist_gaps:
                line = Text.assemble(("✓ ", "green"), (f"{label}: " if value else label, "dim"))
                line.append_text(safe_line(value, 80) if value else Text(_(" (a file is attached)"), style="italic dim"))
                rows.append(Static(line, classes="check-ok"))
            else:
                rows.append(Static(Text.assemble(("✗ ", "bold red"), (label, "bold")), classes="check-gap"))
                placeholder = (_("yes or no") if field.kind == cl.YES_NO
                               else _("attach a file (A) or say why there is none") if field.kind == cl.FILES
                               else _("enter {field}").format(field=label[:1].lower() + label[1:]))
                rows.append(Input(typed.get(key) or self.checklist_typed.get(key, ""), placeholder=placeholder, name=key, id=f"check-{key}",
                                  classes="check-input"))
        await box.mount_all(rows)

    @on(Select.Changed, "#esc-mode")
    def _mode_changed(self) -> None:
        self._sync_mode()

    def _mode(self) -> str | None:
        found = self.query("#esc-mode")
        return found.first(Select).value if found else None  # type: ignore[return-value]

    def _sync_mode(self) -> None:
        down = self._mode() == DOWN
        self.query_one("#up-fields").display = not down
        self.query_one("#down-fields").display = down
        if self.detail is not None:
            word = _("De-escalate #{number}") if down else _("Escalate #{number}")
            title = Text(word.format(number=self.detail.number) + "  ", style="bold")
            title.append_text(safe_line(self.detail.row.subject, 90))
            self.query_one("#esc-title", Static).update(title)

    # ------------------------------------------------------------ problems shown in the form

    def _show_problems(self, heading: str, lines: list[str]) -> None:
        show_problems(self.query_one("#esc-problems", Static), heading, lines)

    # ------------------------------------------------------------ actions

    def action_cancel(self) -> None:
        if self._sending:
            return
        self.keeper.flush()
        self.dismiss(None)

    def action_reload(self) -> None:
        self.load()

    def _checklist_edits(self) -> dict[str, str]:
        box = self.query_one("#esc-checklist", Vertical)
        return {inp.name: inp.value.strip() for inp in box.query(Input) if inp.name and inp.value.strip()}

    def action_send(self) -> None:
        if self.detail is None or self._sending:
            return
        mode = self._mode()
        if mode == DOWN:
            summary = self.query_one("#esc-summary", TextArea).text
            self._sending = True
            self.send_down(self.detail.version, summary)
            return
        ok, why = self.detail.allows("escalate")
        target = esc.next_tier(Tier(self.detail.row.tier))
        if not ok or target is None:
            self._show_problems(_("Cannot escalate"), [why])
            return
        handover = Handover(
            findings=self.query_one("#esc-findings", TextArea).text,
            steps_taken=self.query_one("#esc-steps", TextArea).text,
            workaround=self.query_one("#esc-workaround", TextArea).text,
            logs=self.query_one("#esc-logs", TextArea).text,
        )
        criterion = self.query_one("#esc-criterion", Select).value
        edits = self._checklist_edits()
        if criterion is Select.BLANK or not isinstance(criterion, str):
            # The service checks the criterion before the rest, so without one it would name only
            # that; list everything now with the same domain rules the service applies.
            missing = [_("criterion: choose why it needs {tier}").format(tier=labels.tier(target.value))]
            missing += [_("checklist: {field}").format(field=labels.checklist(k))
                        for k in self.detail.checklist_gaps if not edits.get(k)]
            missing += [_("hand-over: {field}").format(field=labels.handover_field(g)) for g in handover.gaps()]
            self._refused(missing)
            return
        self._sending = True
        self.send_up(self.detail.version, target.value, criterion, handover, edits)

    def _refused(self, missing: list[str]) -> None:
        self._show_problems(_("Not sent — missing:"), missing)
        self.notify(ngettext("Escalation refused: {count} item(s) missing (listed in the form).",
                             "Escalation refused: {count} item(s) missing (listed in the form).",
                             len(missing)).format(count=len(missing)),
                    title=_("Information missing"), severity="warning", markup=False)

    @work(thread=True, exclusive=True, group="esc-send")
    def send_up(self, version: int, target: str, criterion: str, handover: Handover, edits: dict[str, str]) -> None:
        try:
            if edits:
                # Save what the agent filled in first, so the escalation sees it (and it is kept on refusal).
                saved = ta.update_checklist(self.ctx, self.number, edits, expected_version=version)
                version = saved.version
                self.app.call_from_thread(self._apply_detail, saved)
            detail = ta.escalate(self.ctx, self.number, target, criterion, handover, expected_version=version)
        except BaseException as exc:  # noqa: BLE001 - every failure is shown, the form stays filled
            self.app.call_from_thread(self._failed, exc)
            return
        self.keeper.sent()  # right after the escalation was committed
        self.app.call_from_thread(self._done, detail)

    @work(thread=True, exclusive=True, group="esc-send")
    def send_down(self, version: int, summary: str) -> None:
        try:
            detail = ta.deescalate(self.ctx, self.number, summary, expected_version=version)
        except BaseException as exc:  # noqa: BLE001
            self.app.call_from_thread(self._failed, exc)
            return
        self.keeper.sent()
        self.app.call_from_thread(self._done, detail)

    def _done(self, detail: TicketDetail) -> None:
        self._sending = False
        self.keeper.sent_ui()
        self.dismiss(detail)

    def _failed(self, exc: BaseException) -> None:
        self._sending = False
        self.keeper.flush()  # everything typed stays in the form and in the store
        if isinstance(exc, MissingRequiredInfo):
            self._refused(exc.missing)
        elif isinstance(exc, StaleTicket):
            self._show_problems(exc.title, [exc.message])
            self.notify(exc.message, title=exc.title, severity="warning", markup=False)
            self.load()  # newest version; everything typed stays in the fields
        elif isinstance(exc, AgentTuiError):
            self._show_problems(exc.title, [exc.message])
            self.notify(exc.message, title=exc.title, severity="error", markup=False)
        else:
            self._show_problems(_("Not sent"), [f"{type(exc).__name__}: {exc}"])
            self.notify(_("Not sent; your text is kept."), title=_("Error"), severity="error", markup=False)


# ---------------------------------------------------------------------------- the tier board

BOARD_LIMIT = 200  # per tier: a bounded page, never the whole table
REQUERY_SECONDS = 10.0


class TierBoardScreen(AgentScreen[int | None]):
    """Open tickets per tier; enter dismisses with the selected ticket number."""

    CSS_PATH = "escalation.tcss"
    KEY_TABLE = "board"

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.rows: dict[Tier, list[TicketRow]] = {tier: [] for tier in Tier}

    def compose(self) -> ComposeResult:
        yield Static(Text(_("Tickets by tier"), style="bold"), id="board-title")
        with Horizontal(id="board"):
            for tier in Tier:
                with Vertical(classes="tier-column", id=f"col-{tier.value}"):
                    yield Label(labels.tier(tier.value), id=f"head-{tier.value}", classes="tier-head")
                    table: DataTable = DataTable(id=f"table-{tier.value}", cursor_type="row", zebra_stripes=True)
                    yield table
        yield KeyFooter()

    def on_mount(self) -> None:
        for tier in Tier:
            table = self.query_one(f"#table-{tier.value}", DataTable)
            # One cell of two lines per ticket: number, countdown and assignee, then the subject across
            # the whole column — a third of 120 columns leaves no room for a subject beside the rest.
            table.add_column(_("Ticket, SLA, assignee · subject"), key="ticket", width=self._cell_width(table))
        self.query_one(f"#table-{Tier.TIER1.value}", DataTable).focus()
        self.refresh_rows()
        self.set_interval(REQUERY_SECONDS, self.refresh_rows)

    @work(thread=True, exclusive=True, group="board-load")
    def refresh_rows(self) -> None:
        worker = get_current_worker()
        fetched: dict[Tier, list[TicketRow]] = {}
        try:
            for tier in Tier:
                fetched[tier] = tq.list_tickets(self.ctx, tq.QueueFilter(tiers=(tier.value,)), limit=BOARD_LIMIT)
        except AgentTuiError as exc:
            self.app.call_from_thread(self.notify, exc.message, title=exc.title, severity="error", markup=False)
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._fill, fetched)

    def _fill(self, fetched: dict[Tier, list[TicketRow]]) -> None:
        now = self.ctx.clock.now()
        for tier, rows in fetched.items():
            self.rows[tier] = rows
            table = self.query_one(f"#table-{tier.value}", DataTable)
            selected = None
            if table.row_count and table.cursor_row >= 0:
                try:
                    selected = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
                except Exception:  # noqa: BLE001 - cursor outside the old rows
                    selected = None
            table.clear()
            for row in rows:
                table.add_row(self._cell(row, now), key=str(row.number), height=2)
            if selected is not None and selected in table.rows:
                table.move_cursor(row=table.get_row_index(selected))
            more = "+" if len(rows) >= BOARD_LIMIT else ""
            self.query_one(f"#head-{tier.value}", Label).update(Text(f"{labels.tier(tier.value)} ({len(rows)}{more})"))

    @staticmethod
    def _cell_width(table: DataTable) -> int:
        # the column's inner width, less the cell padding and a vertical scrollbar (no horizontal scrolling)
        return max(20, (table.size.width or table.app.size.width // 3 - 2) - 4)

    @staticmethod
    def _cell(row: TicketRow, now) -> Text:
        cell = Text(f"{row.number:<6}", style="bold", no_wrap=True, overflow="ellipsis")
        cell.append_text(sla_cell(row, now))
        cell.append("  ")
        cell.append_text(safe_line(row.assignee or "—", 12, style="dim"))
        cell.append("\n")
        cell.append_text(safe_line(row.subject, 200))
        return cell

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit_columns)

    def _fit_columns(self) -> None:
        for table in self.query(DataTable):
            column = table.columns.get("ticket")  # type: ignore[call-overload]
            width = self._cell_width(table)
            if column is not None and column.width != width:
                column.width = width
                table.refresh()

    def tick(self) -> None:
        """The app's tick (every second): recompute countdown cells from the stored deadlines (no query)."""
        now = self.ctx.clock.now()
        for tier, rows in self.rows.items():
            table = self.query_one(f"#table-{tier.value}", DataTable)
            for row in rows:
                key = str(row.number)
                if key in table.rows:
                    table.update_cell(key, "ticket", self._cell(row, now))

    def _focused_table(self) -> DataTable | None:
        focused = self.focused
        return focused if isinstance(focused, DataTable) else None

    def action_column(self, step: int) -> None:
        tables = [self.query_one(f"#table-{tier.value}", DataTable) for tier in Tier]
        current = self._focused_table()
        index = tables.index(current) if current in tables else 0
        tables[(index + step) % len(tables)].focus()

    def action_refresh(self) -> None:
        self.refresh_rows()

    def action_back(self) -> None:
        self.dismiss(None)

    def action_open(self) -> None:
        table = self._focused_table()
        if table is None or table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key is not None:
            self.dismiss(int(key))

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.dismiss(int(event.row_key.value))


__all__ = ["EscalationScreen", "TierBoardScreen"]
