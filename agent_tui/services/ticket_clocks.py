"""SLA clock bookkeeping in the store: status changes with their pauses, timers, retargeting.

The clock arithmetic itself is pure (``domain.sla_clocks``, ``domain.sla``, ``domain.timers``);
this module loads what it needs (policy, calendars, the ticket's timers) and keeps the stored
timers and queue keys in step with a ticket's state. ``recompute_deadlines`` moves every open
ticket to a changed policy; ``apply_timer`` is what the sweep does when a timer fires.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from agent_tui.domain import lifecycle as lc
from agent_tui.domain.durations import words
from agent_tui.domain.lifecycle import Action, Outcome, Status
from agent_tui.domain.policy import LEGACY_CALENDAR, Policy, SlaTarget
from agent_tui.domain.severity import Severity
from agent_tui.domain.sla_clocks import pause, refresh_queue_keys, retarget, stored_target, unpause
from agent_tui.domain.timers import TimerInputs, TimerKind, plan_timers
from agent_tui.services import outbox
from agent_tui.services.config_store import active_policy_name, load_calendar, load_policy
from agent_tui.services.context import Context
from agent_tui.services.ticket_base import SYSTEM, add_message, audit, calendar_of, policy_for, state_of, touch
from agent_tui.store.db import retry_transient
from agent_tui.store.models import Customer, Ticket, Timer

def target_of(session: Session, ticket: Ticket, policy: Policy, plan: str | None = None) -> SlaTarget:
    """The policy's target for this ticket: by severity, the customer's plan and the tags."""
    if plan is None and ticket.customer_id is not None:
        customer = session.get(Customer, ticket.customer_id)
        plan = customer.plan if customer is not None else None
    return policy.target(Severity(ticket.severity), plan, ticket.tags or ())


def timer_inputs(ticket: Ticket) -> TimerInputs:
    return TimerInputs(
        status=Status(ticket.status),
        severity=Severity(ticket.severity),
        pending_since=ticket.pending_since,
        solved_at=ticket.solved_at,
        first_response_at=ticket.first_response_at,
        first_response_due=ticket.first_response_due,
        resolution_due=ticket.resolution_due,
        sla_paused_at=ticket.sla_paused_at,
        calendar=calendar_of(None, ticket),
        sla_running_since=ticket.sla_running_since,
        next_update_due=ticket.next_update_due,
        target=stored_target(ticket),
    )


def sync_timers(session: Session, ticket: Ticket, policy: Policy, timers: list[Timer] | None = None) -> None:
    """Make the stored timers match what the ticket's state calls for (``timers``: preloaded, for bulk work)."""
    desired = plan_timers(timer_inputs(ticket), policy)
    if timers is None:
        timers = list(session.exec(select(Timer).where(Timer.ticket_id == ticket.id)).all())
    fired = {(t.kind, t.due_at) for t in timers if t.state == "fired"}
    fired_kinds = {t.kind for t in timers if t.state == "fired"}
    pending = {t.kind: t for t in timers if t.state == "pending"}
    for kind, timer in pending.items():
        if desired.get(TimerKind(kind)) != timer.due_at:
            timer.state = "cancelled"
    for kind, due in desired.items():
        if ticket.imported_at is not None and due < ticket.imported_at:
            continue  # an imported ticket's deadline that had passed before the import is history, not an alarm
        current = pending.get(kind.value)
        if current is not None and current.due_at == due:
            continue
        if (kind.value, due) in fired or (kind.once_per_ticket and kind.value in fired_kinds):
            continue
        session.add(Timer(ticket_id=ticket.id, kind=kind.value, due_at=due))


def apply_target(s: Session, ticket: Ticket, target: SlaTarget, now: datetime) -> None:
    """Recompute every deadline under a new target (``sla_clocks.retarget``; loads both calendars)."""
    retarget(ticket, target, calendar_of(s, ticket), load_calendar(s, target.calendar or LEGACY_CALENDAR), now)


def set_status(
    session: Session, ctx: Context, ticket: Ticket, new: Status, *, actor: str | None = None, **details: object
) -> None:
    """Apply a status change with its side effects: SLA pause/resume, timers, audit."""
    old = Status(ticket.status)
    now = ctx.clock.now()
    if new is not old:
        running = {Status.NEW, Status.OPEN}
        if old in running and new not in running:
            pause(ticket, calendar_of(session, ticket), now)
        elif old not in running and new in running:
            unpause(ticket, calendar_of(session, ticket), now)  # a re-opened ticket resumes its clocks
        ticket.status = new.value
        if new is Status.PENDING:
            ticket.pending_since = now
        elif old is Status.PENDING:
            ticket.pending_since = None
        if new is Status.SOLVED:
            ticket.solved_at = now
            ticket.resolution_business_min = ticket.sla_business_min  # frozen by the pause above
        elif old is Status.SOLVED:
            ticket.solved_at = None
            ticket.outcome = None if new is Status.OPEN else ticket.outcome
        if new is Status.CLOSED:
            ticket.closed_at = now
            if old is not Status.SOLVED:  # closed straight from pending (seed 004): that is its resolution too
                ticket.solved_at = now
                ticket.resolution_business_min = ticket.sla_business_min
        elif old is Status.CLOSED:  # the customer answered a ticket closed for want of their answer
            ticket.closed_at = ticket.solved_at = None
            ticket.outcome = None
            ticket.resolution = ""
        if old is Status.ON_HOLD:
            ticket.hold_kind = None
        audit(session, ctx, ticket, "status_changed", "status", old.value, new.value, actor=actor, **details)
    elif new is Status.PENDING:
        ticket.pending_since = now  # asking again restarts the waiting period
    refresh_queue_keys(ticket)
    sync_timers(session, ticket, policy_for(session, ticket))


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


DEADLINE_FIELDS = ("first_response_due", "next_update_due", "resolution_due", "sla_calendar")


def deadlines(ticket: Ticket) -> dict[str, object]:
    return {f: getattr(ticket, f) for f in DEADLINE_FIELDS}


def deadline_change(before: dict[str, object], after: dict[str, object]) -> dict[str, list[object]]:
    """Audit details: ``field: [old, new]`` for every deadline (ISO instants) and the calendar."""
    def show(v: object) -> object:
        return _iso(v) if isinstance(v, datetime) else (v or None)

    return {f: [show(before[f]), show(after[f])] for f in DEADLINE_FIELDS}


@retry_transient
def recompute_deadlines(ctx: Context, *, policy_name: str | None = None, batch: int = 500,
                        progress=None) -> dict[str, int]:
    """Move every open ticket to the active policy (or ``policy_name``) and recompute its deadlines.

    Each ticket changed gets an ``sla_recomputed`` audit event with the old and new deadlines.
    Works in batches of ``batch`` tickets, one transaction each, so a big store is not locked at once.
    """
    open_statuses = [Status.NEW.value, Status.OPEN.value, Status.PENDING.value, Status.ON_HOLD.value]
    counts = {"tickets": 0, "changed": 0}
    last_id = 0
    while True:
        with ctx.db.transaction() as s:
            name = policy_name or active_policy_name(s)
            policy = load_policy(s, name)
            now = ctx.clock.now()
            tickets = s.exec(select(Ticket).where(col(Ticket.status).in_(open_statuses), col(Ticket.id) > last_id)
                             .order_by(Ticket.id).limit(batch).with_for_update()).all()
            if not tickets:
                break
            plans = dict(s.exec(select(Customer.id, Customer.plan).where(
                col(Customer.id).in_({t.customer_id for t in tickets if t.customer_id}))).all())
            timers: dict[int, list[Timer]] = {t.id: [] for t in tickets}  # type: ignore[misc]
            for timer in s.exec(select(Timer).where(col(Timer.ticket_id).in_(list(timers)))).all():
                timers[timer.ticket_id].append(timer)
            load_calendar(s, LEGACY_CALENDAR)
            for cal_name in policy.calendars():
                load_calendar(s, cal_name)
            s.autoflush = False  # one flush per batch, not one per ticket
            for ticket in tickets:
                last_id = ticket.id  # type: ignore[assignment]
                counts["tickets"] += 1
                before = deadlines(ticket)
                old_policy = ticket.policy_name
                target = policy.target(Severity(ticket.severity), plans.get(ticket.customer_id), ticket.tags or ())
                apply_target(s, ticket, target, now)
                ticket.policy_name = policy.name
                after = deadlines(ticket)
                if after == before and old_policy == policy.name:
                    continue
                counts["changed"] += 1
                audit(s, ctx, ticket, "sla_recomputed", "policy", old_policy, policy.name,
                       **deadline_change(before, after))
                refresh_queue_keys(ticket)
                sync_timers(s, ticket, policy, timers[ticket.id])  # type: ignore[index]
                touch(ctx, ticket)
        if progress is not None:
            progress(counts["tickets"])
    return counts


def apply_timer(s: Session, ctx: Context, ticket: Ticket, kind: TimerKind) -> bool:
    """Apply one fired timer to its (locked) ticket. Returns False if it no longer applies."""
    policy = policy_for(s, ticket)
    closes = policy.pending_timeout == "close"  # seed 004: closed without an answer, a reply re-opens it
    if kind is TimerKind.PENDING_REMINDER:
        days = policy.pending_reminder_after.days if policy.pending_reminder_after else 0
        outbox.enqueue(s, ctx, ticket, "reminder_close" if closes else "reminder", values={
            "time_left": policy.pending_autosolve_after - (policy.pending_reminder_after or timedelta())})
        audit(s, ctx, ticket, "reminder_sent", actor=SYSTEM, after_days=days)
    elif kind is TimerKind.PENDING_AUTOSOLVE and closes:
        new = lc.next_status(Action.AUTO_CLOSE, state_of(s, ticket))
        ticket.outcome = Outcome.NO_CUSTOMER_RESPONSE.value
        ticket.resolution = (f"Closed automatically: no reply from the customer within "
                             f"{words(policy.pending_autosolve_after)}.")
        audit(s, ctx, ticket, "auto_closed_no_reply", "outcome", None, ticket.outcome, actor=SYSTEM)
        set_status(s, ctx, ticket, new, actor=SYSTEM, reason="no reply")
        outbox.enqueue(s, ctx, ticket, "closed_no_reply", values={"after": policy.pending_autosolve_after})
    elif kind is TimerKind.PENDING_AUTOSOLVE:
        new = lc.next_status(Action.AUTO_SOLVE, state_of(s, ticket))
        ticket.outcome = Outcome.NO_CUSTOMER_RESPONSE.value
        ticket.resolution = (f"Solved automatically: no reply from the customer within "
                             f"{words(policy.pending_autosolve_after)}.")
        audit(s, ctx, ticket, "auto_solved", "outcome", None, ticket.outcome, actor=SYSTEM)
        set_status(s, ctx, ticket, new, actor=SYSTEM)
        outbox.enqueue(s, ctx, ticket, "auto_solved", values={
            "after": policy.pending_autosolve_after, "autoclose_after": policy.solved_autoclose_after})
    elif kind is TimerKind.SOLVED_AUTOCLOSE:
        new = lc.next_status(Action.AUTO_CLOSE, state_of(s, ticket))
        set_status(s, ctx, ticket, new, actor=SYSTEM, reason="auto-close")
        outbox.enqueue(s, ctx, ticket, "auto_closed")
    else:
        audit(s, ctx, ticket, kind.value.replace("_breach", "_breached"), "sla", None, kind.value, actor=SYSTEM)
        return True  # an SLA alarm does not change the ticket itself
    touch(ctx, ticket, actor=SYSTEM)
    return True


def timer_still_due(ticket: Ticket, kind: TimerKind, due_at: datetime, policy: Policy) -> bool:
    return plan_timers(timer_inputs(ticket), policy).get(kind) == due_at

