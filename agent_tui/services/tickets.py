"""Ticket use cases: one function per action, one transaction each, every change audited.

Every mutating function takes ``expected_version``: the version the agent's
screen showed. If somebody else changed the ticket meanwhile the change is
refused with :class:`StaleTicket`, naming who changed what, and nothing is
written. Writers lock the ticket row (``FOR UPDATE`` on PostgreSQL,
``BEGIN IMMEDIATE`` on SQLite), so the check cannot race.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, update
from sqlalchemy.orm import object_session
from sqlmodel import Session, col, select

from agent_tui.domain import escalation as esc
from agent_tui.domain import lifecycle as lc
from agent_tui.domain.clock import ensure_utc
from agent_tui.domain.lifecycle import Action, HoldKind, Outcome, Status, TicketState
from agent_tui.domain.calendar import Calendar, add_business_minutes
from agent_tui.domain.policy import LEGACY_CALENDAR, Policy, SlaTarget
from agent_tui.domain.severity import Severity
from agent_tui.domain.sla import (
    Clock,
    business_left,
    deadline_that_matters,
    minutes,
    resume_shift,
    resumed_due,
    retargeted_due,
    used_minutes,
)
from agent_tui.domain.text import clean, one_line
from agent_tui.domain.timers import AUTO_KINDS, TimerInputs, TimerKind, plan_timers
from agent_tui.domain.triage import triage as run_triage
from agent_tui.errors import ForbiddenTransition, InvalidInput, NotFound, StaleTicket
from agent_tui.services.config_store import active_policy_name, load_calendar, load_policy, load_rules
from agent_tui.services.context import Context
from agent_tui.services.views import (
    ActionView,
    ArticleRef,
    Countdown,
    EscalationView,
    agent_zone,
    EventView,
    MessageView,
    TicketDetail,
    TicketRow,
)
from agent_tui.store.db import insert_or_ignore, retry_transient
from agent_tui.store.models import (
    Agent,
    AuditEvent,
    Customer,
    Escalation,
    KbArticle,
    KbLink,
    Message,
    Survey,
    Ticket,
    Timer,
)

# The queue's order, matching index ix_tickets_queue exactly so a page never sorts the table:
# every active ticket has an sla_due_at (only solved/closed, urgency 2, have none).
QUEUE_ORDER = (Ticket.urgency, Ticket.sla_due_at, Ticket.id)

MAX_BODY = 1_000_000  # characters; a 1 MB paste is accepted, larger is refused
CHANNELS = frozenset({"email", "form", "phone", "chat", "social", "import"})
SYSTEM = "system"
# The narrowest integer column (PostgreSQL ``integer``): numbers, versions and offsets from outside stay within it.
MAX_DB_INT = 2_147_483_647


# ---------------------------------------------------------------- inputs


@dataclass(frozen=True)
class CustomerInput:
    email: str = ""
    name: str = ""
    customer_number: str | None = None
    company: str = ""
    plan: str = "standard"
    domain: str = ""


@dataclass(frozen=True)
class QueueFilter:
    statuses: tuple[str, ...] = ("new", "open", "pending", "on_hold")
    severities: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()
    assignee: str | None = None  # agent name; "" means unassigned
    text: str = ""


# ---------------------------------------------------------------- helpers


def _text(value: str | None, what: str, *, required: bool = False, limit: int = MAX_BODY) -> str:
    cleaned = clean(value)
    if len(cleaned) > limit:
        raise InvalidInput(f"{what} is too long ({len(cleaned):,} characters; the limit is {limit:,})")
    if required and not cleaned.strip():
        raise InvalidInput(f"{what} must not be empty")
    return cleaned


def _agent(session: Session, name: str) -> Agent:
    agent = session.exec(select(Agent).where(Agent.name == name)).first()
    if agent is None:
        raise NotFound(f"no agent named {name!r}; add one with 'agent-tui agent add {name} --tier tier1'")
    return agent


def _agent_name(session: Session, agent_id: int | None, cache: dict[int, str] | None = None) -> str | None:
    if agent_id is None:
        return None
    if cache is not None and agent_id in cache:
        return cache[agent_id]
    agent = session.get(Agent, agent_id)
    name = agent.name if agent else None
    if cache is not None and name:
        cache[agent_id] = name
    return name


def _load(session: Session, number: int, *, lock: bool) -> Ticket:
    stmt = select(Ticket).where(Ticket.number == number)
    if lock:
        stmt = stmt.with_for_update()
    ticket = session.exec(stmt).first()
    if ticket is None:
        raise NotFound(f"no ticket #{number}")
    return ticket


def _check_version(session: Session, ticket: Ticket, expected: int | None) -> None:
    if expected is None or expected == ticket.version:
        return
    last = session.exec(
        select(AuditEvent).where(AuditEvent.ticket_id == ticket.id).order_by(col(AuditEvent.id).desc())
    ).first()
    what = ""
    if last is not None:
        change = last.action.replace("_", " ")
        if last.field and (last.before is not None or last.after is not None):
            change += f" ({last.field}: {last.before or '—'} → {last.after or '—'})"
        when = last.at.strftime("%Y-%m-%d %H:%M UTC")
        what = f" {last.actor or 'someone'} changed it at {when}: {change}."
    raise StaleTicket(
        f"Ticket #{ticket.number} was changed after you opened it (your version {expected}, "
        f"now {ticket.version}).{what} Reload and try again; your text is kept."
    )


def _audit(
    session: Session,
    ctx: Context,
    ticket: Ticket | None,
    action: str,
    field: str = "",
    before: object = None,
    after: object = None,
    actor: str | None = None,
    **details: object,
) -> None:
    if actor is None:
        ctx.acting_agent(session)  # an unknown agent changes nothing (NotFound)
    session.add(
        AuditEvent(
            ticket_id=ticket.id if ticket else None,
            at=ctx.clock.now(),
            actor=actor or ctx.actor,
            action=action,
            field=field,
            before=None if before is None else str(before),
            after=None if after is None else str(after),
            details={k: v for k, v in details.items() if v is not None},
        )
    )


def _may_act(session: Session, ctx: Context, ticket: Ticket, action: str) -> None:
    """The acting agent exists and works the ticket's tier or above (``esc.check_may_act``)."""
    agent = ctx.acting_agent(session)
    if agent is not None:
        esc.check_may_act(agent.name, esc.Tier(agent.tier), ticket.number, esc.Tier(ticket.tier), action)


def _state(session: Session, ticket: Ticket) -> TicketState:
    return TicketState(
        status=Status(ticket.status),
        assignee=_agent_name(session, ticket.assignee_id),
        tier=ticket.tier,
        hold_kind=HoldKind(ticket.hold_kind) if ticket.hold_kind else None,
        number=ticket.number,
        awaiting_approval=bool(ticket.awaiting_approval),
    )


def _touch(ctx: Context, ticket: Ticket, actor: str | None = None) -> None:
    ticket.version += 1
    ticket.updated_at = ctx.clock.now()
    ticket.updated_by = actor or ctx.actor


def _policy_for(session: Session, ticket: Ticket) -> Policy:
    return load_policy(session, ticket.policy_name)


def _calendar_of(session: Session | None, ticket: Ticket) -> Calendar:
    """The calendar the ticket's clocks count on (tickets from before calendars: 24/7 wall clock)."""
    session = session or object_session(ticket)
    return load_calendar(session, ticket.sla_calendar or LEGACY_CALENDAR)  # type: ignore[arg-type]


def _stored_target(ticket: Ticket) -> SlaTarget | None:
    """The targets the ticket's clocks were started with (None for tickets from before issue #6)."""
    if ticket.first_response_target_min is None or ticket.resolution_target_min is None:
        return None
    nu = ticket.next_update_target_min
    return SlaTarget(timedelta(minutes=ticket.first_response_target_min),
                     timedelta(minutes=ticket.resolution_target_min),
                     None if nu is None else timedelta(minutes=nu), ticket.sla_calendar)


def _target_of(session: Session, ticket: Ticket, policy: Policy, plan: str | None = None) -> SlaTarget:
    """The policy's target for this ticket: by severity, the customer's plan and the tags."""
    if plan is None and ticket.customer_id is not None:
        customer = session.get(Customer, ticket.customer_id)
        plan = customer.plan if customer is not None else None
    return policy.target(Severity(ticket.severity), plan, ticket.tags or ())


def _timer_inputs(ticket: Ticket) -> TimerInputs:
    return TimerInputs(
        status=Status(ticket.status),
        severity=Severity(ticket.severity),
        pending_since=ticket.pending_since,
        solved_at=ticket.solved_at,
        first_response_at=ticket.first_response_at,
        first_response_due=ticket.first_response_due,
        resolution_due=ticket.resolution_due,
        sla_paused_at=ticket.sla_paused_at,
        calendar=_calendar_of(None, ticket),
        sla_running_since=ticket.sla_running_since,
        next_update_due=ticket.next_update_due,
        target=_stored_target(ticket),
    )


def _matters_now(ticket: Ticket) -> tuple[Clock, datetime] | None:
    """The deadline that matters now (``sla.deadline_that_matters``) for a stored ticket."""
    return deadline_that_matters(
        active=ticket.status not in (Status.SOLVED.value, Status.CLOSED.value),
        first_response_at=ticket.first_response_at, first_response_due=ticket.first_response_due,
        next_update_due=ticket.next_update_due, resolution_due=ticket.resolution_due)


def _refresh_queue_keys(ticket: Ticket) -> None:
    """The stored sort keys: urgency class, then the instant of the deadline that matters now."""
    status = Status(ticket.status)
    if status in (Status.NEW, Status.OPEN):
        ticket.urgency = 0
    elif status in lc.PAUSED_STATUSES:
        ticket.urgency = 1
    else:
        ticket.urgency = 2
    matters = _matters_now(ticket) if ticket.urgency != 2 else None
    ticket.sla_due_at = matters[1] if matters else None


def sync_timers(session: Session, ticket: Ticket, policy: Policy, timers: list[Timer] | None = None) -> None:
    """Make the stored timers match what the ticket's state calls for (``timers``: preloaded, for bulk work)."""
    desired = plan_timers(_timer_inputs(ticket), policy)
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


# ---------------------------------------------------------------- SLA clocks (business hours)


def _start_clocks(ticket: Ticket, target: SlaTarget, cal: Calendar, when: datetime) -> None:
    """New ticket: every clock starts at ``when``; due = when + N business minutes on the calendar."""
    ticket.sla_calendar = cal.name
    ticket.sla_running_since = when
    ticket.sla_business_min = 0.0
    _store_target(ticket, target)
    ticket.first_response_due = add_business_minutes(cal, when, minutes(target.first_response))
    ticket.resolution_due = add_business_minutes(cal, when, minutes(target.resolution))
    ticket.next_update_due = None


def _store_target(ticket: Ticket, target: SlaTarget) -> None:
    ticket.first_response_target_min = minutes(target.first_response)
    ticket.resolution_target_min = minutes(target.resolution)
    ticket.next_update_target_min = None if target.next_update is None else minutes(target.next_update)


def _used(ticket: Ticket, cal: Calendar, at: datetime) -> float:
    """Business minutes the ticket's clocks have run by ``at`` (paused time never counts)."""
    since = ticket.sla_running_since
    if since is None and ticket.sla_paused_at is None:  # a running ticket from before issue #6
        since = ticket.created_at + timedelta(seconds=ticket.sla_paused_seconds)
    return max(used_minutes(cal, ticket.sla_business_min, since, at), 0.0)


def _pause(ticket: Ticket, cal: Calendar, now: datetime) -> None:
    if ticket.sla_paused_at is None:
        ticket.sla_business_min = _used(ticket, cal, now)
        ticket.sla_paused_at = now
        ticket.sla_running_since = None


def _unpause(ticket: Ticket, cal: Calendar, now: datetime) -> None:
    """Resume: a running clock keeps its business minutes left at the pause, counted from now; a
    deadline that had already passed at the pause stays where it fell (see ``sla.resumed_due``)."""
    paused_at = ticket.sla_paused_at
    if paused_at is None:
        return
    if ticket.first_response_at is None and ticket.first_response_due is not None:
        ticket.first_response_due = resumed_due(cal, ticket.first_response_due, paused_at, now)
    if ticket.resolution_due is not None:
        ticket.resolution_due = resumed_due(cal, ticket.resolution_due, paused_at, now)
    if ticket.next_update_due is not None:
        ticket.next_update_due = resumed_due(cal, ticket.next_update_due, paused_at, now)
    ticket.sla_paused_seconds += resume_shift(paused_at, now).total_seconds()
    ticket.sla_paused_at = None
    ticket.sla_running_since = now


def _first_response(ticket: Ticket, cal: Calendar, now: datetime) -> None:
    """The first public reply stops the first-response clock; the business time is kept for reports."""
    ticket.first_response_at = now
    ticket.first_response_business_min = _used(ticket, cal, now)


def _contact(ticket: Ticket, cal: Calendar, now: datetime) -> None:
    """A public reply or a customer message restarts the next-update clock (an internal note does not)."""
    ticket.last_contact_at = now
    if ticket.first_response_at is None or ticket.next_update_target_min is None:
        return
    anchor = ticket.sla_paused_at or now  # paused: the full target is left when the clock resumes
    ticket.next_update_due = add_business_minutes(cal, anchor, ticket.next_update_target_min)


def _apply_target(s: Session, ticket: Ticket, target: SlaTarget, now: datetime) -> None:
    """Recompute every deadline under a new target (severity or policy change).

    The business minutes already used stay used (measured on the old calendar); each clock's
    due is the new target minus that, counted from now (or from the pause, if paused). A deadline
    that has already passed is shifted by the change of target from where it fell, never counted
    back across the pauses since (see ``sla.retargeted_due``).
    """
    old_cal = _calendar_of(s, ticket)
    anchor = ticket.sla_paused_at or now
    used = _used(ticket, old_cal, anchor)
    old = _stored_target(ticket)
    nu_used = None
    if ticket.next_update_due is not None and ticket.next_update_target_min is not None:
        nu_used = ticket.next_update_target_min - business_left(old_cal, ticket.next_update_due, now,
                                                               ticket.sla_paused_at)
    cal = load_calendar(s, target.calendar or LEGACY_CALENDAR)
    ticket.sla_calendar = cal.name
    ticket.sla_business_min = used
    if ticket.sla_paused_at is None:
        ticket.sla_running_since = now
    if ticket.first_response_at is None:
        ticket.first_response_due = retargeted_due(
            cal, anchor, minutes(target.first_response), used, ticket.first_response_due,
            None if old is None else minutes(old.first_response))
    ticket.resolution_due = retargeted_due(cal, anchor, minutes(target.resolution), used, ticket.resolution_due,
                                           None if old is None else minutes(old.resolution))
    if target.next_update is None or ticket.first_response_at is None:
        ticket.next_update_due = None
    else:
        ticket.next_update_due = retargeted_due(
            cal, anchor, minutes(target.next_update), nu_used or 0.0, ticket.next_update_due,
            ticket.next_update_target_min if nu_used is not None else None)
    _store_target(ticket, target)


def _set_status(
    session: Session, ctx: Context, ticket: Ticket, new: Status, *, actor: str | None = None, **details: object
) -> None:
    """Apply a status change with its side effects: SLA pause/resume, timers, audit."""
    old = Status(ticket.status)
    now = ctx.clock.now()
    if new is not old:
        running = {Status.NEW, Status.OPEN}
        if old in running and new not in running:
            _pause(ticket, _calendar_of(session, ticket), now)
        elif old not in running and new in running:
            _unpause(ticket, _calendar_of(session, ticket), now)  # a re-opened ticket resumes its clocks
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
        if old is Status.ON_HOLD:
            ticket.hold_kind = None
        _audit(session, ctx, ticket, "status_changed", "status", old.value, new.value, actor=actor, **details)
    elif new is Status.PENDING:
        ticket.pending_since = now  # asking again restarts the waiting period
    _refresh_queue_keys(ticket)
    sync_timers(session, ticket, _policy_for(session, ticket))


def _add_message(session: Session, ctx: Context, ticket: Ticket, kind: str, author: str, body: str) -> Message:
    msg = Message(ticket_id=ticket.id, kind=kind, author=author, body=body, created_at=ctx.clock.now())
    session.add(msg)
    return msg


# ---------------------------------------------------------------- creation


def normalize_email(text: str | None) -> str:
    """The form an e-mail address is stored, compared and kept unique in (``ix_customers_email``)."""
    return clean(text).strip().casefold()


def _customer_number(text: str | None) -> str | None:
    return clean(text or "").strip() or None


def _known_customer(session: Session, number: str | None, email: str) -> Customer | None:
    """The customer with this number, else with this (normalised) e-mail."""
    customer = None
    if number:
        customer = session.exec(select(Customer).where(Customer.customer_number == number)).first()
    if customer is None and email:
        customer = session.exec(select(Customer).where(Customer.email == email)).first()
    return customer


def _find_or_create_customer(session: Session, ctx: Context, data: CustomerInput) -> Customer:
    """Look the customer up, or create them; two clients meeting the same new customer make one row.

    The insert does nothing on a conflict with the unique e-mail or customer
    number (another client created them meanwhile); the row is then read back.
    """
    email = normalize_email(data.email)
    number = _customer_number(data.customer_number)
    customer = _known_customer(session, number, email)
    if customer is not None:
        return customer
    if not email and not number and not data.name.strip():
        raise InvalidInput("a ticket needs a customer: give an e-mail, a customer number or a name")
    plan = clean(data.plan or "standard").strip().lower()
    for what, value, limit in (("customer e-mail", email, 320), ("customer number", number or "", 80),
                               ("customer plan", plan, 40)):
        if len(value) > limit:
            raise InvalidInput(f"{what} is too long ({len(value):,} characters; the limit is {limit})")
    new_id = insert_or_ignore(
        session, Customer,
        customer_number=number,
        name=one_line(data.name, 300),
        email=email,
        company=one_line(data.company, 300),
        plan=plan,
        domain=one_line(data.domain, 300),
        created_at=ctx.clock.now(),
    )
    customer = session.get(Customer, new_id) if new_id is not None else _known_customer(session, number, email)
    if customer is None:  # pragma: no cover - a conflict means the other row exists and is committed
        raise InvalidInput("the customer could not be saved; try again")
    return customer


def _next_number(session: Session) -> int:
    from agent_tui.store.models import Counter

    result = session.execute(
        update(Counter).where(Counter.name == "ticket").values(value=Counter.value + 1).returning(Counter.value)
    ).first()
    if result is None:
        session.add(Counter(name="ticket", value=1001))
        session.flush()
        return 1001
    return int(result[0])


@retry_transient
def create_ticket(
    ctx: Context,
    subject: str,
    description: str,
    customer: CustomerInput,
    *,
    channel: str = "email",
    language: str = "",
    tags: Iterable[str] = (),
    checklist: Mapping[str, object] | None = None,
    created_at: datetime | None = None,
    severity: Severity | None = None,
) -> TicketDetail:
    """Create a ticket, triage it by the stored rules and start its SLA clocks."""
    with ctx.db.transaction() as s:
        number = create_in_session(s, ctx, subject, description, customer, channel=channel, language=language,
                                   tags=tags, checklist=checklist, created_at=created_at, severity=severity)
    return get_ticket(ctx, number)


def create_in_session(
    s: Session,
    ctx: Context,
    subject: str,
    description: str,
    customer: CustomerInput,
    *,
    channel: str = "email",
    language: str = "",
    tags: Iterable[str] = (),
    checklist: Mapping[str, object] | None = None,
    created_at: datetime | None = None,
    severity: Severity | None = None,
    external_ref: str | None = None,
) -> int:
    """The body of :func:`create_ticket`, inside a caller's transaction (imports are all-or-nothing)."""
    subject = one_line(_text(subject, "subject", required=True, limit=1000), 1000)
    description = _text(description, "description")
    channel = (channel or "email").strip().lower()
    if channel not in CHANNELS:
        raise InvalidInput(f"unknown channel {channel!r}; use email, form, phone, chat or social")
    fields = esc.normalize_checklist(checklist or {})
    when = ensure_utc(created_at) if created_at else ctx.clock.now()
    cust = _find_or_create_customer(s, ctx, customer)
    if cust.customer_number and not fields.get("customer_number"):
        fields["customer_number"] = cust.customer_number
    if cust.email and not fields.get("contact"):
        fields["contact"] = cust.email
    if cust.domain and not fields.get("domain"):
        fields["domain"] = cust.domain
    decision = run_triage(load_rules(s), subject, description, cust.plan, channel)
    policy_name = active_policy_name(s)
    policy = load_policy(s, policy_name)
    sev = severity or decision.severity
    all_tags = list(dict.fromkeys([*(t.strip().lower() for t in tags if t.strip()), *decision.tags]))
    ticket = Ticket(
        number=_next_number(s),
        external_ref=external_ref,
        subject=subject,
        description=description,
        customer_id=cust.id,
        channel=channel,
        language=(language or "").strip().lower()[:8],
        status=Status.NEW.value,
        severity=sev.value,
        tier=decision.tier.value,
        triage_rule=decision.rule,
        triage_reason=decision.reason,
        severity_overridden=severity is not None and severity is not decision.severity,
        tags=all_tags,
        checklist=fields,
        policy_name=policy_name,
        created_at=when,
        updated_at=when,
        updated_by=ctx.actor,
    )
    target = policy.target(sev, cust.plan, all_tags)
    _start_clocks(ticket, target, load_calendar(s, target.calendar), when)
    _refresh_queue_keys(ticket)
    s.add(ticket)
    s.flush()
    s.add(Message(ticket_id=ticket.id, kind="customer", author=cust.email or cust.name,
                  body=description, created_at=when))
    _audit(s, ctx, ticket, "created", "status", None, "new", channel=channel, external_ref=external_ref)
    _audit(s, ctx, ticket, "triaged", "severity", None, decision.severity.value,
           rule=decision.rule, reason=decision.reason, tier=decision.tier.value)
    if ticket.severity_overridden:
        _audit(s, ctx, ticket, "severity_overridden", "severity", decision.severity.value, sev.value)
    sync_timers(s, ticket, policy)
    return ticket.number


@retry_transient
def preview_triage(ctx: Context, subject: str, description: str, plan: str | None = None,
                   channel: str = "form", *, customer_email: str = "", customer_number: str = ""):
    """What triage would decide, without saving (the new-ticket form shows it).

    With a known customer's e-mail or number, their plan counts as it will on save.
    """
    with ctx.db.read() as s:
        if plan is None and (customer_email.strip() or customer_number.strip()):
            known = _known_customer(s, _customer_number(customer_number), normalize_email(customer_email))
            plan = known.plan if known is not None else None
        return run_triage(load_rules(s), subject, description, plan, channel)


# ---------------------------------------------------------------- actions


@retry_transient
def assign(ctx: Context, number: int, agent_name: str | None = None, *, expected_version: int | None = None
           ) -> TicketDetail:
    """Assign to an agent (default: the acting agent); new → open."""
    target = agent_name or ctx.actor
    with ctx.db.transaction() as s:
        ticket = _load(s, number, lock=True)
        _check_version(s, ticket, expected_version)
        ctx.acting_agent(s)  # an unknown agent is told so before anything about the assignee
        agent = _agent(s, target)
        new = lc.next_status(Action.ASSIGN, _state(s, ticket), assignee=agent.name)
        before = _agent_name(s, ticket.assignee_id)
        if before == agent.name and new.value == ticket.status:
            return _result(s, ctx, ticket)
        if agent.tier != ticket.tier:
            raise ForbiddenTransition(
                f"Cannot assign ticket #{number} to {agent.name}: the ticket is at "
                f"{esc.Tier(ticket.tier).label}, {agent.name} works {esc.Tier(agent.tier).label}."
            )
        ticket.assignee_id = agent.id
        _audit(s, ctx, ticket, "assigned", "assignee", before, agent.name)
        _set_status(s, ctx, ticket, new)
        _touch(ctx, ticket)
        return _result(s, ctx, ticket)


@retry_transient
def take_next(ctx: Context, agent_name: str | None = None) -> TicketDetail | None:
    """Give the agent the most urgent unassigned ticket of their tier (never the same one twice)."""
    name = agent_name or ctx.actor
    with ctx.db.transaction() as s:
        agent = _agent(s, name)
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
        new = lc.next_status(Action.ASSIGN, _state(s, ticket), assignee=agent.name)
        ticket.assignee_id = agent.id
        _audit(s, ctx, ticket, "assigned", "assignee", None, agent.name, via="take_next")
        _set_status(s, ctx, ticket, new)
        _touch(ctx, ticket)
        return _result(s, ctx, ticket)


def _ensure_assigned_to_actor(s: Session, ctx: Context, ticket: Ticket) -> None:
    """Replying to a new, unassigned ticket takes it (the agent is obviously working it)."""
    if ticket.assignee_id is None and ticket.status == Status.NEW.value:
        agent = _agent(s, ctx.actor)
        if agent.tier == ticket.tier:
            ticket.assignee_id = agent.id
            _audit(s, ctx, ticket, "assigned", "assignee", None, agent.name, via="reply")
            _set_status(s, ctx, ticket, Status.OPEN)


@retry_transient
def reply(ctx: Context, number: int, body: str, *, expected_version: int | None = None) -> TicketDetail:
    """A public reply to the customer; the first one meets the first-response SLA."""
    text = _text(body, "reply", required=True)
    with ctx.db.transaction() as s:
        ticket = _load(s, number, lock=True)
        _check_version(s, ticket, expected_version)
        _may_act(s, ctx, ticket, "reply to")
        _ensure_assigned_to_actor(s, ctx, ticket)
        lc.next_status(Action.REPLY, _state(s, ticket))
        _add_message(s, ctx, ticket, "public", ctx.actor, text)
        first = ticket.first_response_at is None
        cal = _calendar_of(s, ticket)
        if first:
            _first_response(ticket, cal, ctx.clock.now())
        _contact(ticket, cal, ctx.clock.now())
        _audit(s, ctx, ticket, "replied", first_response=True if first else None)
        _refresh_queue_keys(ticket)
        sync_timers(s, ticket, _policy_for(s, ticket))
        _touch(ctx, ticket)
        return _result(s, ctx, ticket)


@retry_transient
def note(ctx: Context, number: int, body: str, *, expected_version: int | None = None) -> TicketDetail:
    """An internal note: never shown to the customer, never a response."""
    text = _text(body, "note", required=True)
    with ctx.db.transaction() as s:
        ticket = _load(s, number, lock=True)
        _check_version(s, ticket, expected_version)
        lc.next_status(Action.NOTE, _state(s, ticket))
        _add_message(s, ctx, ticket, "internal", ctx.actor, text)
        _audit(s, ctx, ticket, "noted")
        _touch(ctx, ticket)
        return _result(s, ctx, ticket)


@retry_transient
def request_info(ctx: Context, number: int, body: str, *, expected_version: int | None = None) -> TicketDetail:
    """Ask the customer for details: open → pending; the auto-solve countdown starts (seed 000)."""
    text = _text(body, "request", required=True)
    with ctx.db.transaction() as s:
        ticket = _load(s, number, lock=True)
        _check_version(s, ticket, expected_version)
        _may_act(s, ctx, ticket, "request information on")
        new = lc.next_status(Action.REQUEST_INFO, _state(s, ticket))
        _add_message(s, ctx, ticket, "public", ctx.actor, text)
        cal = _calendar_of(s, ticket)
        if ticket.first_response_at is None:
            _first_response(ticket, cal, ctx.clock.now())
        _contact(ticket, cal, ctx.clock.now())
        _audit(s, ctx, ticket, "info_requested")
        _set_status(s, ctx, ticket, new)
        _touch(ctx, ticket)
        return _result(s, ctx, ticket)


@retry_transient(attempts=3)  # an inbound customer message is never dropped on a transient error
def customer_message(
    ctx: Context, number: int, body: str, *, author: str | None = None, expected_version: int | None = None
) -> TicketDetail:
    """The customer wrote. Pending, on-hold and solved tickets re-open and go back to their agent (seed 000).

    A closed ticket is final: the message opens a follow-up ticket linked to it,
    assigned to the same agent; the follow-up is returned.
    """
    with ctx.db.transaction() as s:
        affected = customer_message_in_session(s, ctx, number, body, author=author, expected_version=expected_version)
        if affected == number:
            return _result(s, ctx, _load(s, number, lock=False))
    return get_ticket(ctx, affected)


def customer_message_in_session(
    s: Session, ctx: Context, number: int, body: str, *, author: str | None = None,
    expected_version: int | None = None,
) -> int:
    """The body of :func:`customer_message` inside a caller's transaction (mail intake stores the
    mail and its effect together). Returns the number of the ticket that got the message: the
    ticket itself, or the follow-up opened for a closed one."""
    text = _text(body, "message", required=True)
    ticket = _load(s, number, lock=True)
    _check_version(s, ticket, expected_version)
    customer = s.get(Customer, ticket.customer_id) if ticket.customer_id else None
    # The author is outside text and becomes the audit actor (80 characters): one line, cut to fit.
    who = one_line(author or (customer.email if customer and customer.email else "") or "customer", 80)
    if ticket.status == Status.CLOSED.value:
        return _follow_up(s, ctx, ticket, text, who)
    new = lc.next_status(Action.CUSTOMER_MESSAGE, _state(s, ticket))
    _add_message(s, ctx, ticket, "customer", who, text)
    _audit(s, ctx, ticket, "customer_replied", actor=who)
    _contact(ticket, _calendar_of(s, ticket), ctx.clock.now())
    if new.value != ticket.status:
        if ticket.assignee_id is None and ticket.previous_assignee_id is not None:
            ticket.assignee_id = ticket.previous_assignee_id
        _set_status(s, ctx, ticket, new, actor=who, reason="customer replied")
    else:
        _refresh_queue_keys(ticket)
        sync_timers(s, ticket, _policy_for(s, ticket))
    _touch(ctx, ticket, actor=who)
    return ticket.number


def _follow_up(s: Session, ctx: Context, closed: Ticket, text: str, who: str) -> int:
    policy = load_policy(s, active_policy_name(s))
    sev = Severity(closed.severity)
    now = ctx.clock.now()
    customer = s.get(Customer, closed.customer_id) if closed.customer_id else None
    target = policy.target(sev, customer.plan if customer else None, closed.tags or ())
    follow = Ticket(
        number=_next_number(s),
        subject=one_line(f"Follow-up to #{closed.number}: {closed.subject}", 1000),
        description=text,
        customer_id=closed.customer_id,
        channel=closed.channel,
        language=closed.language,
        status=Status.NEW.value,
        severity=sev.value,
        tier=esc.Tier.TIER1.value,
        triage_rule="follow-up",
        triage_reason=f"follow-up of closed ticket #{closed.number}: severity carried over",
        tags=list(closed.tags),
        checklist=dict(closed.checklist),
        follow_up_of_id=closed.id,
        policy_name=policy.name,
        created_at=now,
        updated_at=now,
        updated_by=who,
    )
    _start_clocks(follow, target, load_calendar(s, target.calendar), now)
    follow.last_contact_at = now
    _refresh_queue_keys(follow)
    s.add(follow)
    s.flush()
    s.add(Message(ticket_id=follow.id, kind="customer", author=who, body=text, created_at=now))
    _audit(s, ctx, follow, "created", "status", None, "new", actor=who, follow_up_of=closed.number)
    _audit(s, ctx, closed, "follow_up_created", actor=who, follow_up=follow.number)
    original = closed.assignee_id
    if original is not None:
        agent = s.get(Agent, original)
        if agent is not None and agent.active and agent.tier == follow.tier:
            follow.assignee_id = agent.id
            _audit(s, ctx, follow, "assigned", "assignee", None, agent.name, actor=SYSTEM, via="follow_up")
            _set_status(s, ctx, follow, Status.OPEN, actor=SYSTEM)
    sync_timers(s, follow, policy)
    return follow.number


@retry_transient
def hold(ctx: Context, number: int, reason: str, kind: str = "third_party", *,
         expected_version: int | None = None) -> TicketDetail:
    """Put on hold, waiting on a third party (or other reason); the SLA clock pauses."""
    text = _text(reason, "reason", required=True, limit=2000)
    try:
        hold_kind = HoldKind(kind)
    except ValueError:
        raise InvalidInput(f"unknown hold kind {kind!r}; use third_party or other") from None
    if hold_kind is HoldKind.APPROVAL:
        raise InvalidInput("to wait for approval, propose the solution (it records what needs approving)")
    with ctx.db.transaction() as s:
        ticket = _load(s, number, lock=True)
        _check_version(s, ticket, expected_version)
        _may_act(s, ctx, ticket, "hold")
        new = lc.next_status(Action.HOLD, _state(s, ticket), reason=text)
        ticket.hold_reason = text
        _audit(s, ctx, ticket, "held", "hold_reason", None, text, kind=hold_kind.value)
        _set_status(s, ctx, ticket, new)
        ticket.hold_kind = hold_kind.value
        _touch(ctx, ticket)
        return _result(s, ctx, ticket)


@retry_transient
def propose_solution(ctx: Context, number: int, solution: str, *, hotfix: bool,
                     expected_version: int | None = None) -> TicketDetail:
    """Seed 001: a hotfix is applied directly; anything else is recorded and waits for approval."""
    text = _text(solution, "solution", required=True)
    with ctx.db.transaction() as s:
        ticket = _load(s, number, lock=True)
        _check_version(s, ticket, expected_version)
        _may_act(s, ctx, ticket, "propose a solution for")
        new = lc.next_status(Action.PROPOSE_SOLUTION, _state(s, ticket), hotfix=hotfix)
        before = ticket.proposed_solution or None
        ticket.proposed_solution = text
        _audit(s, ctx, ticket, "solution_proposed", "proposed_solution", before, text, hotfix=hotfix)
        ticket.awaiting_approval = not hotfix  # a hotfix replaces an earlier proposal that waited
        if not hotfix:
            ticket.hold_reason = "waiting for the customer's approval of the proposed solution"
            _set_status(s, ctx, ticket, new)
            ticket.hold_kind = HoldKind.APPROVAL.value
        _touch(ctx, ticket)
        return _result(s, ctx, ticket)


@retry_transient
def approve(ctx: Context, number: int, note_text: str = "", *, expected_version: int | None = None) -> TicketDetail:
    """Record the customer's approval of the proposed solution: on_hold → open."""
    text = _text(note_text, "approval note", limit=5000)
    with ctx.db.transaction() as s:
        ticket = _load(s, number, lock=True)
        _check_version(s, ticket, expected_version)
        _may_act(s, ctx, ticket, "record approval on")
        new = lc.next_status(Action.APPROVE, _state(s, ticket))
        _audit(s, ctx, ticket, "approved", note=text or None, solution=ticket.proposed_solution)
        ticket.awaiting_approval = False
        ticket.hold_reason = ""
        _set_status(s, ctx, ticket, new)
        _touch(ctx, ticket)
        return _result(s, ctx, ticket)


@retry_transient
def resume(ctx: Context, number: int, note_text: str = "", *, expected_version: int | None = None) -> TicketDetail:
    """The third party answered: on_hold → open, the SLA clock runs again."""
    text = _text(note_text, "note", limit=5000)
    with ctx.db.transaction() as s:
        ticket = _load(s, number, lock=True)
        _check_version(s, ticket, expected_version)
        _may_act(s, ctx, ticket, "resume")
        new = lc.next_status(Action.RESUME, _state(s, ticket))
        _audit(s, ctx, ticket, "resumed", note=text or None)
        ticket.hold_reason = ""
        _set_status(s, ctx, ticket, new)
        _touch(ctx, ticket)
        return _result(s, ctx, ticket)


@retry_transient
def update_checklist(ctx: Context, number: int, fields: Mapping[str, object], *,
                     expected_version: int | None = None) -> TicketDetail:
    values = esc.normalize_checklist({k: _text(str(v), k, limit=20_000) for k, v in fields.items()})
    with ctx.db.transaction() as s:
        ticket = _load(s, number, lock=True)
        _check_version(s, ticket, expected_version)
        lc.next_status(Action.UPDATE_CHECKLIST, _state(s, ticket))
        current = dict(ticket.checklist or {})
        changed = False
        for key, value in values.items():
            if current.get(key, "") != value:
                _audit(s, ctx, ticket, "checklist_updated", key, current.get(key) or None, value or None)
                current[key] = value
                changed = True
        if changed:
            ticket.checklist = current
            _touch(ctx, ticket)
        return _result(s, ctx, ticket)


@retry_transient
def set_severity(ctx: Context, number: int, severity: Severity, reason: str = "", *,
                 expected_version: int | None = None) -> TicketDetail:
    """An agent overrides triage; deadlines are recomputed and the override recorded."""
    why = _text(reason, "reason", limit=2000).strip()
    if not why:
        raise InvalidInput("a severity override needs a reason (it is recorded in the audit log)")
    with ctx.db.transaction() as s:
        ticket = _load(s, number, lock=True)
        _check_version(s, ticket, expected_version)
        _may_act(s, ctx, ticket, "change the severity of")
        lc.next_status(Action.SET_SEVERITY, _state(s, ticket))
        if ticket.severity == severity.value:
            return _result(s, ctx, ticket)
        policy = _policy_for(s, ticket)
        before = _deadlines(ticket)
        old_severity = ticket.severity
        ticket.severity = severity.value
        ticket.severity_overridden = True
        _apply_target(s, ticket, _target_of(s, ticket, policy), ctx.clock.now())
        _audit(s, ctx, ticket, "severity_overridden", "severity", old_severity, severity.value, reason=why,
               **_deadline_change(before, _deadlines(ticket)))
        _refresh_queue_keys(ticket)
        sync_timers(s, ticket, policy)
        _touch(ctx, ticket)
        return _result(s, ctx, ticket)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


_DEADLINE_FIELDS = ("first_response_due", "next_update_due", "resolution_due", "sla_calendar")


def _deadlines(ticket: Ticket) -> dict[str, object]:
    return {f: getattr(ticket, f) for f in _DEADLINE_FIELDS}


def _deadline_change(before: dict[str, object], after: dict[str, object]) -> dict[str, list[object]]:
    """Audit details: ``field: [old, new]`` for every deadline (ISO instants) and the calendar."""
    def show(v: object) -> object:
        return _iso(v) if isinstance(v, datetime) else (v or None)

    return {f: [show(before[f]), show(after[f])] for f in _DEADLINE_FIELDS}


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
                before = _deadlines(ticket)
                old_policy = ticket.policy_name
                target = policy.target(Severity(ticket.severity), plans.get(ticket.customer_id), ticket.tags or ())
                _apply_target(s, ticket, target, now)
                ticket.policy_name = policy.name
                after = _deadlines(ticket)
                if after == before and old_policy == policy.name:
                    continue
                counts["changed"] += 1
                _audit(s, ctx, ticket, "sla_recomputed", "policy", old_policy, policy.name,
                       **_deadline_change(before, after))
                _refresh_queue_keys(ticket)
                sync_timers(s, ticket, policy, timers[ticket.id])  # type: ignore[index]
                _touch(ctx, ticket)
        if progress is not None:
            progress(counts["tickets"])
    return counts


@retry_transient
def escalate(ctx: Context, number: int, to: str, criterion: str, handover: esc.Handover, *,
             expected_version: int | None = None) -> TicketDetail:
    """Seed 003: hand the ticket to the next tier with all findings; refuses while anything is missing."""
    target = esc.parse_tier(to)
    ho = esc.Handover(
        findings=_text(handover.findings, "findings", limit=200_000),
        steps_taken=_text(handover.steps_taken, "steps taken", limit=200_000),
        workaround=_text(handover.workaround, "workaround", limit=200_000),
        logs=_text(handover.logs, "logs", limit=MAX_BODY),
    )
    with ctx.db.transaction() as s:
        ticket = _load(s, number, lock=True)
        _check_version(s, ticket, expected_version)
        _may_act(s, ctx, ticket, "escalate")
        lc.next_status(Action.ESCALATE, _state(s, ticket))
        current = esc.Tier(ticket.tier)
        esc.validate_escalation(current, target, criterion.strip().lower(), ho, ticket.checklist)
        previous = _agent_name(s, ticket.assignee_id)
        s.add(Escalation(ticket_id=ticket.id, direction="up", from_tier=current.value, to_tier=target.value,
                         criterion=criterion.strip().lower(), findings=ho.findings, steps_taken=ho.steps_taken,
                         workaround=ho.workaround, logs=ho.logs, actor=ctx.actor, at=ctx.clock.now()))
        ticket.tier = target.value
        ticket.previous_assignee_id = ticket.assignee_id
        ticket.assignee_id = None
        _audit(s, ctx, ticket, "escalated", "tier", current.value, target.value, criterion=criterion,
               previous_assignee=previous)
        _touch(ctx, ticket)
        return _result(s, ctx, ticket)


@retry_transient
def deescalate(ctx: Context, number: int, summary: str, *, expected_version: int | None = None) -> TicketDetail:
    """Back to Tier 1, who tells the customer (seed 003); it returns to the Tier 1 agent who escalated."""
    text = _text(summary, "summary", required=True, limit=200_000)
    with ctx.db.transaction() as s:
        ticket = _load(s, number, lock=True)
        _check_version(s, ticket, expected_version)
        _may_act(s, ctx, ticket, "de-escalate")
        lc.next_status(Action.DEESCALATE, _state(s, ticket))
        current = ticket.tier
        s.add(Escalation(ticket_id=ticket.id, direction="down", from_tier=current, to_tier=esc.Tier.TIER1.value,
                         findings=text, actor=ctx.actor, at=ctx.clock.now()))
        first_up = s.exec(
            select(Escalation).where(Escalation.ticket_id == ticket.id, Escalation.direction == "up",
                                     Escalation.from_tier == esc.Tier.TIER1.value).order_by(col(Escalation.id).desc())
        ).first()
        before = _agent_name(s, ticket.assignee_id)
        ticket.tier = esc.Tier.TIER1.value
        ticket.assignee_id = None
        back_to = None
        if first_up is not None:
            agent = s.exec(select(Agent).where(Agent.name == first_up.actor)).first()
            if agent is not None and agent.active and agent.tier == esc.Tier.TIER1.value:
                ticket.assignee_id = agent.id
                back_to = agent.name
        _audit(s, ctx, ticket, "deescalated", "tier", current, esc.Tier.TIER1.value, summary=text[:500])
        if before != back_to:
            _audit(s, ctx, ticket, "assigned", "assignee", before, back_to, via="deescalate")
        _touch(ctx, ticket)
        return _result(s, ctx, ticket)


@retry_transient
def solve(ctx: Context, number: int, outcome: str, resolution: str = "", *,
          expected_version: int | None = None) -> TicketDetail:
    """Solve with an outcome the customer is told (seed 002); the auto-close countdown starts."""
    result = lc.parse_outcome(outcome) if outcome else None
    text = _text(resolution, "resolution", limit=200_000)
    with ctx.db.transaction() as s:
        ticket = _load(s, number, lock=True)
        _check_version(s, ticket, expected_version)
        _may_act(s, ctx, ticket, "solve")
        new = lc.next_status(Action.SOLVE, _state(s, ticket), outcome=result.value if result else None)
        assert result is not None
        ticket.outcome = result.value
        ticket.resolution = text
        _audit(s, ctx, ticket, "solved", "outcome", None, result.value, resolution=text[:2000] or None,
               **_how_cleared(s, ticket))
        _set_status(s, ctx, ticket, new)
        ticket.hold_reason = ""
        _touch(ctx, ticket)
        return _result(s, ctx, ticket)


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


@retry_transient
def reopen(ctx: Context, number: int, reason: str = "", *, expected_version: int | None = None) -> TicketDetail:
    text = _text(reason, "reason", limit=5000)
    with ctx.db.transaction() as s:
        ticket = _load(s, number, lock=True)
        _check_version(s, ticket, expected_version)
        _may_act(s, ctx, ticket, "reopen")
        new = lc.next_status(Action.REOPEN, _state(s, ticket))
        _set_status(s, ctx, ticket, new, reason=text or None)
        _touch(ctx, ticket)
        return _result(s, ctx, ticket)


@retry_transient
def close(ctx: Context, number: int, *, expected_version: int | None = None) -> TicketDetail:
    with ctx.db.transaction() as s:
        ticket = _load(s, number, lock=True)
        _check_version(s, ticket, expected_version)
        _may_act(s, ctx, ticket, "close")
        new = lc.next_status(Action.CLOSE, _state(s, ticket))
        _set_status(s, ctx, ticket, new)
        _touch(ctx, ticket)
        return _result(s, ctx, ticket)


@retry_transient
def record_survey(ctx: Context, number: int, score: int, comment: str = "") -> TicketDetail:
    """Seed 000's one question: how easy did we make it (1 very hard … 7 very easy)."""
    text = _text(comment, "comment", limit=10_000)
    with ctx.db.transaction() as s:
        ticket = _load(s, number, lock=True)
        lc.next_status(Action.SURVEY, _state(s, ticket), score=score)
        existing = s.exec(select(Survey).where(Survey.ticket_id == ticket.id)).first()
        if existing is not None:
            raise ForbiddenTransition(f"Ticket #{number} already has a survey answer ({existing.score}).")
        s.add(Survey(ticket_id=ticket.id, score=score, comment=text, at=ctx.clock.now()))
        _audit(s, ctx, ticket, "survey_recorded", "survey", None, score, actor=ctx.actor)
        _touch(ctx, ticket)
        return _result(s, ctx, ticket)


# ---------------------------------------------------------------- timers (used by sweep)


def apply_timer(s: Session, ctx: Context, ticket: Ticket, kind: TimerKind) -> bool:
    """Apply one fired timer to its (locked) ticket. Returns False if it no longer applies."""
    policy = _policy_for(s, ticket)
    if kind is TimerKind.PENDING_REMINDER:
        days = policy.pending_reminder_after.days if policy.pending_reminder_after else 0
        _add_message(s, ctx, ticket, "system", SYSTEM,
                     "Reminder: we are still waiting for your reply. Without an answer this request will be "
                     f"solved automatically in {_human_td(policy.pending_autosolve_after - (policy.pending_reminder_after or timedelta()))}.")
        _audit(s, ctx, ticket, "reminder_sent", actor=SYSTEM, after_days=days)
    elif kind is TimerKind.PENDING_AUTOSOLVE:
        new = lc.next_status(Action.AUTO_SOLVE, _state(s, ticket))
        ticket.outcome = Outcome.NO_CUSTOMER_RESPONSE.value
        ticket.resolution = (f"Solved automatically: no reply from the customer within "
                             f"{_human_td(policy.pending_autosolve_after)}.")
        _audit(s, ctx, ticket, "auto_solved", "outcome", None, ticket.outcome, actor=SYSTEM)
        _set_status(s, ctx, ticket, new, actor=SYSTEM)
    elif kind is TimerKind.SOLVED_AUTOCLOSE:
        new = lc.next_status(Action.AUTO_CLOSE, _state(s, ticket))
        _set_status(s, ctx, ticket, new, actor=SYSTEM, reason="auto-close")
    else:
        _audit(s, ctx, ticket, kind.value.replace("_breach", "_breached"), "sla", None, kind.value, actor=SYSTEM)
        return True  # an SLA alarm does not change the ticket itself
    _touch(ctx, ticket, actor=SYSTEM)
    return True


def _human_td(td: timedelta) -> str:
    hours = td.total_seconds() / 3600
    if hours >= 24 and hours % 24 == 0:
        days = int(hours // 24)
        return f"{days} day{'s' if days != 1 else ''}"
    return f"{hours:g} hours"


def timer_still_due(ticket: Ticket, kind: TimerKind, due_at: datetime, policy: Policy) -> bool:
    return plan_timers(_timer_inputs(ticket), policy).get(kind) == due_at


# ---------------------------------------------------------------- reading


@retry_transient
def get_ticket(ctx: Context, number: int) -> TicketDetail:
    with ctx.db.read() as s:
        return _detail(s, ctx, _load(s, number, lock=False))


def _countdowns(ticket: Ticket, policy: Policy | None, auto: tuple[str, datetime] | None,
                cal: Calendar | None = None) -> tuple[Countdown, Countdown, Countdown, Countdown, Countdown]:
    """first response, resolution, the deadline that matters now (queue, header, tier board), auto timer,
    next update."""
    wf = policy.warning_fraction if policy else 0.75
    target = _stored_target(ticket)
    if target is None and policy is not None:
        target = policy.target(Severity(ticket.severity))
    fr_total = target.first_response.total_seconds() if target else 0.0
    res_total = target.resolution.total_seconds() if target else 0.0
    nu_total = target.next_update.total_seconds() if target and target.next_update else 0.0
    active = ticket.status not in (Status.SOLVED.value, Status.CLOSED.value)
    zone = agent_zone()
    first = Countdown("first response", ticket.first_response_due, fr_total, ticket.sla_paused_at, wf,
                      ticket.first_response_at, calendar=cal, agent_tz=zone)
    resolution = Countdown("resolution", ticket.resolution_due, res_total,
                           ticket.sla_paused_at if active else None, wf,
                           None if active else (ticket.solved_at or ticket.closed_at), calendar=cal, agent_tz=zone)
    if active and ticket.first_response_at is not None and ticket.next_update_due is not None:
        next_update = Countdown("next update", ticket.next_update_due, nu_total, ticket.sla_paused_at, wf,
                                calendar=cal, agent_tz=zone)
    else:
        next_update = Countdown("next update", None)
    matters = _matters_now(ticket)
    if matters is None:
        nxt = Countdown("resolution", None)
    else:
        nxt = {Clock.FIRST_RESPONSE: first, Clock.NEXT_UPDATE: next_update, Clock.RESOLUTION: resolution}[matters[0]]
    if auto is None:
        auto_cd = Countdown("auto", None)
    else:
        kind, due = auto
        label = "auto-solve" if kind == TimerKind.PENDING_AUTOSOLVE.value else "auto-close"
        start = ticket.pending_since if kind == TimerKind.PENDING_AUTOSOLVE.value else ticket.solved_at
        total = (due - start).total_seconds() if start else 0.0
        auto_cd = Countdown(label, due, total, None, 0.75)
    return first, resolution, nxt, auto_cd, next_update


def _safe_calendar(s: Session, ticket: Ticket) -> Calendar | None:
    try:
        return _calendar_of(s, ticket)
    except NotFound:  # a calendar removed from the store: show wall-clock countdowns, never fail
        return None


class _PolicyCache(dict[str, Policy | None]):
    def get_for(self, s: Session, name: str) -> Policy | None:
        if name not in self:
            try:
                self[name] = load_policy(s, name)
            except NotFound:
                self[name] = None
        return self[name]


def _auto_timers(s: Session, ticket_ids: list[int]) -> dict[int, tuple[str, datetime]]:
    if not ticket_ids:
        return {}
    rows = s.exec(
        select(Timer.ticket_id, Timer.kind, Timer.due_at).where(
            col(Timer.ticket_id).in_(ticket_ids), Timer.state == "pending",
            col(Timer.kind).in_([k.value for k in AUTO_KINDS]))
    ).all()
    out: dict[int, tuple[str, datetime]] = {}
    for tid, kind, due in rows:
        if tid not in out or due < out[tid][1]:
            out[tid] = (kind, due)
    return out


def _row(ticket: Ticket, customer: Customer | None, assignee: str | None, policy: Policy | None,
         auto: tuple[str, datetime] | None, cal: Calendar | None = None) -> TicketRow:
    _, _, nxt, auto_cd, _ = _countdowns(ticket, policy, auto, cal)
    return TicketRow(
        number=ticket.number,
        subject=ticket.subject,
        customer=(customer.name or customer.email) if customer else "",
        company=customer.company if customer else "",
        severity=ticket.severity,
        status=ticket.status,
        tier=ticket.tier,
        assignee=assignee,
        language=ticket.language,
        created_at=ticket.created_at,
        updated_at=ticket.updated_at,
        version=ticket.version,
        sla=nxt,
        auto=auto_cd,
    )


def _result(s: Session, ctx: Context, ticket: Ticket) -> TicketDetail:
    """What a use case returns: the ticket as the screen should now show it.

    Bulk callers (the demo builder, benchmarks) set ``ctx.quiet`` and get ``None``
    instead, skipping the detail queries they would throw away.
    """
    if ctx.quiet:
        s.flush()
        return None  # type: ignore[return-value]
    return _detail(s, ctx, ticket)


def _detail(s: Session, ctx: Context, ticket: Ticket) -> TicketDetail:
    s.flush()
    policy = _PolicyCache().get_for(s, ticket.policy_name)
    customer = s.get(Customer, ticket.customer_id) if ticket.customer_id else None
    auto = _auto_timers(s, [ticket.id]).get(ticket.id)  # type: ignore[list-item]
    assignee = _agent_name(s, ticket.assignee_id)
    cal = _safe_calendar(s, ticket)
    first, resolution, _, _, next_update = _countdowns(ticket, policy, auto, cal)
    messages = s.exec(select(Message).where(Message.ticket_id == ticket.id).order_by(Message.created_at, Message.id)).all()
    events = s.exec(select(AuditEvent).where(AuditEvent.ticket_id == ticket.id).order_by(AuditEvent.at, AuditEvent.id)).all()
    escalations = s.exec(select(Escalation).where(Escalation.ticket_id == ticket.id).order_by(Escalation.id)).all()
    articles = s.exec(
        select(KbArticle).join(KbLink, KbLink.article_id == KbArticle.id).where(KbLink.ticket_id == ticket.id)
        .order_by(KbLink.id)
    ).all()
    survey = s.exec(select(Survey).where(Survey.ticket_id == ticket.id)).first()
    follow_of = s.get(Ticket, ticket.follow_up_of_id) if ticket.follow_up_of_id else None
    state = _state(s, ticket)
    actions = []
    for action in (Action.ASSIGN, Action.REPLY, Action.NOTE, Action.REQUEST_INFO, Action.HOLD,
                   Action.PROPOSE_SOLUTION, Action.APPROVE, Action.RESUME, Action.ESCALATE, Action.DEESCALATE,
                   Action.SOLVE, Action.REOPEN, Action.CLOSE, Action.CUSTOMER_MESSAGE):
        params: dict[str, object] = {"assignee": ctx.actor, "outcome": "fixed", "reason": "x", "hotfix": False}
        ok, why = lc.is_allowed(action, state, **params)
        if action is Action.REPLY and state.status is Status.NEW and not state.assignee:
            # reply() takes a new ticket for the replying agent of the same tier first
            me = s.exec(select(Agent).where(Agent.name == ctx.actor)).first()
            if me is not None and me.tier == ticket.tier:
                ok, why = True, ""
        if ok and action is Action.ESCALATE:
            nxt = esc.next_tier(esc.Tier(ticket.tier))
            if nxt is None:
                ok, why = False, f"Cannot escalate: already at {esc.Tier(ticket.tier).label}."
            else:
                gaps = esc.checklist_gaps(ticket.checklist)
                if gaps:
                    why = "Checklist incomplete: " + ", ".join(esc.CHECKLIST_FIELDS[g] for g in gaps)
        actions.append(ActionView(action.value, ok, why))
    prev = _agent_name(s, ticket.previous_assignee_id)
    return TicketDetail(
        row=_row(ticket, customer, assignee, policy, auto, cal),
        description=ticket.description,
        channel=ticket.channel,
        tags=list(ticket.tags or []),
        customer_email=customer.email if customer else "",
        customer_number=customer.customer_number if customer else None,
        customer_plan=customer.plan if customer else "",
        checklist=dict(ticket.checklist or {}),
        checklist_gaps=esc.checklist_gaps(ticket.checklist),
        triage_rule=ticket.triage_rule,
        triage_reason=ticket.triage_reason,
        severity_overridden=ticket.severity_overridden,
        hold_kind=ticket.hold_kind,
        hold_reason=ticket.hold_reason,
        proposed_solution=ticket.proposed_solution,
        outcome=ticket.outcome,
        resolution=ticket.resolution,
        follow_up_of=follow_of.number if follow_of else None,
        policy=ticket.policy_name,
        first_response=first,
        resolution_clock=resolution,
        next_update_clock=next_update,
        previous_assignee=prev,
        messages=[MessageView(m.kind, m.author, m.body, m.created_at) for m in messages],
        events=[EventView(e.at, e.actor, e.action, e.field, e.before, e.after, dict(e.details or {})) for e in events],
        escalations=[EscalationView(e.direction, e.from_tier, e.to_tier, e.criterion, e.findings, e.steps_taken,
                                    e.workaround, e.logs, e.actor, e.at) for e in escalations],
        articles=[ArticleRef(a.id, a.slug, a.title, a.language) for a in articles if a.id is not None],
        survey_score=survey.score if survey else None,
        actions=actions,
        imported_at=ticket.imported_at,
        awaiting_approval=bool(ticket.awaiting_approval),
    )


def _filtered(stmt, f: QueueFilter, s: Session):
    if f.statuses:
        stmt = stmt.where(col(Ticket.status).in_(list(f.statuses)))
    if f.severities:
        stmt = stmt.where(col(Ticket.severity).in_(list(f.severities)))
    if f.tiers:
        stmt = stmt.where(col(Ticket.tier).in_(list(f.tiers)))
    if f.assignee is not None:
        if f.assignee == "":
            stmt = stmt.where(Ticket.assignee_id.is_(None))  # type: ignore[union-attr]
        else:
            agent = s.exec(select(Agent).where(Agent.name == f.assignee)).first()
            stmt = stmt.where(Ticket.assignee_id == (agent.id if agent else -1))
    text = f.text.strip()
    if text:
        number = ticket_number_in(text)
        if number is not None:
            stmt = stmt.where(or_(Ticket.number == number,
                                  col(Ticket.subject).ilike(f"%{_like(text)}%", escape="\\")))
        else:
            pattern = f"%{_like(text)}%"
            cust_ids = select(Customer.id).where(
                or_(col(Customer.name).ilike(pattern, escape="\\"), col(Customer.email).ilike(pattern, escape="\\"),
                    col(Customer.company).ilike(pattern, escape="\\"))
            )
            stmt = stmt.where(or_(col(Ticket.subject).ilike(pattern, escape="\\"),
                                  col(Ticket.customer_id).in_(cust_ids)))
    return stmt


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@retry_transient
def list_tickets(ctx: Context, f: QueueFilter | None = None, *, limit: int = 50, offset: int = 0) -> list[TicketRow]:
    """One page of the queue, most urgent first (sorted in SQL, never the whole table)."""
    f = f or QueueFilter()
    limit = max(1, min(int(limit), 1000))
    with ctx.db.read() as s:
        stmt = _filtered(select(Ticket), f, s).order_by(
            *QUEUE_ORDER
        ).limit(limit).offset(max(0, min(int(offset), MAX_DB_INT)))
        tickets = s.exec(stmt).all()
        return _rows(s, tickets)


def _rows(s: Session, tickets) -> list[TicketRow]:
    ids = [t.id for t in tickets]
    customers = {c.id: c for c in s.exec(select(Customer).where(
        col(Customer.id).in_({t.customer_id for t in tickets if t.customer_id}))).all()} if tickets else {}
    agents = {a.id: a.name for a in s.exec(select(Agent)).all()} if tickets else {}
    autos = _auto_timers(s, ids)
    policies = _PolicyCache()
    return [
        _row(t, customers.get(t.customer_id), agents.get(t.assignee_id) if t.assignee_id else None,
             policies.get_for(s, t.policy_name), autos.get(t.id), _safe_calendar(s, t))
        for t in tickets
    ]


@retry_transient
def count_tickets(ctx: Context, f: QueueFilter | None = None) -> int:
    f = f or QueueFilter()
    with ctx.db.read() as s:
        stmt = _filtered(select(func.count()).select_from(Ticket), f, s)
        return int(s.exec(stmt).one())


def ticket_number_in(text: str) -> int | None:
    """The ticket number ``text`` names (``1042``, ``#1042``), or None.

    ASCII digits only (``¹`` and ``١٢`` are digits to Python, not ticket numbers) and never beyond the
    database's integer range (SQLite overflows past 2**63, PostgreSQL's column past 2**31).
    """
    raw = text.strip().lstrip("#")
    if not (raw.isascii() and raw.isdigit()):
        return None
    digits = raw.lstrip("0") or "0"
    if len(digits) > len(str(MAX_DB_INT)) or int(digits) > MAX_DB_INT:  # never int() of 5,000 digits
        return None
    return int(digits)


def resolve_number(text: str) -> int:
    number = ticket_number_in(text)
    if number is None:
        shown = one_line(text, 40)
        raise InvalidInput(f"not a ticket number: {shown!r} (use 1 to {MAX_DB_INT}, e.g. 1042 or #1042)")
    return number
