"""Ticket actions: one function per thing an agent does to a ticket, one transaction each, audited.

Every action runs through :func:`act`, the unit of work: load the ticket with a row lock, check
the version the agent's screen showed (``expected_version``; a change meanwhile is refused with
:class:`~agent_tui.errors.StaleTicket` naming who changed what), check the tier rule
(``domain.allowed``), apply the change, bump the version and return the ticket as the screen
should now show it. A refusal anywhere writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from sqlmodel import Session, col, select

from agent_tui.domain import checklist as cl
from agent_tui.domain import escalation as esc
from agent_tui.domain import lifecycle as lc
from agent_tui.domain.allowed import require_assignable, takes_on_reply
from agent_tui.domain.lifecycle import Action, HoldKind, Status
from agent_tui.domain.severity import Severity
from agent_tui.domain.sla_clocks import refresh_queue_keys
from agent_tui.errors import ForbiddenTransition, InvalidInput
from agent_tui.i18n import N_, _
from agent_tui.services import outbox
from agent_tui.services.context import Context
from agent_tui.services.ticket_base import (
    MAX_BODY,
    actor_of,
    add_message,
    agent_name_of,
    agent_named,
    audit,
    check_version,
    checked_text,
    checklist_missing,
    hands_back,
    load_ticket,
    may_act,
    policy_for,
    state_of,
    touch,
)
from agent_tui.services.ticket_clocks import (
    agent_responded,
    apply_target,
    deadline_change,
    deadlines,
    set_status,
    sync_timers,
    target_of,
)
from agent_tui.services.ticket_files import OutgoingFile, add_files, check_files
from agent_tui.services.ticket_queries import QUEUE_ORDER, result
from agent_tui.services.views import TicketDetail
from agent_tui.store.db import retry_transient
from agent_tui.store.models import Agent, AuditEvent, Escalation, Survey, Ticket

Change = Callable[[Session, Ticket], "bool | None"]


def act(ctx: Context, number: int, change: Change, *, expected_version: int | None = None,
        tier_rule: Action | None = None) -> TicketDetail:
    """The unit of work of an action: lock → version check → tier rule → ``change`` → touch → result.

    ``change(session, ticket)`` applies the action; it returns ``False`` when nothing changed (the
    version is then not bumped), anything else counts as a change.
    """
    with ctx.db.transaction() as s:
        ticket = load_ticket(s, number, lock=True)
        check_version(s, ticket, expected_version)
        if tier_rule is not None:
            may_act(s, ctx, ticket, tier_rule)
        if change(s, ticket) is not False:
            touch(ctx, ticket)
        if ctx.quiet:
            return result(s, ctx, ticket)
        show_after_commit(s, ctx, ticket)
    return s.info.pop("agent_tui_read")


def show_after_commit(s: Session, ctx: Context, ticket: Ticket) -> None:
    """What the use case returns (``result``) is read once its change is committed (issue 18), in the same
    session: the row lock, on SQLite the write lock, is not held while the ticket's timeline is read for the
    screen. The caller returns ``s.info['agent_tui_read']`` after its transaction."""
    ctx.db.read_after_commit(s, lambda session: result(session, ctx, ticket))


# ---------------------------------------------------------------- assignment


@retry_transient
def assign(ctx: Context, number: int, agent_name: str | None = None, *, expected_version: int | None = None
           ) -> TicketDetail:
    """Assign to an agent (default: the acting agent); new → open."""
    target = agent_name or ctx.actor

    def change(s: Session, ticket: Ticket) -> bool:
        ctx.acting_agent(s)  # an unknown agent is told so before anything about the assignee
        agent = agent_named(s, target)
        state = state_of(s, ticket)
        new = lc.next_status(Action.ASSIGN, state, assignee=agent.name)
        before = agent_name_of(s, ticket.assignee_id)
        if before == agent.name and new.value == ticket.status:
            return False
        require_assignable(state, agent.name, esc.Tier(agent.tier))
        ticket.assignee_id = agent.id
        audit(s, ctx, ticket, "assigned", "assignee", before, agent.name)
        set_status(s, ctx, ticket, new)
        return True

    return act(ctx, number, change, expected_version=expected_version)


@retry_transient
def take_next(ctx: Context, agent_name: str | None = None) -> TicketDetail | None:
    """Give the agent the most urgent unassigned ticket of their tier (never the same one twice)."""
    name = agent_name or ctx.actor
    with ctx.db.transaction() as s:
        agent = agent_named(s, name)
        stmt = (
            select(Ticket)
            .where(Ticket.assignee_id.is_(None), Ticket.tier == agent.tier,  # type: ignore[union-attr]
                   col(Ticket.status).in_([Status.NEW.value, Status.OPEN.value]))
            .order_by(*QUEUE_ORDER)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        ticket = s.exec(stmt).first()
        if ticket is None:
            return None
        new = lc.next_status(Action.ASSIGN, state_of(s, ticket), assignee=agent.name)
        ticket.assignee_id = agent.id
        audit(s, ctx, ticket, "assigned", "assignee", None, agent.name, via="take_next")
        set_status(s, ctx, ticket, new)
        touch(ctx, ticket)
        if ctx.quiet:
            return result(s, ctx, ticket)
        show_after_commit(s, ctx, ticket)
    return s.info.pop("agent_tui_read")


# ---------------------------------------------------------------- talking to the customer


def _public_message(s: Session, ctx: Context, ticket: Ticket, text: str, kind: str,
                    values: Mapping[str, object] | None = None, files: Sequence[OutgoingFile] = ()) -> bool:
    """A public message, mailed to the customer (the outbox, in this transaction) with the files the
    agent added: the first one meets the first-response SLA; every one is a contact."""
    message = add_message(s, ctx, ticket, "public", ctx.actor, text)
    if files:
        add_files(s, ctx, ticket, message, files)
    outbox.enqueue(s, ctx, ticket, kind, values={"body": text, **(values or {})}, message=message)
    first = ticket.first_response_at is None
    agent_responded(s, ctx, ticket, "public")  # a public message always counts as a response
    return first


@retry_transient
def reply(ctx: Context, number: int, body: str, *, expected_version: int | None = None,
          files: Sequence[OutgoingFile] = ()) -> TicketDetail:
    """A public reply to the customer, with ``files`` attached; the first one meets the first-response SLA."""
    text = checked_text(body, N_("reply"), required=True)
    check_files(files)

    def change(s: Session, ticket: Ticket) -> None:
        if takes_on_reply(state_of(s, ticket), actor_of(s, ctx)):  # the replying agent is obviously working it
            ticket.assignee_id = agent_named(s, ctx.actor).id
            audit(s, ctx, ticket, "assigned", "assignee", None, ctx.actor, via="reply")
            set_status(s, ctx, ticket, Status.OPEN)
        lc.next_status(Action.REPLY, state_of(s, ticket))
        first = _public_message(s, ctx, ticket, text, "reply", files=files)
        audit(s, ctx, ticket, "replied", first_response=True if first else None)
        refresh_queue_keys(ticket)
        sync_timers(s, ticket, policy_for(s, ticket))

    return act(ctx, number, change, expected_version=expected_version, tier_rule=Action.REPLY)


CONTACT_CHANNELS = ("phone", "chat")


@retry_transient
def log_contact(ctx: Context, number: int, channel: str, summary: str, *,
                expected_version: int | None = None) -> TicketDetail:
    """The agent talked to the customer on the phone or in a chat and records it (no mail goes out).

    Where the policy counts that channel as a response (``responses = ["phone", "chat"]``) it meets
    the first response and answers the update clock like a public reply; otherwise it is on record
    and the clocks run on (issue 16: what counts as a response is policy data).
    """
    via = (channel or "").strip().lower()
    if via not in CONTACT_CHANNELS:
        raise InvalidInput(_("unknown contact channel {channel!r}; use phone or chat").format(channel=channel))
    text = checked_text(summary, N_("summary"), required=True)

    def change(s: Session, ticket: Ticket) -> None:
        if takes_on_reply(state_of(s, ticket), actor_of(s, ctx)):  # the agent on the phone is working it
            ticket.assignee_id = agent_named(s, ctx.actor).id
            audit(s, ctx, ticket, "assigned", "assignee", None, ctx.actor, via=via)
            set_status(s, ctx, ticket, Status.OPEN)
        lc.next_status(Action.REPLY, state_of(s, ticket))
        add_message(s, ctx, ticket, via, ctx.actor, text)
        first = ticket.first_response_at is None
        counted = agent_responded(s, ctx, ticket, via)
        audit(s, ctx, ticket, "contact_logged", "channel", None, via, counted=counted,
              first_response=True if counted and first else None)
        refresh_queue_keys(ticket)
        sync_timers(s, ticket, policy_for(s, ticket))

    return act(ctx, number, change, expected_version=expected_version, tier_rule=Action.REPLY)


@retry_transient
def note(ctx: Context, number: int, body: str, *, expected_version: int | None = None,
         files: Sequence[OutgoingFile] = ()) -> TicketDetail:
    """An internal note: never shown to the customer, never a response. ``files`` (a screenshot from a
    call, a log) are kept with the ticket and listed on the note; they are not mailed."""
    text = checked_text(body, N_("note"), required=True)
    check_files(files)

    def change(s: Session, ticket: Ticket) -> None:
        lc.next_status(Action.NOTE, state_of(s, ticket))
        message = add_message(s, ctx, ticket, "internal", ctx.actor, text)
        if files:
            add_files(s, ctx, ticket, message, files)
        audit(s, ctx, ticket, "noted", **({"files": len(files)} if files else {}))

    return act(ctx, number, change, expected_version=expected_version)


@retry_transient
def request_info(ctx: Context, number: int, body: str, *, expected_version: int | None = None) -> TicketDetail:
    """Ask the customer for details: open → pending; the auto-solve countdown starts (seed 000)."""
    text = checked_text(body, N_("request"), required=True)

    def change(s: Session, ticket: Ticket) -> None:
        new = lc.next_status(Action.REQUEST_INFO, state_of(s, ticket))
        policy = policy_for(s, ticket)
        _public_message(s, ctx, ticket, text, "info_request_close" if policy.pending_timeout == "close"
                        else "info_request", {"autosolve_after": policy.pending_autosolve_after})
        audit(s, ctx, ticket, "info_requested")
        set_status(s, ctx, ticket, new)

    return act(ctx, number, change, expected_version=expected_version, tier_rule=Action.REQUEST_INFO)


# ---------------------------------------------------------------- waiting: hold, approval, resume


@retry_transient
def hold(ctx: Context, number: int, reason: str, kind: str = "third_party", *,
         expected_version: int | None = None) -> TicketDetail:
    """Put on hold, waiting on a third party (or other reason); the SLA clock pauses."""
    text = checked_text(reason, N_("reason"), required=True, limit=2000)
    try:
        hold_kind = HoldKind(kind)
    except ValueError:
        raise InvalidInput(_("unknown hold kind {kind!r}; use third_party or other").format(kind=kind)) from None
    if hold_kind is HoldKind.APPROVAL:
        raise InvalidInput(_("to wait for approval, propose the solution (it records what needs approving)"))

    def change(s: Session, ticket: Ticket) -> None:
        new = lc.next_status(Action.HOLD, state_of(s, ticket), reason=text)
        ticket.hold_reason = text
        audit(s, ctx, ticket, "held", "hold_reason", None, text, kind=hold_kind.value)
        set_status(s, ctx, ticket, new)
        ticket.hold_kind = hold_kind.value

    return act(ctx, number, change, expected_version=expected_version, tier_rule=Action.HOLD)


@retry_transient
def propose_solution(ctx: Context, number: int, solution: str, *, hotfix: bool,
                     expected_version: int | None = None) -> TicketDetail:
    """Seed 001: a hotfix is applied directly; anything else is recorded and waits for approval."""
    text = checked_text(solution, N_("solution"), required=True)

    def change(s: Session, ticket: Ticket) -> None:
        new = lc.next_status(Action.PROPOSE_SOLUTION, state_of(s, ticket), hotfix=hotfix)
        before = ticket.proposed_solution or None
        ticket.proposed_solution = text
        audit(s, ctx, ticket, "solution_proposed", "proposed_solution", before, text, hotfix=hotfix)
        ticket.awaiting_approval = not hotfix  # a hotfix replaces an earlier proposal that waited
        if not hotfix:
            ticket.hold_reason = "waiting for the customer's approval of the proposed solution"
            set_status(s, ctx, ticket, new)
            ticket.hold_kind = HoldKind.APPROVAL.value
            outbox.enqueue(s, ctx, ticket, "approval_request", values={"solution": text})

    return act(ctx, number, change, expected_version=expected_version, tier_rule=Action.PROPOSE_SOLUTION)


@retry_transient
def approve(ctx: Context, number: int, note_text: str = "", *, expected_version: int | None = None) -> TicketDetail:
    """Record the customer's approval of the proposed solution: on_hold → open."""
    text = checked_text(note_text, N_("approval note"), limit=5000)

    def change(s: Session, ticket: Ticket) -> None:
        new = lc.next_status(Action.APPROVE, state_of(s, ticket))
        audit(s, ctx, ticket, "approved", note=text or None, solution=ticket.proposed_solution)
        ticket.awaiting_approval = False
        ticket.hold_reason = ""
        set_status(s, ctx, ticket, new)

    return act(ctx, number, change, expected_version=expected_version, tier_rule=Action.APPROVE)


@retry_transient
def resume(ctx: Context, number: int, note_text: str = "", *, expected_version: int | None = None) -> TicketDetail:
    """The third party answered: on_hold → open, the SLA clock runs again."""
    text = checked_text(note_text, N_("note"), limit=5000)

    def change(s: Session, ticket: Ticket) -> None:
        new = lc.next_status(Action.RESUME, state_of(s, ticket))
        audit(s, ctx, ticket, "resumed", note=text or None)
        ticket.hold_reason = ""
        set_status(s, ctx, ticket, new)

    return act(ctx, number, change, expected_version=expected_version, tier_rule=Action.RESUME)


# ---------------------------------------------------------------- fields: checklist, severity


@retry_transient
def update_checklist(ctx: Context, number: int, fields: Mapping[str, object], *,
                     expected_version: int | None = None) -> TicketDetail:
    typed = {k: checked_text(str(v), k, limit=20_000) for k, v in fields.items()}

    def change(s: Session, ticket: Ticket) -> bool:
        lc.next_status(Action.UPDATE_CHECKLIST, state_of(s, ticket))
        values = cl.normalize(policy_for(s, ticket).checklist, typed)
        current = dict(ticket.checklist or {})
        changed = False
        for key, value in values.items():
            if current.get(key, "") != value:
                audit(s, ctx, ticket, "checklist_updated", key, current.get(key) or None, value or None)
                current[key] = value
                changed = True
        if changed:
            ticket.checklist = current
        return changed

    return act(ctx, number, change, expected_version=expected_version)


@retry_transient
def set_severity(ctx: Context, number: int, severity: Severity, reason: str = "", *,
                 expected_version: int | None = None) -> TicketDetail:
    """An agent overrides triage; deadlines are recomputed and the override recorded."""
    why = checked_text(reason, N_("reason"), limit=2000).strip()
    if not why:
        raise InvalidInput(_("a severity override needs a reason (it is recorded in the audit log)"))

    def change(s: Session, ticket: Ticket) -> bool:
        lc.next_status(Action.SET_SEVERITY, state_of(s, ticket))
        if ticket.severity == severity.value:
            return False
        policy = policy_for(s, ticket)
        before = deadlines(ticket)
        old_severity = ticket.severity
        ticket.severity = severity.value
        ticket.severity_overridden = True
        apply_target(s, ticket, target_of(s, ticket, policy), ctx.clock.now(), policy)
        audit(s, ctx, ticket, "severity_overridden", "severity", old_severity, severity.value, reason=why,
              **deadline_change(before, deadlines(ticket)))
        refresh_queue_keys(ticket)
        sync_timers(s, ticket, policy)
        return True

    return act(ctx, number, change, expected_version=expected_version, tier_rule=Action.SET_SEVERITY)


# ---------------------------------------------------------------- escalation (seed 003)


@retry_transient
def escalate(ctx: Context, number: int, to: str, criterion: str, handover: esc.Handover, *,
             expected_version: int | None = None) -> TicketDetail:
    """Seed 003: hand the ticket to the next tier with all findings; refuses while anything is missing."""
    target = esc.parse_tier(to)
    ho = esc.Handover(
        findings=checked_text(handover.findings, N_("findings"), limit=200_000),
        steps_taken=checked_text(handover.steps_taken, N_("steps taken"), limit=200_000),
        workaround=checked_text(handover.workaround, N_("workaround"), limit=200_000),
        logs=checked_text(handover.logs, N_("logs"), limit=MAX_BODY),
    )
    why = criterion.strip().lower()

    def change(s: Session, ticket: Ticket) -> None:
        lc.next_status(Action.ESCALATE, state_of(s, ticket))
        current = esc.Tier(ticket.tier)
        esc.validate_escalation(current, target, why, ho, checklist_missing(s, ticket))
        previous = agent_name_of(s, ticket.assignee_id)
        s.add(Escalation(ticket_id=ticket.id, direction="up", from_tier=current.value, to_tier=target.value,
                         criterion=why, findings=ho.findings, steps_taken=ho.steps_taken,
                         workaround=ho.workaround, logs=ho.logs, actor=ctx.actor, at=ctx.clock.now()))
        ticket.tier = target.value
        ticket.previous_assignee_id = ticket.assignee_id
        ticket.assignee_id = None
        audit(s, ctx, ticket, "escalated", "tier", current.value, target.value, criterion=criterion,
              previous_assignee=previous)

    return act(ctx, number, change, expected_version=expected_version, tier_rule=Action.ESCALATE)


@retry_transient
def deescalate(ctx: Context, number: int, summary: str, *, expected_version: int | None = None) -> TicketDetail:
    """Back to Tier 1, who tells the customer (seed 003); it returns to the Tier 1 agent who escalated."""
    text = checked_text(summary, N_("summary"), required=True, limit=200_000)

    def change(s: Session, ticket: Ticket) -> None:
        lc.next_status(Action.DEESCALATE, state_of(s, ticket))
        _back_to_tier1(s, ctx, ticket, text)

    return act(ctx, number, change, expected_version=expected_version, tier_rule=Action.DEESCALATE)


def _back_to_tier1(s: Session, ctx: Context, ticket: Ticket, summary: str, **details: object) -> None:
    """The ticket goes down to Tier 1 with ``summary``, to the Tier 1 agent who first escalated it."""
    current = ticket.tier
    s.add(Escalation(ticket_id=ticket.id, direction="down", from_tier=current, to_tier=esc.Tier.TIER1.value,
                     findings=summary, actor=ctx.actor, at=ctx.clock.now()))
    first_up = s.exec(
        select(Escalation).where(Escalation.ticket_id == ticket.id, Escalation.direction == "up",
                                 Escalation.from_tier == esc.Tier.TIER1.value).order_by(col(Escalation.id).desc())
    ).first()
    before = agent_name_of(s, ticket.assignee_id)
    ticket.tier = esc.Tier.TIER1.value
    ticket.assignee_id = None
    back_to = None
    if first_up is not None:
        agent = s.exec(select(Agent).where(Agent.name == first_up.actor)).first()
        if agent is not None and agent.active and agent.tier == esc.Tier.TIER1.value:
            ticket.assignee_id = agent.id
            back_to = agent.name
    audit(s, ctx, ticket, "deescalated", "tier", current, esc.Tier.TIER1.value, summary=summary[:500], **details)
    if before != back_to:
        audit(s, ctx, ticket, "assigned", "assignee", before, back_to, via="deescalate")


# ---------------------------------------------------------------- the end: solve, reopen, close, survey


@retry_transient
def solve(ctx: Context, number: int, outcome: str, resolution: str = "", *,
          expected_version: int | None = None) -> TicketDetail:
    """Solve with an outcome the customer is told (seed 002); the auto-close countdown starts."""
    chosen = lc.parse_outcome(outcome) if outcome else None
    text = checked_text(resolution, N_("resolution"), limit=200_000)

    def change(s: Session, ticket: Ticket) -> None:
        new = lc.next_status(Action.SOLVE, state_of(s, ticket), outcome=chosen.value if chosen else None)
        assert chosen is not None
        if hands_back(policy_for(s, ticket), ticket.tier):
            # Seed 003: "Tier 1 Support will communicate the resolution to the customer" — the resolution
            # goes back to Tier 1 with the outcome, and Tier 1 solves (the customer hears it then).
            if not text.strip():
                raise InvalidInput(_("say what resolved it: Tier 1 tells the customer (the resolution is required)"))
            _back_to_tier1(s, ctx, ticket, text, resolved=chosen.value)
            return
        ticket.outcome = chosen.value
        ticket.resolution = text
        audit(s, ctx, ticket, "solved", "outcome", None, chosen.value, resolution=text[:2000] or None,
              **_how_cleared(s, ticket))
        set_status(s, ctx, ticket, new)
        ticket.hold_reason = ""
        tell_solved(s, ctx, ticket, "solution")

    return act(ctx, number, change, expected_version=expected_version, tier_rule=Action.SOLVE)


def tell_solved(s: Session, ctx: Context, ticket: Ticket, kind: str) -> None:
    """The customer is told the outcome (seed 002), and asked the one survey question where the
    policy wants it (seed 000) and it has not been answered."""
    policy = policy_for(s, ticket)
    outbox.enqueue(s, ctx, ticket, kind, values={
        "outcome": ticket.outcome, "resolution": ticket.resolution,
        "after": policy.pending_autosolve_after, "autoclose_after": policy.solved_autoclose_after})
    if policy.survey_on_solve and s.exec(select(Survey.id).where(Survey.ticket_id == ticket.id)).first() is None:
        outbox.enqueue(s, ctx, ticket, "survey", values={"scale_low": 1, "scale_high": 7})


def _how_cleared(s: Session, ticket: Ticket) -> dict[str, object]:
    """For the solve audit (seed 001): was the solution applied a hotfix, or approved by the customer?

    Empty when no solution was proposed. Read from the ticket's own audit trail (the last proposal
    and any approval after it), so nothing is stored twice.
    """
    if not ticket.proposed_solution:
        return {}
    events = s.exec(
        select(AuditEvent).where(AuditEvent.ticket_id == ticket.id,
                                 col(AuditEvent.action).in_(("solution_proposed", "approved")))
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
    ).all()
    approved = False
    for e in events:
        if e.action == "approved":
            approved = True
        elif e.action == "solution_proposed":
            hotfix = bool((e.details or {}).get("hotfix"))
            return {"hotfix": True} if hotfix else {"hotfix": False, "approved": approved}
    return {}


def _status_change(ctx: Context, action: Action, **details: object) -> Change:
    def change(s: Session, ticket: Ticket) -> None:
        set_status(s, ctx, ticket, lc.next_status(action, state_of(s, ticket)), **details)
    return change


@retry_transient
def reopen(ctx: Context, number: int, reason: str = "", *, expected_version: int | None = None) -> TicketDetail:
    text = checked_text(reason, N_("reason"), limit=5000)
    return act(ctx, number, _status_change(ctx, Action.REOPEN, reason=text or None),
               expected_version=expected_version, tier_rule=Action.REOPEN)


@retry_transient
def close(ctx: Context, number: int, *, expected_version: int | None = None) -> TicketDetail:
    return act(ctx, number, _status_change(ctx, Action.CLOSE), expected_version=expected_version,
               tier_rule=Action.CLOSE)


@retry_transient
def record_survey(ctx: Context, number: int, score: int, comment: str = "") -> TicketDetail:
    """Seed 000's one question: how easy did we make it (1 very hard … 7 very easy)."""
    text = checked_text(comment, N_("comment"), limit=10_000)

    def change(s: Session, ticket: Ticket) -> None:
        lc.next_status(Action.SURVEY, state_of(s, ticket), score=score)
        existing = s.exec(select(Survey).where(Survey.ticket_id == ticket.id)).first()
        if existing is not None:
            raise ForbiddenTransition(_("Ticket #{number} already has a survey answer ({score}).").format(
                number=number, score=existing.score))
        s.add(Survey(ticket_id=ticket.id, score=score, comment=text, at=ctx.clock.now()))
        audit(s, ctx, ticket, "survey_recorded", "survey", None, score, actor=ctx.actor)

    return act(ctx, number, change)
