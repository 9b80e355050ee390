"""What every ticket service shares: loading with a lock, the version check, the audit log,
the acting agent, and the text limits.

Every mutating use case takes ``expected_version``: the version the agent's screen showed. If
somebody else changed the ticket meanwhile the change is refused with :class:`StaleTicket`,
naming who changed what, and nothing is written. Writers lock the ticket row (``FOR UPDATE`` on
PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite), so the check cannot race. The use cases themselves
are in ``ticket_actions`` (commands), ``intake`` (new tickets, customer messages),
``ticket_clocks`` (SLA bookkeeping) and ``ticket_queries`` (the read side).
"""

from __future__ import annotations

from sqlalchemy.orm import object_session
from sqlmodel import Session, col, select

from agent_tui.domain import checklist as cl
from agent_tui.domain import escalation as esc
from agent_tui.domain.allowed import Actor, require_tier
from agent_tui.domain.calendar import Calendar
from agent_tui.domain.lifecycle import Action, HoldKind, Outcome, Status, TicketState
from agent_tui.domain.policy import LEGACY_CALENDAR, Policy, SlaTarget
from agent_tui.domain.sla_clocks import ClockCalendars, calendar_names
from agent_tui.domain.text import clean
from agent_tui.errors import InvalidInput, NotFound, StaleTicket
from agent_tui.i18n import _
from agent_tui.domain.limits import MAX_DB_INT  # noqa: F401 - the services' callers know it from here
from agent_tui.services.bulk_rows import sink_of
from agent_tui.services.config_store import load_calendar, load_policy
from agent_tui.services.context import Context
from agent_tui.store.models import Agent, AuditEvent, MailAttachment, Message, Ticket

MAX_BODY = 1_000_000  # characters; a 1 MB paste is accepted, larger is refused
SYSTEM = "system"


def checked_text(value: str | None, what: str, *, required: bool = False, limit: int = MAX_BODY) -> str:
    cleaned = clean(value)
    if len(cleaned) > limit:
        raise InvalidInput(_("{what} is too long ({count:,} characters; the limit is {limit:,})").format(
            what=_(what), count=len(cleaned), limit=limit))
    if required and not cleaned.strip():
        raise InvalidInput(_("{what} must not be empty").format(what=_(what)))
    return cleaned


def agent_named(session: Session, name: str) -> Agent:
    known: dict[str, Agent] = session.info.setdefault("agent_tui_actors", {})  # shared with ctx.acting_agent
    agent = known.get(name) or session.exec(select(Agent).where(Agent.name == name)).first()
    if agent is not None:
        known[name] = agent
    if agent is None:
        raise NotFound(_("no agent named {name!r}; add one with 'agent-tui agent add {name} --tier tier1'").format(
            name=name))
    return agent


def agent_name_of(session: Session, agent_id: int | None, cache: dict[int, str] | None = None) -> str | None:
    if agent_id is None:
        return None
    if cache is not None and agent_id in cache:
        return cache[agent_id]
    agent = session.get(Agent, agent_id)
    name = agent.name if agent else None
    if cache is not None and name:
        cache[agent_id] = name
    return name


def load_ticket(session: Session, number: int, *, lock: bool) -> Ticket:
    stmt = select(Ticket).where(Ticket.number == number)
    if lock:
        stmt = stmt.with_for_update()
    ticket = session.exec(stmt).first()
    if ticket is None:
        raise NotFound(_("no ticket #{number}").format(number=number))
    return ticket


def check_version(session: Session, ticket: Ticket, expected: int | None) -> None:
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
        what = " " + _("{actor} changed it at {when}: {change}.").format(actor=last.actor or _("someone"), when=when,
                                                                         change=change)
    raise StaleTicket(
        _("Ticket #{number} was changed after you opened it (your version {expected}, now "
          "{version}).{what} Reload and try again; your text is kept.").format(
            number=ticket.number, expected=expected, version=ticket.version, what=what)
    )


def audit(
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
    values = dict(
        ticket_id=ticket.id if ticket else None,
        at=ctx.clock.now(),
        actor=actor or ctx.actor,
        action=action,
        field=field,
        before=None if before is None else str(before),
        after=None if after is None else str(after),
        details={k: v for k, v in details.items() if v is not None},
    )
    sink = sink_of(session)
    if sink is not None:  # a set-based use case (the sweep) writes its events in one INSERT
        sink.event(values)
    else:
        session.add(AuditEvent(**values))


def add_row(session: Session, model: type, **values: object) -> None:
    """Add a row of ``model`` (an ORM object, or a plain row a set-based use case inserts in bulk)."""
    sink = sink_of(session)
    if sink is not None:
        sink.add(model.__table__, values)
    else:
        session.add(model(**values))


def actor_of(session: Session, ctx: Context, *, unknown_ok: bool = False) -> Actor:
    """The acting agent and tier (checked in the store: an unknown agent is NotFound, or with
    ``unknown_ok`` an actor without a tier, as a listing needs); the system has no tier."""
    try:
        agent = ctx.acting_agent(session)
    except NotFound:
        if not unknown_ok:
            raise
        agent = None
    return Actor(ctx.actor, esc.Tier(agent.tier) if agent is not None else None)


def may_act(session: Session, ctx: Context, ticket: Ticket, action: Action) -> None:
    """The acting agent exists and the tier rule lets them take ``action`` (``domain.allowed``)."""
    require_tier(action, state_of(session, ticket), actor_of(session, ctx))


def state_of(session: Session, ticket: Ticket) -> TicketState:
    return TicketState(
        status=Status(ticket.status),
        assignee=agent_name_of(session, ticket.assignee_id),
        tier=ticket.tier,
        hold_kind=HoldKind(ticket.hold_kind) if ticket.hold_kind else None,
        number=ticket.number,
        awaiting_approval=bool(ticket.awaiting_approval),
        reopens_on_reply=reopens_on_reply(session, ticket),
    )


def hands_back(policy: Policy | None, tier: str) -> bool:
    """Under a policy where Tier 1 tells the customer (seed 003), a higher tier's solve hands the
    resolution back to Tier 1 instead of solving."""
    return policy is not None and policy.tier1_tells_customer and tier != esc.Tier.TIER1.value


def reopens_on_reply(session: Session, ticket: Ticket) -> bool:
    """Closed for want of the customer's answer under a policy whose pending timeout closes (seed 004):
    their answer re-opens the ticket instead of opening a follow-up."""
    return (ticket.status == Status.CLOSED.value and ticket.outcome == Outcome.NO_CUSTOMER_RESPONSE.value
            and policy_for(session, ticket).pending_timeout == "close")


def touch(ctx: Context, ticket: Ticket, actor: str | None = None) -> None:
    ticket.version += 1
    ticket.updated_at = ctx.clock.now()
    ticket.updated_by = actor or ctx.actor


def policy_for(session: Session, ticket: Ticket) -> Policy:
    return load_policy(session, ticket.policy_name)


def checklist_missing(session: Session, ticket: Ticket, policy: Policy | None = None, *,
                      has_files: bool | None = None) -> list[cl.ChecklistField]:
    """The fields of the ticket's policy's checklist still empty (a ``files`` field is met by any file
    on the ticket: one the customer mailed or the agent added)."""
    fields = (policy or policy_for(session, ticket)).checklist
    if has_files is None and any(f.kind == cl.FILES for f in fields):
        has_files = session.exec(select(MailAttachment.id).where(MailAttachment.ticket_id == ticket.id)
                                 .limit(1)).first() is not None
    return cl.gaps(fields, ticket.checklist, has_files=bool(has_files))


def calendar_of(session: Session | None, ticket: Ticket) -> Calendar:
    """The calendar the ticket's resolution clock (and by default every clock) counts on (tickets from
    before calendars: 24/7 wall clock)."""
    session = session or object_session(ticket)
    with session.no_autoflush:  # type: ignore[union-attr]  # a calendar does not depend on pending changes
        return load_calendar(session, ticket.sla_calendar or LEGACY_CALENDAR)  # type: ignore[arg-type]


def calendars_of(session: Session | None, ticket: Ticket) -> ClockCalendars:
    """The calendar of each of the ticket's clocks (issue 16: they may differ)."""
    session = session or object_session(ticket)
    fr, nu, res = calendar_names(ticket)
    with session.no_autoflush:  # type: ignore[union-attr]
        return ClockCalendars(load_calendar(session, fr), load_calendar(session, nu),  # type: ignore[arg-type]
                              load_calendar(session, res))  # type: ignore[arg-type]


def calendars_for(session: Session, target: SlaTarget | None, policy: Policy) -> ClockCalendars:
    """The calendars a (new) target's clocks count on; no target (no SLA): the policy's calendar."""
    if target is None:
        cal = load_calendar(session, policy.calendar or LEGACY_CALENDAR)
        return ClockCalendars(cal, cal, cal)
    base = target.calendar or policy.calendar or LEGACY_CALENDAR
    return ClockCalendars(*(load_calendar(session, target.calendar_for(c) or base)
                            for c in ("first_response", "next_update", "resolution")))


def add_message(session: Session, ctx: Context, ticket: Ticket, kind: str, author: str, body: str) -> Message:
    msg = Message(ticket_id=ticket.id, kind=kind, author=author, body=body, created_at=ctx.clock.now())
    session.add(msg)
    return msg

