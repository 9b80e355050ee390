"""SLA clock bookkeeping in the store: status changes with their pauses, responses, timers, retargeting.

The clock arithmetic itself is pure (``domain.sla_clocks``, ``domain.sla``, ``domain.timers``);
this module loads what it needs (policy, calendars, the ticket's timers) and keeps the stored
timers, queue keys and the report's spans (``sla_spans``: pauses, answered update clocks) in step
with a ticket's state. ``recompute_deadlines`` moves every open ticket to a changed policy (set-based:
columns read and written in bulk, one audit event per changed ticket); ``apply_timer`` is what the
sweep does when a timer fires.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from operator import attrgetter

from sqlalchemy import bindparam, insert, or_, update
from sqlmodel import Session, col, select

from agent_tui.domain import lifecycle as lc
from agent_tui.domain.calendar import Calendar, business_minutes_between, business_minutes_between_excluding
from agent_tui.domain.durations import words
from agent_tui.domain.lifecycle import Action, Outcome, Status
from agent_tui.domain.policy import LEGACY_CALENDAR, Policy, SlaTarget
from agent_tui.domain.severity import Severity
from agent_tui.domain.sla_clocks import (
    ClockCalendars,
    UpdateAnswered,
    calendar_names,
    pause,
    record_customer_message,
    record_response,
    refresh_queue_keys,
    retarget,
    stored_target,
    unpause,
)
from agent_tui.domain.timers import TimerInputs, TimerKind, plan_timers
from agent_tui.services import outbox
from agent_tui.services.bulk_rows import sink_of
from agent_tui.services.config_store import active_policy_name, load_calendar, load_policy
from agent_tui.services.context import Context
from agent_tui.services.sla_alerts import WARNINGS
from agent_tui.services.ticket_base import (
    SYSTEM,
    add_row,
    agent_name_of,
    audit,
    calendar_of,
    calendars_for,
    calendars_of,
    policy_for,
    state_of,
    touch,
)
from agent_tui.store.changes import note_changed
from agent_tui.store.db import retry_transient
from agent_tui.store.models import AuditEvent, Customer, SlaSpan, Ticket, Timer

OPEN_STATUSES = (Status.NEW.value, Status.OPEN.value, Status.PENDING.value, Status.ON_HOLD.value)


def target_of(session: Session, ticket: Ticket, policy: Policy, plan: str | None = None) -> SlaTarget | None:
    """The policy's target for this ticket: by severity, the customer's plan and the tags (None: no SLA)."""
    if plan is None and ticket.customer_id is not None:
        customer = session.get(Customer, ticket.customer_id)
        plan = customer.plan if customer is not None else None
    return policy.target(Severity(ticket.severity), plan, ticket.tags or ())


def timer_inputs(ticket, cals: ClockCalendars | None = None) -> TimerInputs:
    """What ``plan_timers`` needs of a ticket (the row, or the bulk recompute's plain object)."""
    if cals is None:
        cals = calendars_of(None, ticket)
    return TimerInputs(
        status=Status(ticket.status),
        severity=Severity(ticket.severity),
        pending_since=ticket.pending_since,
        solved_at=ticket.solved_at,
        first_response_at=ticket.first_response_at,
        first_response_due=ticket.first_response_due,
        resolution_due=ticket.resolution_due,
        sla_paused_at=ticket.sla_paused_at,
        calendar=cals.resolution,
        sla_running_since=ticket.sla_running_since,
        next_update_due=ticket.next_update_due,
        target=stored_target(ticket),
        calendars={"first_response": cals.first_response, "next_update": cals.next_update,
                   "resolution": cals.resolution},
    )


def timer_changes(desired: Mapping[TimerKind, datetime], timers: Iterable, imported_at: datetime | None
                  ) -> tuple[list, list[tuple[TimerKind, datetime]]]:
    """The stored timers to cancel and the (kind, due) to add so the ticket's timers are ``desired``.

    A fired timer is never planned again for the same instant; SLA alarms fire once per ticket; an
    imported ticket's deadline that had passed before the import is history, not an alarm."""
    timers = list(timers)
    fired = {(t.kind, t.due_at) for t in timers if t.state == "fired"}
    fired_kinds = {t.kind for t in timers if t.state == "fired"}
    pending = {t.kind: t for t in timers if t.state == "pending"}
    cancel = [timer for kind, timer in pending.items() if desired.get(kind) != timer.due_at]  # a StrEnum key
    add: list[tuple[TimerKind, datetime]] = []
    for kind, due in desired.items():
        if imported_at is not None and due < imported_at:
            continue
        current = pending.get(kind.value)
        if current is not None and current.due_at == due:
            continue
        if (kind.value, due) in fired or (kind.once_per_ticket and kind.value in fired_kinds):
            continue
        add.append((kind, due))
    return cancel, add


def sync_timers(session: Session, ticket: Ticket, policy: Policy, timers: list[Timer] | None = None) -> None:
    """Make the stored timers match what the ticket's state calls for (``timers``: preloaded, for bulk work)."""
    desired = plan_timers(timer_inputs(ticket, calendars_of(session, ticket)), policy)
    sink = sink_of(session)
    if timers is None:
        if sink is not None:  # the sweep preloaded the batch's timers
            timers = sink.timers_of(ticket.id)
        else:
            if any(isinstance(o, Timer) for o in session.new):
                session.flush()  # timers added earlier in this transaction are read back
            with session.no_autoflush:  # the ticket's own changes need not be written for this read
                timers = list(session.exec(select(Timer).where(Timer.ticket_id == ticket.id)).all())
    cancel, add = timer_changes(desired, timers, ticket.imported_at)
    for timer in cancel:
        timer.state = "cancelled"
    for kind, due in add:
        if sink is not None:
            sink.new_timer(ticket.id, kind.value, due)
        else:
            session.add(Timer(ticket_id=ticket.id, kind=kind.value, due_at=due))


def apply_target(s: Session, ticket: Ticket, target: SlaTarget | None, now: datetime,
                 policy: Policy | None = None) -> None:
    """Recompute every deadline under a new target (``sla_clocks.retarget``; loads the calendars)."""
    policy = policy or policy_for(s, ticket)
    retarget(ticket, target, calendars_of(s, ticket), calendars_for(s, target, policy), now, policy.update_rules)


def set_status(
    session: Session, ctx: Context, ticket: Ticket, new: Status, *, actor: str | None = None, **details: object
) -> None:
    """Apply a status change with its side effects: SLA pause/resume, timers, audit; a pause (pending,
    on hold) that ends is kept for the report."""
    old = Status(ticket.status)
    now = ctx.clock.now()
    if new is not old:
        running = {Status.NEW, Status.OPEN}
        if old in lc.PAUSED_STATUSES and ticket.sla_paused_at is not None:
            cal = calendar_of(session, ticket)
            add_row(session, SlaSpan, ticket_id=ticket.id, kind="paused", started_at=ticket.sla_paused_at,
                    ended_at=now, business_min=max(business_minutes_between(cal, ticket.sla_paused_at, now), 0.0),
                    calendar=cal.name)
        if old in running and new not in running:
            pause(ticket, calendars_of(session, ticket), now)
        elif old not in running and new in running:
            unpause(ticket, calendars_of(session, ticket), now)  # a re-opened ticket resumes its clocks
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
        from agent_tui.services import similar  # solved tickets are searchable for "similar solved tickets"

        similar.sync_in_session(session, ctx, ticket, old.value)
    elif new is Status.PENDING:
        ticket.pending_since = now  # asking again restarts the waiting period
    refresh_queue_keys(ticket)
    sync_timers(session, ticket, policy_for(session, ticket))


def _paused_spans(s: Session, ticket: Ticket, start: datetime) -> list[tuple[datetime, datetime | None]]:
    """The ticket's pauses since ``start`` (the finished ones kept in ``sla_spans``, and the current one)."""
    spans: list[tuple[datetime, datetime | None]] = list(s.exec(
        select(SlaSpan.started_at, SlaSpan.ended_at).where(
            SlaSpan.ticket_id == ticket.id, SlaSpan.kind == "paused", col(SlaSpan.ended_at) > start)).all())
    if ticket.sla_paused_at is not None:
        spans.append((ticket.sla_paused_at, None))
    return spans


def _keep_update_answered(s: Session, ticket: Ticket, cal: Calendar, answered: UpdateAnswered | None,
                          running_since: datetime | None) -> None:
    """An update clock an agent's response stopped, with the business time it ran (paused time left out)."""
    if answered is None:
        return
    start, end = answered.started_at, answered.answered_at
    if running_since is not None and running_since <= start:  # no pause since it started
        took = business_minutes_between(cal, start, end)
    elif ticket.sla_paused_at is not None and ticket.sla_paused_at <= start:  # paused all along
        took = 0.0
    else:
        took = business_minutes_between_excluding(cal, start, end, _paused_spans(s, ticket, start))
    s.add(SlaSpan(ticket_id=ticket.id, kind="next_update", started_at=start, ended_at=end, due_at=answered.due_at,
                  business_min=max(took, 0.0), met=answered.met, calendar=cal.name))


def agent_responded(s: Session, ctx: Context, ticket: Ticket, kind: str) -> bool:
    """An agent's message of ``kind`` (``public``, ``phone``, ``chat``) reached the customer: where the
    policy counts it as a response, the first response is met and the update clock answered. Returns
    whether it counted."""
    policy = policy_for(s, ticket)
    if not policy.update_rules.counts(kind):
        return False
    cals = calendars_of(s, ticket)
    running_since = ticket.sla_running_since
    answered = record_response(ticket, cals, ctx.clock.now(), policy.update_rules)
    _keep_update_answered(s, ticket, cals.next_update, answered, running_since)
    return True


def customer_wrote(s: Session, ctx: Context, ticket: Ticket) -> None:
    """The customer's message starts (or restarts) the update clock as the policy says."""
    policy = policy_for(s, ticket)
    record_customer_message(ticket, calendars_of(s, ticket), ctx.clock.now(), policy.update_rules)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


DEADLINE_FIELDS = ("first_response_due", "next_update_due", "resolution_due", "sla_calendar",
                   "first_response_calendar", "next_update_calendar")


_DEADLINES = attrgetter(*DEADLINE_FIELDS)


def deadlines(ticket) -> dict[str, object]:
    return dict(zip(DEADLINE_FIELDS, _DEADLINES(ticket)))


def deadline_change(before: dict[str, object], after: dict[str, object]) -> dict[str, list[object]]:
    """Audit details: ``field: [old, new]`` for every deadline (ISO instants) and the calendars."""
    def show(v: object) -> object:
        return _iso(v) if isinstance(v, datetime) else (v or None)

    return {f: [show(before[f]), show(after[f])] for f in DEADLINE_FIELDS}


# ---------------------------------------------------------------- recompute, set-based

# What the recompute reads of a ticket and what it may write back (everything else stays as it is).
_READ = ("id", "number", "status", "severity", "customer_id", "tags", "policy_name", "version", "created_at",
         "imported_at", "pending_since", "solved_at", "urgency", "sla_due_at", "sla_calendar",
         "first_response_calendar", "next_update_calendar", "sla_running_since", "sla_business_min",
         "first_response_used_min", "sla_paused_at", "sla_paused_seconds", "first_response_target_min",
         "resolution_target_min", "next_update_target_min", "first_response_due", "resolution_due",
         "next_update_due", "update_contact_due", "update_unanswered_due", "unanswered_since", "first_response_at",
         "first_response_business_min", "first_response_met", "last_contact_at")
_WRITTEN = ("policy_name", "urgency", "sla_due_at", "sla_calendar", "first_response_calendar", "next_update_calendar",
            "sla_running_since", "sla_business_min", "first_response_used_min", "first_response_target_min",
            "resolution_target_min", "next_update_target_min", "first_response_due", "resolution_due",
            "next_update_due", "update_contact_due", "update_unanswered_due", "first_response_met")


_WRITTEN_KEYS = tuple(f"v_{n}" for n in _WRITTEN)
_GETTERS: dict[tuple[str, ...], attrgetter] = {}


class TicketClocks:
    """A ticket's clock columns as a plain object: what the domain functions work on in the bulk path."""

    __slots__ = _READ

    def __init__(self, row: Iterable[object]) -> None:
        """``row``: the values of :data:`_READ`, in that order."""
        for name, value in zip(_READ, row):
            setattr(self, name, value)

    def values(self, names: tuple[str, ...]) -> tuple:
        getter = _GETTERS.get(names)
        if getter is None:
            getter = _GETTERS[names] = attrgetter(*names)
        return getter(self)


class _Calendars:
    """Calendars by name for one recompute: the stored ones, or the old definition of a changed one."""

    def __init__(self, s: Session, old: Mapping[str, Calendar | None]) -> None:
        self.s, self.old, self.new = s, old, {}

    def _load(self, name: str) -> Calendar:
        if name not in self.new:
            self.new[name] = load_calendar(self.s, name)
        return self.new[name]

    def current(self, names: tuple[str, str, str]) -> ClockCalendars:
        return ClockCalendars(*(self._load(n) for n in names))

    def before(self, names: tuple[str, str, str]) -> ClockCalendars:
        return ClockCalendars(*((self.old.get(n) or self._load(n)) for n in names))

    def of_target(self, target: SlaTarget | None, policy: Policy) -> ClockCalendars:
        base = (target.calendar if target else "") or policy.calendar or LEGACY_CALENDAR
        if target is None:
            return self.current((base, base, base))
        return self.current(tuple(target.calendar_for(c) or base  # type: ignore[arg-type]
                                  for c in ("first_response", "next_update", "resolution")))


@retry_transient
def recompute_deadlines(ctx: Context, *, policy_name: str | None = None, batch: int = 2000,
                        progress: Callable[[int], None] | None = None, keep_policy: bool = False,
                        policies: Iterable[str] | None = None, calendars: Mapping[str, Calendar | None] | None = None,
                        ) -> dict[str, int]:
    """Move every open ticket to the active policy (or ``policy_name``) and recompute its deadlines.

    ``keep_policy``: recompute each ticket under its own policy instead (a policy or calendar whose
    content changed); then only tickets under one of ``policies`` or counting on one of ``calendars``
    are read. ``calendars`` maps a changed calendar's name to its old definition: the business time a
    clock used so far is measured on what was in force while it ran.

    Running clocks get new deadlines; a deadline that has passed stays; a first response given keeps
    its outcome (see ``sla_clocks.retarget``). Each ticket changed gets an ``sla_recomputed`` audit
    event with the old and new deadlines, its version bumped and its timers re-planned.

    Set-based (issue 16): per batch of ``batch`` tickets (one transaction each, rows locked) the clock
    columns are read with one query, the new deadlines computed by the domain, and the changes written
    with one executemany UPDATE, one INSERT of audit events, and one UPDATE/INSERT of timers.
    """
    old_calendars = dict(calendars or {})
    table = Ticket.__table__
    counts = {"tickets": 0, "changed": 0}
    last_id = 0
    while True:
        with ctx.db.transaction() as s:
            ctx.acting_agent(s)  # an unknown agent changes nothing (NotFound)
            now = ctx.clock.now()
            active = None if keep_policy else load_policy(s, policy_name or active_policy_name(s))
            stmt = (select(*(table.c[n] for n in _READ))
                    .where(table.c.status.in_(OPEN_STATUSES), table.c.id > last_id))
            if keep_policy:
                names, cal_names = list(policies or ()), list(old_calendars)
                stmt = stmt.where(or_(table.c.policy_name.in_(names), table.c.sla_calendar.in_(cal_names),
                                      table.c.first_response_calendar.in_(cal_names),
                                      table.c.next_update_calendar.in_(cal_names)))
            rows = s.connection().execute(stmt.order_by(table.c.id).limit(batch).with_for_update()).all()
            if not rows:
                break
            tickets = [TicketClocks(r) for r in rows]
            last_id = tickets[-1].id
            counts["tickets"] += len(tickets)
            changed = _recompute_batch(s, ctx, tickets, active, _Calendars(s, old_calendars), now)
            counts["changed"] += changed
        if progress is not None:
            progress(counts["tickets"])
    return counts


def _recompute_batch(s: Session, ctx: Context, tickets: list[TicketClocks], active: Policy | None,
                     cals: _Calendars, now: datetime) -> int:
    ct = Customer.__table__
    plans = dict(s.connection().execute(select(ct.c.id, ct.c.plan).where(
        ct.c.id.in_({t.customer_id for t in tickets if t.customer_id}))).all())
    changed: list[tuple[TicketClocks, Policy, ClockCalendars]] = []
    audits: list[dict] = []
    for t in tickets:
        policy = active or load_policy(s, t.policy_name)
        before = deadlines(t)
        old_policy, old_values = t.policy_name, t.values(_WRITTEN)
        target = policy.target(Severity(t.severity), plans.get(t.customer_id), t.tags or ())
        new_cals = cals.of_target(target, policy)
        retarget(t, target, cals.before(calendar_names(t)), new_cals, now, policy.update_rules)
        t.policy_name = policy.name
        refresh_queue_keys(t)
        after = deadlines(t)
        if after == before and old_policy == policy.name:
            continue  # nothing an agent would see moved: leave the row (and its version) alone
        if t.values(_WRITTEN) == old_values:
            continue
        changed.append((t, policy, new_cals))
        audits.append({"ticket_id": t.id, "at": now, "actor": ctx.actor, "action": "sla_recomputed",
                       "field": "policy", "before": old_policy, "after": policy.name,
                       "details": deadline_change(before, after)})
    if not changed:
        return 0
    conn = s.connection()
    table = Ticket.__table__
    rows = [t.values(_WRITTEN) for t, _p, _c in changed]
    # a column with one value in every changed row (the policy, a calendar, often a target) is set once, not
    # bound per row: the executemany's cost is mostly its bound parameters
    same = {i for i in range(len(_WRITTEN)) if all(r[i] == rows[0][i] for r in rows)}
    varying = [i for i in range(len(_WRITTEN)) if i not in same]
    conn.execute(
        update(table).where(table.c.id == bindparam("t_id")).values(
            {_WRITTEN[i]: bindparam(_WRITTEN_KEYS[i]) for i in varying}
            | {_WRITTEN[i]: rows[0][i] for i in same}
            | {"version": table.c.version + 1, "updated_at": now, "updated_by": ctx.actor}),
        [{"t_id": t.id, **{_WRITTEN_KEYS[i]: r[i] for i in varying}} for (t, _p, _c), r in zip(changed, rows)])
    conn.execute(insert(AuditEvent.__table__), audits)
    _replan_timers(s, changed)
    note_changed(s, {t.number: ctx.actor for t, _p, _c in changed})
    return len(changed)


def _replan_timers(s: Session, changed: list[tuple[TicketClocks, Policy, ClockCalendars]]) -> None:
    """The changed tickets' timers, re-planned in two statements (cancel, insert)."""
    timers: dict[int, list] = {t.id: [] for t, _p, _c in changed}
    tt = Timer.__table__
    for row in s.connection().execute(select(tt.c.id, tt.c.ticket_id, tt.c.kind, tt.c.due_at, tt.c.state).where(
            tt.c.ticket_id.in_(list(timers)), tt.c.state.in_(("pending", "fired")))).all():
        timers[row.ticket_id].append(row)
    cancel: list[int] = []
    add: list[dict] = []
    for t, policy, cals in changed:
        drop, new = timer_changes(plan_timers(timer_inputs(t, cals), policy), timers[t.id], t.imported_at)
        cancel += [row.id for row in drop]
        add += [{"ticket_id": t.id, "kind": kind.value, "due_at": due} for kind, due in new]
    conn = s.connection()
    if cancel:
        conn.execute(update(Timer.__table__).where(Timer.__table__.c.id.in_(bindparam("ids", expanding=True)))
                     .values(state="cancelled"), {"ids": cancel})
    if add:
        conn.execute(insert(Timer.__table__).values(state="pending"), add)


def recompute_changed(ctx: Context, *, policies: Iterable[str] = (),
                      calendars: Mapping[str, Calendar | None] | None = None) -> dict[str, int]:
    """After the content of policies or calendars changed (``agent-tui init`` loading new presets): the
    open tickets under those policies or counting on those calendars, recomputed under their own policy.
    ``calendars``: name → the definition before the change (None: it did not exist)."""
    policies, calendars = list(policies), dict(calendars or {})
    if not policies and not calendars:
        return {"tickets": 0, "changed": 0}
    return recompute_deadlines(ctx, keep_policy=True, policies=policies, calendars=calendars)


# ---------------------------------------------------------------- timers firing


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
    elif kind.value.endswith("_warning"):
        # issue 16: the assignee (or, unassigned, every agent of the ticket's tier) is alerted in the app
        # (services.sla_alerts reads these events); the due instant says which deadline it warns of.
        due = {TimerKind.FIRST_RESPONSE_WARNING: ticket.first_response_due,
               TimerKind.NEXT_UPDATE_WARNING: ticket.next_update_due,
               TimerKind.RESOLUTION_WARNING: ticket.resolution_due}[kind]
        assignee = agent_name_of(s, ticket.assignee_id)
        mailed = []
        if policy.warn_mail:  # and by mail, where the policy says so and the agents have an address
            mailed = outbox.enqueue_warning(s, ctx, ticket, WARNINGS[kind.value], due)  # the clock, as alerts name it
        audit(s, ctx, ticket, kind.value, "sla", None, kind.value, actor=SYSTEM, due=_iso(due),
              to=assignee or ticket.tier, **({"mailed": mailed} if mailed else {}))
        return True
    else:
        audit(s, ctx, ticket, kind.value.replace("_breach", "_breached"), "sla", None, kind.value, actor=SYSTEM)
        return True  # an SLA alarm does not change the ticket itself
    touch(ctx, ticket, actor=SYSTEM)
    return True


def timer_still_due(ticket: Ticket, kind: TimerKind, due_at: datetime, policy: Policy) -> bool:
    return plan_timers(timer_inputs(ticket), policy).get(kind) == due_at
