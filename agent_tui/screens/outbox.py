"""Mail to customers (``O`` anywhere; on a ticket, that ticket's): what is queued, sent, retrying or
failed, with the server's reason. ``enter`` shows a mail exactly as the customer gets it (also what
the file sink holds when no SMTP server is set up); ``r`` sends a failed or unsent one again;
``s`` delivers everything due now. Everything shown is outside text: drawn literally.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, Header, Static

from agent_tui.domain.clock import shown_at
from agent_tui.errors import AgentTuiError
from agent_tui.i18n import _
from agent_tui.screens.mail_list import MailDetail, MailListScreen
from agent_tui.services import outbox as ob
from agent_tui.services.context import Context
from agent_tui.services.views import OutboxView
from agent_tui.widgets import labels
from agent_tui.widgets.safe import safe_line, safe_text
from agent_tui.widgets.footer import KeyFooter


def state_text(r: OutboxView) -> Text:
    style = {"sent": "green", "retrying": "yellow", "failed": "bold red", "unsent": "red"}.get(r.state, "")
    label = _("file sink") if r.state == "sent" and r.sent_via.startswith("file:") else labels.mail_state(r.state)
    return Text(label, style=style)


class OutboxScreen(MailListScreen):
    """Mail to customers, newest first (one ticket's, or everybody's)."""

    KEY_TABLE = "outbox"
    DEFAULT_CSS = """
    OutboxScreen #o-title { padding: 0 1; text-style: bold; }
    OutboxScreen #o-empty { padding: 1 2; color: $text-muted; }
    """

    def __init__(self, ctx: Context, settings=None, ticket: int | None = None) -> None:
        super().__init__()
        self.ctx, self.settings, self.ticket = ctx, settings, ticket
        self.rows: list[OutboxView] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(_("Mail to customers")), id="o-title")
        yield DataTable(id="o-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="o-empty")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = _("Outbox")
        self.query_one(DataTable).add_columns(_("id"), _("ticket"), _("kind"), _("to"), _("state"), _("when"),
                                              _("tries"), _("why"))
        self.refresh_data()

    @work(thread=True, exclusive=True, group="outbox")
    def refresh_data(self) -> None:
        try:
            rows = ob.list_outbox(self.ctx, ticket=self.ticket, limit=500)
        except AgentTuiError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        self.app.call_from_thread(self._show, rows)

    def _show(self, rows: list[OutboxView]) -> None:
        self.rows = rows
        table = self.query_one(DataTable)
        table.clear()
        for r in rows:
            when = r.sent_at if r.state == "sent" else (r.next_attempt_at if r.state == "retrying" else r.created_at)
            why = r.last_error or (_("in {used} (no {wanted} template)").format(used=r.template_language,
                                                                           wanted=r.language) if r.fallback else "")
            table.add_row(str(r.id), f"#{r.ticket_number}", labels.mail_kind(r.kind),
                          safe_line(r.to_addr or "—", 40), state_text(r), shown_at(when, self.ctx.tz),
                          str(r.attempts), safe_line(why, 80))
        failed = sum(r.state in ("failed", "unsent") for r in rows)
        where = _("ticket #{number}").format(number=self.ticket) if self.ticket else _("all tickets")
        self.query_one("#o-title", Static).update(Text(
            _("Mail to customers · {where} · {count} mail(s), {failed} not delivered").format(
                where=where, count=len(rows), failed=failed)))
        self.query_one("#o-empty", Static).update(Text("" if rows else _("No mail to customers yet.")))

    def action_show(self) -> None:
        chosen = self._selected()
        if chosen is not None:
            self.app.push_screen(OutgoingMail(self.ctx, chosen.id, self.settings))

    def action_retry(self) -> None:
        chosen = self._selected()
        if chosen is not None:
            self._retry(chosen.id)

    @work(thread=True, exclusive=True, group="outbox-retry")
    def _retry(self, outbox_id: int) -> None:
        try:
            view = ob.retry(self.ctx, outbox_id)
        except AgentTuiError as exc:
            self.app.call_from_thread(self.app.notify, exc.message, title=_("Not sent again"), severity="warning",
                                      markup=False)
            return
        self.app.call_from_thread(self.app.notify, _("Queued again; it goes with the next delivery round."),
                                  title=_("Mail {id} (#{number})").format(id=view.id, number=view.ticket_number),
                                  markup=False)
        self.app.call_from_thread(self.refresh_data)
        self.app.call_from_thread(self.app.run_sender)

    def action_send_now(self) -> None:
        self.app.run_sender()
        self.set_timer(0.5, self.refresh_data)

    def action_reload(self) -> None:
        self.refresh_data()

    def action_back(self) -> None:
        self.dismiss(None)  # the screen below (a ticket) reloads: a mail sent again shows its new state


class OutgoingMail(MailDetail):
    """One mail as the customer gets it: state, headers and text (built exactly as it is sent)."""

    KEY_TABLE = "outgoing_mail"

    DETAIL_ID = "o-detail"

    def __init__(self, ctx: Context, outbox_id: int, settings=None) -> None:
        super().__init__(_("Mail {id} to the customer").format(id=outbox_id))
        self.ctx, self.outbox_id, self.settings = ctx, outbox_id, settings

    def detail(self) -> Text:
        from agent_tui.mail.send import attachment_names, attachments_of, build, readable
        from agent_tui.mail.settings import load_settings

        view, row = ob.show(self.ctx, self.outbox_id)
        msg = build(row, self.settings or load_settings(), attachments_of(self.ctx, row))
        text = Text(_("state: "), style="bold")
        text.append_text(state_text(view))
        if view.last_error:
            text.append(" — ")
            text.append_text(safe_text(view.last_error))
        if view.sent_at:
            text.append(f"\n{_('sent')} {shown_at(view.sent_at, self.ctx.tz)} ", style="dim")
            text.append_text(safe_line(view.sent_via, 100, style="dim"))
        if view.fallback:
            text.append("\n" + _("in {used}: there is no {wanted} template for this message").format(
                used=view.template_language, wanted=view.language), style="yellow")
        text.append("\n\n")
        for key in ("From", "To", "Cc", "Reply-To", "Subject", "Date", "Message-ID", "In-Reply-To"):
            if msg[key]:
                text.append(f"{key}: ", style="bold")
                text.append_text(safe_line(readable(msg, key), 200))
                text.append("\n")
        text.append("\n")
        text.append_text(safe_text(view.body))
        for name, _kind in attachment_names(msg):
            text.append("\n" + _("attached: "), style="dim")
            text.append_text(safe_line(name, 80, style="bold"))
        return text
