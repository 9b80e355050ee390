"""Ticket detail: live countdowns, the timeline, the checklist, suggested articles and every action.

Actions are limited to what the service says is allowed now (``detail.actions``):
forbidden ones are hidden from the footer by :meth:`TicketScreen.check_action`,
and pressing their key says why. Every write carries ``expected_version``; a
stale write reloads the ticket and keeps the agent's draft.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import var
from textual.widgets import Header

from agent_tui.bindings import TICKET_KEYS
from agent_tui.domain import lifecycle as lc
from agent_tui.domain.severity import Severity
from agent_tui.errors import AgentTuiError, StaleTicket
from agent_tui.messages import TicketsChanged, ViewersChanged
from agent_tui.screens import ticket_forms as forms
from agent_tui.screens.base import AgentScreen
from agent_tui.screens.ticket_forms import COMPOSERS, versioned_send
from agent_tui.services import drafts as drafts_svc
from agent_tui.services import kb as kb_svc
from agent_tui.services import ticket_actions as ta
from agent_tui.services import ticket_queries as tq
from agent_tui.services.context import Context
from agent_tui.services.views import TicketDetail
from agent_tui.i18n import _
from agent_tui.widgets.checklist import Checklist
from agent_tui.widgets.presence import Presence
from agent_tui.widgets.modals import ComposerModal, ConfirmModal, Field, FormModal
from agent_tui.widgets.safe import safe_line
from agent_tui.widgets.severity_picker import SeverityPicker
from agent_tui.widgets.similar_tickets import SimilarTickets
from agent_tui.widgets.suggested_articles import SuggestedArticles
from agent_tui.widgets.ticket_header import TicketHeader
from agent_tui.widgets.timeline import Timeline
from agent_tui.widgets.footer import KeyFooter

# Screen action → the lifecycle action(s) that must be allowed for it.
GUARDED: dict[str, tuple[str, ...]] = {
    "reply": ("reply",),
    "note": ("note",),
    "log_contact": ("reply",),  # a call or chat is an answer to the customer, allowed where a reply is
    "request_info": ("request_info",),
    "assign_me": ("assign",),
    "hold": ("hold",),
    "resume": ("resume",),
    "propose": ("propose_solution",),
    "approve": ("approve",),
    "solve": ("solve",),
    "reopen": ("reopen",),
    "close": ("close",),
    "escalate": ("escalate", "deescalate"),
    "severity": ("set_severity",),
    "checklist": ("update_checklist",),
}
KEY_TO_ACTION = {key: k.action for k in TICKET_KEYS for key in k.keys.split(",")}


class TicketScreen(AgentScreen):
    KEY_TABLE = "ticket"
    CSS_PATH = "ticket.tcss"
    LIVE = True  # receives TicketsChanged from the app's watcher
    LIVE_DELAY = 0.1  # seconds: a burst of changes becomes one reload
    HEARTBEAT = 15.0  # seconds between presence heartbeats ("also open: …" on other screens)

    viewers: var[list[str]] = var(list, init=False)  # other agents with this ticket open; the header shows them

    def __init__(self, ctx: Context, number: int, detail: TicketDetail | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.number = number
        self.detail: TicketDetail | None = detail
        self._live_timer = None
        self._pinned_version: int | None = None  # the version a form was opened on (see _form)
        self.drafts: dict[str, dict[str, str]] | None = None  # this agent's kept drafts here, by kind

    def compose(self) -> ComposeResult:
        yield Header()
        yield TicketHeader(Text(_("Ticket #{number} — loading …").format(number=self.number)), id="head")
        with Horizontal(id="body"):
            yield Timeline(id="timeline", zone=self.ctx.tz)
            with VerticalScroll(id="side"):
                yield Checklist(id="checklist")
                yield SuggestedArticles(Text(_("Suggested articles: loading …"), style="dim"), id="kb")
                yield SimilarTickets(Text(_("Similar solved tickets: loading …"), style="dim"), id="similar")
        yield Presence(self.ctx, self.number, heartbeat=self.HEARTBEAT)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = _("Ticket #{number}").format(number=self.number)
        self.query_one("#timeline").focus()
        if self.detail is not None:
            self.show(self.detail)
        else:
            self.load()
        self._load_drafts()
        self._load_suggestions()
        self._load_similar()

    # ------------------------------------------------------------ presence and live updates

    @on(ViewersChanged)
    def _viewers_changed(self, event: ViewersChanged) -> None:
        event.stop()
        self.viewers = event.viewers

    def watch_viewers(self) -> None:
        self._render_head()

    def _refresh_viewers(self) -> None:
        self.query_one(Presence).refresh_viewers()

    @on(TicketsChanged)
    def _live_changed(self, event: TicketsChanged) -> None:
        """Another client committed: reload when it concerns this ticket (or everything).

        Only this screen is re-rendered; a composer or form on top keeps its text.
        """
        event.stop()
        if event.concerns(self.number):
            if self._live_timer is None:
                self._live_timer = self.set_timer(self.LIVE_DELAY, self._live_reload)
        elif event.reload_all:
            self._refresh_viewers()

    def _live_reload(self) -> None:
        self._live_timer = None
        if self.is_mounted:
            self._load_live()
            self._refresh_viewers()

    @work(thread=True, exclusive=True, group="ticket-load")
    def _load_live(self) -> None:
        try:
            detail = tq.get_ticket(self.ctx, self.number)
        except AgentTuiError:
            return  # the header reports the connection; the next change or reconnect reloads
        self.app.call_from_thread(self._live_loaded, detail)

    def _live_loaded(self, detail: TicketDetail) -> None:
        old = self.detail
        if not self.is_mounted or (old is not None and old.version == detail.version):
            return  # someone else's ticket changed, or presence: nothing new here
        self.show(detail)
        if old is not None:
            actor = detail.events[-1].actor if detail.events else ""
            if actor and actor != self.ctx.actor:
                self.app.notify(_("Ticket #{number} was just changed by {agent}; the screen shows it.").format(
                    number=self.number, agent=actor), title=_("Changed meanwhile"), markup=False, timeout=5)

    # ------------------------------------------------------------ loading

    @work(thread=True, exclusive=True, group="ticket-load")
    def load(self) -> None:
        try:
            detail = tq.get_ticket(self.ctx, self.number)
        except AgentTuiError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        self.app.call_from_thread(self.show, detail)

    def refresh_data(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="ticket-drafts")
    def _load_drafts(self, then: Callable[[], None] | None = None) -> None:
        try:
            found = drafts_svc.for_ticket(self.ctx, self.number)
        except AgentTuiError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            found = {}  # the composer still opens; what is typed now is saved again
        self.app.call_from_thread(self._drafts_loaded, found, then)

    def _drafts_loaded(self, found: dict[str, dict[str, str]], then: Callable[[], None] | None) -> None:
        self.drafts = found
        self._render_head()
        if then is not None:
            then()

    def _draft_saved(self, kind: str, fields: dict[str, str] | None) -> None:
        """A form here tells what the store will hold for its draft: the header says a draft is kept."""
        if self.drafts is None:
            self.drafts = {}
        if fields:
            self.drafts[kind] = fields
        else:
            self.drafts.pop(kind, None)
        if self.is_mounted:
            self._render_head()

    @work(thread=True, exclusive=True, group="ticket-kb")
    def _load_suggestions(self) -> None:
        panel = self.query_one(SuggestedArticles)
        try:
            hits = kb_svc.suggest_for_ticket(self.ctx, self.number)
        except Exception as exc:  # suggestions are a side panel: never take the ticket down
            self.app.call_from_thread(panel.unavailable, exc)
            return
        self.app.call_from_thread(panel.show, hits)

    @work(thread=True, exclusive=True, group="ticket-similar")
    def _load_similar(self) -> None:
        from agent_tui.services import similar

        panel = self.query_one(SimilarTickets)
        try:
            items = similar.similar_solved(self.ctx, self.number)
        except Exception as exc:  # a side panel: never take the ticket down
            self.app.call_from_thread(panel.unavailable, exc)
            return
        self.app.call_from_thread(panel.show, items)

    def show(self, detail: TicketDetail) -> None:
        self.detail = detail
        self.title = _("Ticket #{number}").format(number=detail.number)
        self._render_head()
        self._render_checklist()
        self._render_timeline()
        self.refresh_bindings()

    def tick(self) -> None:
        if self.detail is not None:
            self._render_head()

    def _render_head(self) -> None:
        heads = self.query(TicketHeader)  # none yet while a screen opened with its detail is still composing
        if self.detail is not None and heads:
            drafts = [drafts_svc.KINDS[k] for k in drafts_svc.KINDS if k in (self.drafts or {})]
            heads.first().show(self.detail, self.ctx.clock.now(), viewers=self.viewers, drafts=drafts,
                               narrow=self.has_class("-narrow") or self.has_class("-short"))

    def on_resize(self) -> None:
        self.call_after_refresh(self._render_head)  # -narrow / -wide is set by now: compact header or full

    def _render_checklist(self) -> None:
        assert self.detail is not None
        self.query_one(Checklist).show(self.detail)

    def _render_timeline(self) -> None:
        assert self.detail is not None
        self.query_one(Timeline).show(self.detail)

    # ------------------------------------------------------------ guarding actions

    def _allowed(self, action: str) -> tuple[bool, str]:
        if self.detail is None:
            return False, _("The ticket is still loading.")
        needs = GUARDED.get(action)
        if not needs:
            return True, ""
        ok, why = self.detail.allows(*needs)
        return ok, ("" if ok else why)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in GUARDED:
            return self._allowed(action)[0]
        return True

    def on_key(self, event: events.Key) -> None:
        """A key whose action is hidden (forbidden now) still answers: it says why."""
        action = KEY_TO_ACTION.get(event.key)
        if action in GUARDED:
            ok, why = self._allowed(action)
            if not ok:
                event.stop()
                self.app.notify(why or _("Not possible now."), title=_("Not allowed now"), severity="warning",
                                markup=False)

    # ------------------------------------------------------------ running a service call

    def _act(self, fn: Callable[..., TicketDetail], *args, done: str, **kwargs) -> None:
        if self.detail is None:
            return
        pinned, self._pinned_version = self._pinned_version, None
        self._run(fn, args, kwargs, done, pinned if pinned is not None else self.detail.version)

    @work(thread=True, exclusive=True, group="ticket-action")
    def _run(self, fn, args, kwargs, done: str, version: int) -> None:
        try:
            detail = fn(self.ctx, self.number, *args, expected_version=version, **kwargs)
        except AgentTuiError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            if isinstance(exc, StaleTicket):
                self.app.call_from_thread(self.load)
            return
        self.app.call_from_thread(self._applied, detail, done)

    def _applied(self, detail: TicketDetail, done: str) -> None:
        self.show(detail)
        self.app.notify(done, title=_("Ticket #{number}").format(number=detail.number), markup=False)

    def _heading(self, title: str) -> Text:
        """A dialog's title line: what it does, to which ticket (the subject shown literally)."""
        heading = Text(f"{title} — #{self.number} ", style="bold")
        if self.detail:
            heading.append_text(safe_line(self.detail.row.subject, 60))
        return heading

    def _form(self, title: str, fields: list[Field], ok: str, then: Callable[[dict], None]) -> None:
        heading = self._heading(title)

        # A live reload may update the ticket while the form is open: the write must still be
        # checked against the version the agent saw, so a change meanwhile is refused and named.
        opened = self.detail.version if self.detail else None

        def done(values: dict | None) -> None:
            if values is not None:
                self._at_version(opened, lambda: then(values))

        self.app.push_screen(FormModal(heading, fields, ok=ok), done)

    def _at_version(self, opened: int | None, run: Callable[[], None]) -> None:
        """Run a write checked against ``opened``, the version the agent saw when the dialog opened."""
        self._pinned_version = opened
        try:
            run()
        finally:
            self._pinned_version = None

    # ------------------------------------------------------------ composer

    def open_composer(self, kind: str, insert: str = "") -> None:
        """Open the reply / note / request composer with this agent's kept draft (``insert`` appended)."""
        if self.drafts is None:  # opened right away: the drafts are still loading
            self._load_drafts(lambda: self.open_composer(kind, insert))
            return
        draft = self.drafts.get(kind, {}).get("body", "")
        if insert:
            draft = f"{draft.rstrip()}\n\n{insert}" if draft.strip() else insert
        composer = COMPOSERS[kind]
        send = versioned_send(self.ctx, self.number, composer.service, self.detail.version if self.detail else None)

        def done(detail: TicketDetail | None) -> None:
            if detail is not None:
                self._applied(detail, _(composer.done))

        subject = self.detail.row.subject if self.detail else ""
        slot = drafts_svc.DraftSlot(self.ctx, self.number, kind)
        saved = lambda body: self._draft_saved(kind, {"body": body} if body else None)  # noqa: E731
        self.app.push_screen(ComposerModal(_(composer.title), subject, send, draft=draft, on_stale=self.load,
                                           slot=slot, on_saved=saved, unsaved=bool(insert),
                                           attach=kind in ("reply", "note"),
                                           attach_mailed=kind == "reply"), done)

    def action_reply(self) -> None:
        self.open_composer("reply")

    def action_note(self) -> None:
        self.open_composer("note")

    def action_request_info(self) -> None:
        self.open_composer("request_info")

    def action_log_contact(self) -> None:
        """``L``: a phone call or chat with the customer, on record (a response where the policy counts it)."""
        def logged(v: dict) -> None:
            self._act(ta.log_contact, str(v["via"] or "phone"), str(v["summary"]), done=_("Contact logged."))

        self._form(_("Log a call or chat"), forms.contact_fields(), _("Log"), logged)

    # ------------------------------------------------------------ other actions

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_scroll_down(self) -> None:
        self.query_one("#timeline", VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one("#timeline", VerticalScroll).scroll_up()

    def action_reload(self) -> None:
        self.load()

    def action_assign_me(self) -> None:
        self._act(ta.assign, done=_("Assigned to you."))

    def action_hold(self) -> None:
        self._form(_("Put on hold"), forms.hold_fields(), _("Hold"),
                   lambda v: self._act(ta.hold, str(v["reason"]), str(v["kind"] or "third_party"),
                                       done=_("On hold; the SLA clock is paused.")))

    def action_resume(self) -> None:
        self._form(_("Resume"), forms.optional("note", _("Note")), _("Resume"),
                   lambda v: self._act(ta.resume, str(v["note"]), done=_("Resumed; the SLA clock runs again.")))

    def action_propose(self) -> None:
        self._form(_("Propose a solution"), forms.propose_fields(), _("Propose"),
                   lambda v: self._act(ta.propose_solution, str(v["solution"]), hotfix=bool(v["hotfix"]),
                                       done=_("Solution recorded.")))

    def action_approve(self) -> None:
        self._form(_("Customer approved the solution"), forms.optional("note", _("Note")), _("Approve"),
                   lambda v: self._act(ta.approve, str(v["note"]), done=_("Approved; back to open.")))

    def action_solve(self) -> None:
        if self.detail is not None and self.detail.solve_hands_back:  # seed 003: Tier 1 tells the customer
            self._form(_("Resolve: back to Tier 1, who tells the customer"), forms.solve_fields(self.detail),
                       _("Hand back"), lambda v: self._act(ta.solve, str(v["outcome"] or ""), str(v["resolution"]),
                                                           done=_("Resolved; back to Tier 1, who tells the customer.")))
            return
        self._form(_("Solve"), forms.solve_fields(self.detail), _("Solve"),
                   lambda v: self._act(ta.solve, str(v["outcome"] or ""), str(v["resolution"]),
                                       done=_("Solved; the auto-close countdown started.")))

    def action_reopen(self) -> None:
        self._form(_("Reopen"), forms.optional("reason", _("Reason")), _("Reopen"),
                   lambda v: self._act(ta.reopen, str(v["reason"]), done=_("Reopened.")))

    def action_close(self) -> None:
        self._confirm_final(lc.Action.CLOSE, _("Close"), lambda: self._act(ta.close, done=_("Closed.")))

    def _confirm_final(self, action: lc.Action, verb: str, run: Callable[[], None]) -> None:
        """Run ``run`` at once, or after a y/n confirmation when ``action`` can make the ticket final."""
        if not lc.irreversible(action):
            run()
            return
        opened = self.detail.version if self.detail else None  # checked against what the agent confirmed
        question, detail = forms.final_question(verb, self.number, self.detail.row.subject if self.detail else None)

        def done(yes: bool | None) -> None:
            if yes:
                self._at_version(opened, run)

        self.app.push_screen(ConfirmModal(question, detail, yes=verb, no=_("Keep it")), done)

    def action_severity(self) -> None:
        current = Severity(self.detail.row.severity) if self.detail else Severity.GENERAL_QUESTION
        heading = self._heading(_("Override severity"))
        opened = self.detail.version if self.detail else None

        def done(choice: dict | None) -> None:
            if choice is not None:
                self._at_version(opened, lambda: self._act(ta.set_severity, choice["severity"], choice["reason"],
                                                           done=_("Severity changed; deadlines recomputed.")))

        self.app.push_screen(SeverityPicker(heading, current), done)

    def action_checklist(self) -> None:
        d = self.detail
        if d is None:
            return

        def save(values: dict) -> None:
            changed = forms.checklist_changes(d, values)
            if changed:
                self._act(ta.update_checklist, changed, done=_("Checklist updated."))

        self._form(_("Required info"), forms.checklist_fields(d), _("Save"), save)

    def action_attachments(self) -> None:
        """``A``: the files that came with the ticket's mail (enter saves, ``o`` opens)."""
        from agent_tui.widgets.mail_views import AttachmentsModal

        if self.detail is not None:
            self.app.push_screen(AttachmentsModal(self.ctx, self.number, list(self.detail.attachments)))

    def action_full_mail(self) -> None:
        """``M``: every mail of the ticket in full, headers and quoted text included."""
        from agent_tui.widgets.mail_views import FullMailModal

        self.app.push_screen(FullMailModal(self.ctx, self.number))

    def action_outbox(self) -> None:
        from agent_tui.screens.outbox import OutboxScreen

        self.app.push_screen(OutboxScreen(self.ctx, getattr(self.app, "mail", None), ticket=self.number),
                             lambda _: self.load())

    def action_escalate(self) -> None:
        from agent_tui.screens.escalation import EscalationScreen

        def done(detail: TicketDetail | None) -> None:
            if detail is not None:
                self._applied(detail, _("Escalation recorded."))

        saved = lambda fields: self._draft_saved(drafts_svc.ESCALATION, fields)  # noqa: E731
        self.app.push_screen(EscalationScreen(self.ctx, self.number, on_draft=saved), done)

    def action_similar(self) -> None:
        """``T``: the solved tickets most like this one (the side panel's list; at 80 columns the only way)."""
        from agent_tui.widgets.similar_tickets import SimilarTicketsModal

        def done(number: int | None) -> None:
            if number is not None:
                self.app.push_screen(TicketScreen(self.ctx, number))

        self.app.push_screen(SimilarTicketsModal(self.ctx, self.number), done)

    def action_kb(self) -> None:
        from agent_tui.screens.kb import KbScreen

        screen = KbScreen(self.ctx, self.number)

        def done(text: str | None) -> None:
            if screen.linked:  # the linked article shows on the ticket right away (linking bumps no version)
                self.load()
            if text:
                self.open_composer("reply", insert=str(text))

        self.app.push_screen(screen, done)
