"""The mail quarantine (``Q`` anywhere): mails that could not be parsed or stored, with the reason.

Each was kept with its raw bytes and never held up the mails behind it. ``enter`` shows one (why,
its headers, the start of the raw mail); ``r`` takes it in again from its stored bytes (after a
parser fix, say) — it becomes a ticket or stays here with the new reason. Everything shown here is
outside text: drawn literally.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, Header, Static

from agent_tui.i18n import N_, _, ngettext, number, when as shown_at
from agent_tui.errors import AgentTuiError
from agent_tui.screens.mail_list import MailDetail, MailListScreen
from agent_tui.services import mail_intake as mi
from agent_tui.services.context import Context
from agent_tui.widgets.safe import safe_line, safe_text
from agent_tui.widgets.footer import KeyFooter

RAW_SHOWN = 4000  # characters of a raw mail shown in the detail
COLUMNS = (N_("id"), N_("received"), N_("from"), N_("subject"), N_("tries"), N_("reason"))


class QuarantineScreen(MailListScreen):
    """Quarantined mails, newest first."""

    KEY_TABLE = "quarantine"
    DEFAULT_CSS = """
    QuarantineScreen #q-title { padding: 0 1; text-style: bold; }
    QuarantineScreen #q-empty { padding: 1 2; color: $text-muted; }
    """

    def __init__(self, ctx: Context, settings=None) -> None:
        super().__init__()
        self.ctx, self.settings = ctx, settings
        self.rows: list[mi.InboundView] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(_("Mail quarantine")), id="q-title")
        yield DataTable(id="q-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="q-empty")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(*(_(c) for c in COLUMNS))
        self.refresh_data()

    @work(thread=True, exclusive=True, group="quarantine")
    def refresh_data(self) -> None:
        try:
            rows = mi.list_quarantine(self.ctx)
        except AgentTuiError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        self.app.call_from_thread(self._show, rows)

    def _show(self, rows: list[mi.InboundView]) -> None:
        self.rows = rows
        table = self.query_one(DataTable)
        table.clear()
        for r in rows:
            table.add_row(str(r.id), shown_at(r.received_at, self.ctx.tz), safe_line(r.from_addr or "—", 40),
                          safe_line(r.subject or _("(no subject)"), 50), str(r.attempts), safe_line(r.reason, 80))
        self.query_one("#q-empty", Static).update(
            Text("" if rows else _("The quarantine is empty: every mail was taken in.")))
        self.query_one("#q-title", Static).update(Text(ngettext(
            "Mail quarantine · {count} mail(s)", "Mail quarantine · {count} mail(s)", len(rows)).format(count=len(rows))))

    def action_show(self) -> None:
        chosen = self._selected()
        if chosen is not None:
            self.app.push_screen(QuarantinedMail(self.ctx, chosen.id))

    def action_retry(self) -> None:
        chosen = self._selected()
        if chosen is not None:
            self._retry(chosen.id)

    @work(thread=True, exclusive=True, group="quarantine-retry")
    def _retry(self, inbound_id: int) -> None:
        try:
            result = mi.retry(self.ctx, inbound_id, self.settings)
        except AgentTuiError as exc:
            self.app.call_from_thread(self.app.notify, exc.message, title=_("Not retried"), severity="error",
                                      markup=False)
            return
        if result.status == mi.QUARANTINED:
            message, severity = _("Still quarantined: {reason}").format(reason=result.reason), "warning"
        elif result.ticket_number is not None:
            message, severity = _("Taken in: ticket #{number} ({action}).").format(
                number=result.ticket_number, action=result.action), "information"
        else:
            message, severity = _("Taken in: {status} ({reason}).").format(
                status=result.status, reason=result.reason or _("no ticket")), "information"
        self.app.call_from_thread(self.app.notify, message, title=_("Mail {id}").format(id=inbound_id),
                                  severity=severity,
                                  markup=False)
        self.app.call_from_thread(self.refresh_data)

    def action_reload(self) -> None:
        self.refresh_data()

    def action_back(self) -> None:
        self.app.pop_screen()


class QuarantinedMail(MailDetail):
    """One quarantined mail: why, then the raw mail as received (its start)."""

    KEY_TABLE = "quarantined_mail"
    DEFAULT_CSS = """
    QuarantinedMail > Vertical { border: thick $warning; }
    """

    DETAIL_ID = "q-detail"

    def __init__(self, ctx: Context, inbound_id: int) -> None:
        super().__init__(_("Quarantined mail {id}").format(id=inbound_id))
        self.ctx, self.inbound_id = ctx, inbound_id

    def detail(self) -> Text:
        view, raw = mi.show_inbound(self.ctx, self.inbound_id)
        text = Text(_("why: "), style="bold")
        text.append_text(safe_text(view.reason))
        text.append("\n" + _("received {at} from ").format(at=shown_at(view.received_at, self.ctx.tz)), style="dim")
        text.append_text(safe_line(view.source or "?", 120, style="dim"))
        text.append(" · " + _("{size} bytes · tried {count} time(s) · r on the list retries").format(
            size=number(len(raw)), count=view.attempts) + "\n\n", style="dim")
        shown = raw[:RAW_SHOWN].decode("utf-8", "replace")
        text.append_text(safe_text(shown))
        if len(raw) > RAW_SHOWN:
            text.append("\n… " + _("({size} more bytes; '{command}' writes them all)").format(
                size=number(len(raw) - RAW_SHOWN), command=f"agent-tui mail quarantine show {self.inbound_id} --raw"),
                style="italic dim")
        return text
