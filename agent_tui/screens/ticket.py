"""Ticket detail: live countdowns, the timeline, the checklist, suggested articles and every action.

Actions are limited to what the service says is allowed now (``detail.actions``):
forbidden ones are hidden from the footer by :meth:`TicketScreen.check_action`,
and pressing their key says why. Every write carries ``expected_version``; a
stale write reloads the ticket and keeps the agent's draft.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Static

from agent_tui.bindings import TICKET_KEYS
from agent_tui.domain.escalation import CHECKLIST_FIELDS, Tier
from agent_tui.domain import lifecycle as lc
from agent_tui.domain.lifecycle import Outcome
from agent_tui.domain.severity import Severity
from agent_tui.errors import AgentTuiError, StaleTicket
from agent_tui.messages import TicketsChanged
from agent_tui.screens.base import AgentScreen
from agent_tui.services import drafts as drafts_svc
from agent_tui.services import kb as kb_svc
from agent_tui.services import presence
from agent_tui.services import tickets as tk
from agent_tui.services.context import Context
from agent_tui.services.views import TicketDetail
from agent_tui.widgets.countdown import countdown_text
from agent_tui.widgets.modals import ComposerModal, ConfirmModal, Field, FormModal
from agent_tui.widgets.safe import safe_line, safe_text, snippet_text
from agent_tui.widgets.severity_picker import SeverityPicker

MAX_SHOWN = 20_000  # characters of one body shown; the rest is summarised (a 1 MB body must not freeze the UI)

# Screen action → the lifecycle action(s) that must be allowed for it.
GUARDED: dict[str, tuple[str, ...]] = {
    "reply": ("reply",),
    "note": ("note",),
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
}
KEY_TO_ACTION = {key: k.action for k in TICKET_KEYS for key in k.keys.split(",")}
KIND_LABEL = {"customer": "customer", "public": "reply", "internal": "internal note"}


def when(at: datetime | None) -> str:
    return at.astimezone().strftime("%Y-%m-%d %H:%M") if at else ""


def body_text(body: str, style: str = "") -> Text:
    """A message body, literal, cut to :data:`MAX_SHOWN` characters with a note of what was left out."""
    body = body or ""
    if len(body) <= MAX_SHOWN:
        return safe_text(body, style)
    out = safe_text(body[:MAX_SHOWN], style)
    out.append(f"\n… ({len(body) - MAX_SHOWN:,} more characters)", style="italic dim")
    return out


def event_text(e) -> Text:
    line = Text(f"{when(e.at)}  ", style="dim")
    line.append_text(safe_line(e.actor, 40, style="bold"))
    line.append(f" {e.action.replace('_', ' ')}")
    if e.field:
        line.append(f" {e.field}")
    if e.before is not None or e.after is not None:
        line.append(": ")
        line.append_text(safe_line(e.before if e.before is not None else "—", 80))
        line.append(" → ")
        line.append_text(safe_line(e.after if e.after is not None else "—", 80))
    reason = e.details.get("reason") if isinstance(e.details, dict) else None
    if reason:
        line.append(" (")
        line.append_text(safe_line(reason, 120))
        line.append(")")
    return line


class TicketScreen(AgentScreen):
    KEY_TABLE = "ticket"
    CSS_PATH = "ticket.tcss"
    LIVE = True  # receives TicketsChanged from the app's watcher
    LIVE_DELAY = 0.1  # seconds: a burst of changes becomes one reload
    HEARTBEAT = 15.0  # seconds between presence heartbeats ("also open: …" on other screens)

    def __init__(self, ctx: Context, number: int, detail: TicketDetail | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.number = number
        self.detail: TicketDetail | None = detail
        self.viewers: list[str] = []  # other agents with this ticket open
        self._live_timer = None
        self._pinned_version: int | None = None  # the version a form was opened on (see _form)
        self.drafts: dict[str, dict[str, str]] | None = None  # this agent's kept drafts here, by kind

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(f"Ticket #{self.number} — loading …"), id="head")
        with Horizontal(id="body"):
            yield VerticalScroll(id="timeline", can_focus=True)
            with VerticalScroll(id="side"):
                yield Static(id="checklist")
                yield Static(Text("Suggested articles: loading …", style="dim"), id="kb")
        yield Footer()

    def on_mount(self) -> None:
        self.title = f"Ticket #{self.number}"
        self.query_one("#timeline").focus()
        if self.detail is not None:
            self.show(self.detail)
        else:
            self.load()
        self._load_drafts()
        self._load_suggestions()
        self._heartbeat()
        if self.HEARTBEAT > 0:
            self.set_interval(self.HEARTBEAT, self._heartbeat)

    def on_unmount(self) -> None:
        client = self._client_id
        ctx, number = self.ctx, self.number

        def leave() -> None:
            try:
                presence.leave(ctx, number, client)
            except Exception:  # noqa: BLE001 - presence is a hint; it expires by itself
                pass

        try:
            self.app.run_worker(leave, thread=True, group="presence-leave", exit_on_error=False)
        except Exception:  # noqa: BLE001 - the app is closing; the row expires by itself
            pass

    @property
    def _client_id(self) -> str:
        return getattr(self.app, "client_id", "") or f"screen-{id(self)}"

    # ------------------------------------------------------------ presence and live updates

    @work(thread=True, exclusive=True, group="ticket-presence")
    def _heartbeat(self) -> None:
        try:
            presence.heartbeat(self.ctx, self.number, self._client_id)
        except Exception:  # noqa: BLE001 - presence is a hint: never disturb the agent over it
            pass
        self._refresh_viewers_now()

    @work(thread=True, exclusive=True, group="ticket-viewers")
    def _refresh_viewers(self) -> None:
        self._refresh_viewers_now()

    def _refresh_viewers_now(self) -> None:
        try:
            who = presence.viewers(self.ctx, self.number, self._client_id)
        except Exception:  # noqa: BLE001
            return
        self.app.call_from_thread(self._show_viewers, who)

    def _show_viewers(self, who: list[str]) -> None:
        if who != self.viewers and self.is_mounted:
            self.viewers = who
            self._render_head()

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
            detail = tk.get_ticket(self.ctx, self.number)
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
                self.app.notify(f"Ticket #{self.number} was just changed by {actor}; the screen shows it.",
                                title="Changed meanwhile", markup=False, timeout=5)

    # ------------------------------------------------------------ loading

    @work(thread=True, exclusive=True, group="ticket-load")
    def load(self) -> None:
        try:
            detail = tk.get_ticket(self.ctx, self.number)
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
        try:
            hits = kb_svc.suggest_for_ticket(self.ctx, self.number)
        except Exception as exc:  # suggestions are a side panel: never take the ticket down
            text = Text("Suggested articles unavailable: ", style="dim")
            text.append_text(safe_line(str(exc), 200))
            self.app.call_from_thread(self.query_one("#kb", Static).update, text)
            return
        out = Text("Suggested articles\n", style="bold")
        if not hits:
            out.append("none found", style="dim")
        for hit in hits:
            out.append("• ")
            out.append_text(safe_line(hit.title, 60, style="bold"))
            out.append("\n  ")
            out.append_text(snippet_text(hit.snippet.parts))
            out.append("\n")
        out.append("b: search the KB, insert into a reply", style="dim")
        self.app.call_from_thread(self.query_one("#kb", Static).update, out)

    def show(self, detail: TicketDetail) -> None:
        self.detail = detail
        self.title = f"Ticket #{detail.number}"
        self._render_head()
        self._render_checklist()
        self._render_timeline()
        self.refresh_bindings()

    def tick(self) -> None:
        if self.detail is not None:
            self._render_head()

    def _render_head(self) -> None:
        d = self.detail
        if d is None:
            return
        now = self.ctx.clock.now()
        row = d.row
        head = Text(f"#{row.number} ", style="bold")
        head.append_text(safe_line(row.subject, 200, style="bold"))
        head.append("\n")
        head.append(f"{row.status.replace('_', ' ')}", style="reverse")
        head.append(f"  {row.severity.replace('_', ' ')}{' (overridden)' if d.severity_overridden else ''}")
        head.append(f"  {Tier(row.tier).label}  assignee: ")
        head.append_text(safe_line(row.assignee or "—", 40))
        head.append("  customer: ")
        head.append_text(safe_line(row.customer or d.customer_email or "—", 60))
        if row.company:
            head.append(" · ")
            head.append_text(safe_line(row.company, 40))
        head.append("\n")
        # every clock, the one that matters now (the queue's SLA column, its sort key) marked ▶
        clocks = [d.first_response, d.next_update_clock, d.resolution_clock, row.auto]
        shown = [cd for i, cd in enumerate(clocks) if cd.due_at is not None or i in (0, 2)]
        for i, cd in enumerate(shown):
            if i:
                head.append("   ")
            if row.sla.due_at is not None and cd.label == row.sla.label:
                head.append("▶ ", style="bold")
            head.append_text(countdown_text(cd, now, with_label=True))
        head.append("\ntriage: ", style="dim")
        head.append_text(safe_line(d.triage_reason or d.triage_rule or "—", 160, style="dim"))
        if d.awaiting_approval:
            head.append("\nawaiting the customer's approval (v records it): ", style="bold")
            head.append_text(safe_line(d.proposed_solution, 120))
        elif d.hold_reason:
            head.append("\non hold: ", style="bold")
            head.append_text(safe_line(d.hold_reason, 160))
        if self.viewers:
            head.append("\nalso open: ", style="bold yellow")
            head.append_text(safe_line(", ".join(self.viewers), 120, style="yellow"))
        if self.drafts:
            head.append("\ndraft kept: ", style="bold cyan")
            head.append(", ".join(drafts_svc.KINDS[k] for k in drafts_svc.KINDS if k in self.drafts),
                        style="cyan")
        if d.outcome:
            head.append("\noutcome: ", style="bold")
            head.append(d.outcome.replace("_", " "))
            if d.resolution:
                head.append(" — ")
                head.append_text(safe_line(d.resolution, 140))
        self.query_one("#head", Static).update(head)

    def _render_checklist(self) -> None:
        d = self.detail
        assert d is not None
        out = Text("Required info", style="bold")
        out.append(f"  ({len(CHECKLIST_FIELDS) - len(d.checklist_gaps)}/{len(CHECKLIST_FIELDS)}; C edits)\n",
                   style="dim")
        for key, label in CHECKLIST_FIELDS.items():
            value = str(d.checklist.get(key) or "").strip()
            if key in d.checklist_gaps or not value:
                out.append("✗ ", style="bold red")
                out.append(label, style="red")
            else:
                out.append("✓ ", style="green")
                out.append(label + ": ")
                out.append_text(safe_line(value, 60, style="dim"))
            out.append("\n")
        if d.articles:
            out.append("\nLinked articles\n", style="bold")
            for a in d.articles:
                out.append("• ")
                out.append_text(safe_line(a.title, 60))
                out.append("\n")
        self.query_one("#checklist", Static).update(out)

    def _render_timeline(self) -> None:
        d = self.detail
        assert d is not None
        timeline = self.query_one("#timeline", VerticalScroll)
        at_end = timeline.scroll_y >= timeline.max_scroll_y - 1
        items: list[tuple[datetime, int, Static]] = []
        created = d.row.created_at
        first = Text(f"{when(created)}  ", style="dim")
        first.append("description", style="bold")
        first.append(f" · {d.channel}\n", style="dim")
        first.append_text(body_text(d.description))
        items.append((created, 0, Static(first, classes="item customer")))
        for m in d.messages:
            if m.kind == "customer" and m.body == d.description and m.at == created:
                continue  # the opening message is the description shown above
            head = Text(f"{when(m.at)}  ", style="dim")
            head.append(KIND_LABEL.get(m.kind, m.kind), style="bold")
            head.append(" · ")
            head.append_text(safe_line(m.author, 60))
            head.append("\n")
            head.append_text(body_text(m.body, "italic" if m.kind == "internal" else ""))
            items.append((m.at, 1, Static(head, classes=f"item {m.kind if m.kind in KIND_LABEL else 'public'}")))
        for e in d.escalations:
            text = Text(f"{when(e.at)}  ", style="dim")
            text.append(f"{'escalated' if e.direction == 'up' else 'de-escalated'} "
                        f"{Tier(e.from_tier).label} → {Tier(e.to_tier).label}", style="bold")
            if e.criterion:
                text.append(f" ({e.criterion})")
            for label, value in (("findings", e.findings), ("steps taken", e.steps_taken),
                                 ("workaround", e.workaround), ("logs", e.logs)):
                if value:
                    text.append(f"\n{label}: ", style="bold")
                    text.append_text(body_text(value))
            items.append((e.at, 2, Static(text, classes="item escalation")))
        for e in d.events:
            items.append((e.at, 3, Static(event_text(e), classes="item event")))
        items.sort(key=lambda t: (t[0], t[1]))
        with self.app.batch_update():
            timeline.remove_children()
            timeline.mount_all([w for _, _, w in items])
        if at_end:
            timeline.call_after_refresh(timeline.scroll_end, animate=False)

    # ------------------------------------------------------------ guarding actions

    def _allowed(self, action: str) -> tuple[bool, str]:
        if self.detail is None:
            return False, "The ticket is still loading."
        needs = GUARDED.get(action)
        if not needs:
            return True, ""
        reasons = []
        for view in self.detail.actions:
            if view.action in needs:
                if view.allowed:
                    return True, ""
                reasons.append(view.reason)
        return False, (reasons[0] if reasons else "Not possible now.")

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
                self.app.notify(why or "Not possible now.", title="Not allowed now", severity="warning",
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
        self.app.notify(done, title=f"Ticket #{detail.number}", markup=False)

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
        fn, title = {
            "reply": (tk.reply, "Reply to the customer"),
            "note": (tk.note, "Internal note"),
            "request_info": (tk.request_info, "Request information"),
        }[kind]

        # The version the agent saw when opening the composer: a live reload underneath does not
        # silently move it. After a refusal (StaleTicket names who changed what and the screen
        # reloads) the retry is checked against what the screen now shows.
        base = {"version": self.detail.version if self.detail else None}

        def send(text: str) -> TicketDetail:
            assert self.detail is not None
            try:
                return fn(self.ctx, self.number, text, expected_version=base["version"])
            except StaleTicket:
                try:
                    base["version"] = tk.get_ticket(self.ctx, self.number).version
                except AgentTuiError:
                    pass  # keep the old version: the retry is refused again rather than unchecked
                raise

        def done(detail: TicketDetail | None) -> None:
            if detail is not None:
                self._applied(detail, {"reply": "Reply sent.", "note": "Note added.",
                                       "request_info": "Request sent; the ticket is pending."}[kind])

        subject = self.detail.row.subject if self.detail else ""
        slot = drafts_svc.DraftSlot(self.ctx, self.number, kind)
        saved = lambda body: self._draft_saved(kind, {"body": body} if body else None)  # noqa: E731
        self.app.push_screen(ComposerModal(title, subject, send, draft=draft, on_stale=self.load,
                                           slot=slot, on_saved=saved, unsaved=bool(insert)), done)

    def action_reply(self) -> None:
        self.open_composer("reply")

    def action_note(self) -> None:
        self.open_composer("note")

    def action_request_info(self) -> None:
        self.open_composer("request_info")

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
        self._act(tk.assign, done="Assigned to you.")

    def action_hold(self) -> None:
        self._form("Put on hold", [
            Field("reason", "What are we waiting for?", placeholder="e.g. the payment provider's answer"),
            Field("kind", "Waiting on", "select", "third_party", [("a third party", "third_party"),
                                                                   ("something else", "other")]),
        ], "Hold", lambda v: self._act(tk.hold, str(v["reason"]), str(v["kind"] or "third_party"),
                                       done="On hold; the SLA clock is paused."))

    def action_resume(self) -> None:
        self._form("Resume", [Field("note", "Note (optional)")], "Resume",
                   lambda v: self._act(tk.resume, str(v["note"]), done="Resumed; the SLA clock runs again."))

    def action_propose(self) -> None:
        self._form("Propose a solution", [
            Field("solution", "Solution", "area"),
            Field("hotfix", "It is a hotfix (applied directly, no approval needed)", "checkbox", False),
        ], "Propose", lambda v: self._act(tk.propose_solution, str(v["solution"]), hotfix=bool(v["hotfix"]),
                                          done="Solution recorded."))

    def action_approve(self) -> None:
        self._form("Customer approved the solution", [Field("note", "Note (optional)")], "Approve",
                   lambda v: self._act(tk.approve, str(v["note"]), done="Approved; back to open."))

    def action_solve(self) -> None:
        outcomes = [(o.value.replace("_", " "), o.value) for o in Outcome if o is not Outcome.NO_CUSTOMER_RESPONSE]
        self._form("Solve", [
            Field("outcome", "Outcome (the customer is told)", "select", "fixed", outcomes),
            Field("resolution", "Resolution", "area"),
        ], "Solve", lambda v: self._act(tk.solve, str(v["outcome"] or ""), str(v["resolution"]),
                                        done="Solved; the auto-close countdown started."))

    def action_reopen(self) -> None:
        self._form("Reopen", [Field("reason", "Reason (optional)")], "Reopen",
                   lambda v: self._act(tk.reopen, str(v["reason"]), done="Reopened."))

    def action_close(self) -> None:
        self._confirm_final(lc.Action.CLOSE, "Close", lambda: self._act(tk.close, done="Closed."))

    def _confirm_final(self, action: lc.Action, verb: str, run: Callable[[], None]) -> None:
        """Run ``run`` at once, or after a y/n confirmation when ``action`` can make the ticket final."""
        if not lc.irreversible(action):
            run()
            return
        opened = self.detail.version if self.detail else None  # checked against what the agent confirmed
        question = Text(f"{verb} ticket #{self.number}? ", style="bold")
        if self.detail:
            question.append_text(safe_line(self.detail.row.subject, 60, style="bold"))
        final = ", ".join(s.label for s in sorted(lc.FINAL_STATUSES))
        detail = Text(f"{final.capitalize()} is final: it cannot be undone. If the customer writes again, "
                      "a follow-up ticket is opened.")

        def done(yes: bool | None) -> None:
            if yes:
                self._at_version(opened, run)

        self.app.push_screen(ConfirmModal(question, detail, yes=verb, no="Keep it"), done)

    def action_severity(self) -> None:
        current = Severity(self.detail.row.severity) if self.detail else Severity.GENERAL_QUESTION
        heading = self._heading("Override severity")
        opened = self.detail.version if self.detail else None

        def done(choice: dict | None) -> None:
            if choice is not None:
                self._at_version(opened, lambda: self._act(tk.set_severity, choice["severity"], choice["reason"],
                                                           done="Severity changed; deadlines recomputed."))

        self.app.push_screen(SeverityPicker(heading, current), done)

    def action_checklist(self) -> None:
        d = self.detail
        if d is None:
            return
        fields = [Field(key, label + (" ✗" if key in d.checklist_gaps else ""), value=d.checklist.get(key, ""))
                  for key, label in CHECKLIST_FIELDS.items()]

        def save(values: dict) -> None:
            changed = {k: str(v) for k, v in values.items() if str(v).strip() != str(d.checklist.get(k) or "")}
            if changed:
                self._act(tk.update_checklist, changed, done="Checklist updated.")

        self._form("Required info", fields, "Save", save)

    def action_escalate(self) -> None:
        from agent_tui.screens.escalation import EscalationScreen

        def done(detail: TicketDetail | None) -> None:
            if detail is not None:
                self._applied(detail, "Escalation recorded.")

        saved = lambda fields: self._draft_saved(drafts_svc.ESCALATION, fields)  # noqa: E731
        self.app.push_screen(EscalationScreen(self.ctx, self.number, on_draft=saved), done)

    def action_kb(self) -> None:
        from agent_tui.screens.kb import KbScreen

        def done(text: str | None) -> None:
            if text:
                self.open_composer("reply", insert=str(text))

        self.app.push_screen(KbScreen(self.ctx, self.number), done)
