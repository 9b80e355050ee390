"""Intake: what comes in from outside — new tickets (typed, imported, mailed), their customers,
and the customer's messages on existing tickets (a re-open, or a follow-up of a closed one).

Triage runs on every new ticket as on a typed one, and its SLA clocks start (``domain.sla_clocks``).
``create_in_session`` and ``customer_message_in_session`` work inside a caller's transaction, so an
import or a mail is stored together with its effect, all or nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypedDict, Unpack
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, select

from agent_tui.domain import checklist as cl
from agent_tui.domain import escalation as esc
from agent_tui.domain import lifecycle as lc
from agent_tui.domain.clock import ensure_utc
from agent_tui.domain.lifecycle import Action, Status
from agent_tui.domain.severity import Severity
from agent_tui.domain.sla_clocks import refresh_queue_keys, start_clocks
from agent_tui.domain.text import clean, one_line
from agent_tui.domain.triage import triage as run_triage
from agent_tui.errors import InvalidInput
from agent_tui.i18n import N_, _
from agent_tui.services.config_store import active_policy_name, load_policy, load_rules
from agent_tui.services.context import Context
from agent_tui.services.ticket_base import (
    SYSTEM,
    add_message,
    audit,
    calendars_for,
    check_version,
    checked_text,
    load_ticket,
    policy_for,
    reopens_on_reply,
    state_of,
    touch,
)
from agent_tui.services.ticket_clocks import customer_wrote, set_status, sync_timers
from agent_tui.services.ticket_queries import get_ticket, result
from agent_tui.services.views import TicketDetail
from agent_tui.store.db import insert_or_ignore, retry_transient
from agent_tui.store.models import Agent, Counter, Customer, Message, Ticket

CHANNELS = frozenset({"email", "form", "phone", "chat", "social", "import"})


@dataclass(frozen=True)
class CustomerInput:
    email: str = ""
    name: str = ""
    customer_number: str | None = None
    company: str = ""
    plan: str = "standard"
    domain: str = ""


def normalize_email(text: str | None) -> str:
    """The form an e-mail address is stored, compared and kept unique in (``ix_customers_email``)."""
    return clean(text).strip().casefold()


def clean_customer_number(text: str | None) -> str | None:
    return clean(text or "").strip() or None


def known_customer(session: Session, number: str | None, email: str) -> Customer | None:
    """The customer with this number, else with this (normalised) e-mail."""
    customer = None
    if number:
        customer = session.exec(select(Customer).where(Customer.customer_number == number)).first()
    if customer is None and email:
        customer = session.exec(select(Customer).where(Customer.email == email)).first()
    return customer


def find_or_create_customer(session: Session, ctx: Context, data: CustomerInput) -> Customer:
    """Look the customer up, or create them; two clients meeting the same new customer make one row.

    The insert does nothing on a conflict with the unique e-mail or customer
    number (another client created them meanwhile); the row is then read back.
    """
    email = normalize_email(data.email)
    number = clean_customer_number(data.customer_number)
    customer = known_customer(session, number, email)
    if customer is not None:
        return customer
    if not email and not number and not data.name.strip():
        raise InvalidInput(_("a ticket needs a customer: give an e-mail, a customer number or a name"))
    plan = clean(data.plan or "standard").strip().lower()
    for what, value, limit in ((N_("customer e-mail"), email, 320), (N_("customer number"), number or "", 80),
                               (N_("customer plan"), plan, 40)):
        if len(value) > limit:
            raise InvalidInput(_("{what} is too long ({count:,} characters; the limit is {limit})").format(
                what=_(what), count=len(value), limit=limit))
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
    customer = session.get(Customer, new_id) if new_id is not None else known_customer(session, number, email)
    if customer is None:  # pragma: no cover - a conflict means the other row exists and is committed
        raise InvalidInput(_("the customer could not be saved; try again"))
    return customer


def next_number(session: Session) -> int:
    result = session.execute(
        update(Counter).where(Counter.name == "ticket").values(value=Counter.value + 1).returning(Counter.value)
    ).first()
    if result is None:
        session.add(Counter(name="ticket", value=1001))
        session.flush()
        return 1001
    return int(result[0])


class TicketFields(TypedDict, total=False):
    """The optional fields of a new ticket (the keyword arguments of :func:`create_in_session`)."""

    channel: str
    language: str
    tags: Iterable[str]
    checklist: Mapping[str, object] | None
    created_at: datetime | None
    severity: Severity | None
    external_ref: str | None


@retry_transient
def create_ticket(ctx: Context, subject: str, description: str, customer: CustomerInput,
                  **fields: Unpack[TicketFields]) -> TicketDetail:
    """Create a ticket, triage it by the stored rules and start its SLA clocks."""
    with ctx.db.transaction() as s:
        number = create_in_session(s, ctx, subject, description, customer, **fields)
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
    subject = one_line(checked_text(subject, N_("subject"), required=True, limit=1000), 1000)
    description = checked_text(description, N_("description"))
    channel = (channel or "email").strip().lower()
    if channel not in CHANNELS:
        raise InvalidInput(_("unknown channel {channel!r}; use email, form, phone, chat or social").format(
            channel=channel))
    policy_name = active_policy_name(s)
    policy = load_policy(s, policy_name)
    fields = cl.normalize(policy.checklist, checklist or {})
    when = ensure_utc(created_at) if created_at else ctx.clock.now()
    cust = find_or_create_customer(s, ctx, customer)
    asked = {f.key for f in policy.checklist}
    for key, known in (("customer_number", cust.customer_number), ("contact", cust.email), ("domain", cust.domain)):
        if known and key in asked and not fields.get(key):
            fields[key] = known
    decision = run_triage(load_rules(s), subject, description, cust.plan, channel)
    sev = severity or decision.severity
    all_tags = list(dict.fromkeys([*(t.strip().lower() for t in tags if t.strip()), *decision.tags]))
    ticket = Ticket(
        number=next_number(s),
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
    target = policy.target(sev, cust.plan, all_tags)  # None: no SLA (no policy entry matches)
    start_clocks(ticket, target, calendars_for(s, target, policy), when, policy.update_rules)
    refresh_queue_keys(ticket)
    s.add(ticket)
    s.flush()
    s.add(Message(ticket_id=ticket.id, kind="customer", author=cust.email or cust.name,
                  body=description, created_at=when))
    audit(s, ctx, ticket, "created", "status", None, "new", channel=channel, external_ref=external_ref)
    audit(s, ctx, ticket, "triaged", "severity", None, decision.severity.value,
           rule=decision.rule, reason=decision.reason, tier=decision.tier.value)
    if ticket.severity_overridden:
        audit(s, ctx, ticket, "severity_overridden", "severity", decision.severity.value, sev.value)
    sync_timers(s, ticket, policy)
    return ticket.number


@retry_transient
def new_ticket_fields(ctx: Context) -> list[cl.ChecklistField]:
    """The checklist fields the active policy's new-ticket form asks for (seed 002: the environment)."""
    with ctx.db.read() as s:
        policy = load_policy(s, active_policy_name(s))
        return [f for f in policy.checklist if f.key in policy.new_ticket_fields]


@retry_transient
def preview_triage(ctx: Context, subject: str, description: str, plan: str | None = None,
                   channel: str = "form", *, customer_email: str = "", customer_number: str = ""):
    """What triage would decide, without saving (the new-ticket form shows it).

    With a known customer's e-mail or number, their plan counts as it will on save.
    """
    with ctx.db.read() as s:
        if plan is None and (customer_email.strip() or customer_number.strip()):
            known = known_customer(s, clean_customer_number(customer_number), normalize_email(customer_email))
            plan = known.plan if known is not None else None
        return run_triage(load_rules(s), subject, description, plan, channel)


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
            return result(s, ctx, load_ticket(s, number, lock=False))
    return get_ticket(ctx, affected)


def customer_message_in_session(
    s: Session, ctx: Context, number: int, body: str, *, author: str | None = None,
    expected_version: int | None = None,
) -> int:
    """The body of :func:`customer_message` inside a caller's transaction (mail intake stores the
    mail and its effect together). Returns the number of the ticket that got the message: the
    ticket itself, or the follow-up opened for a closed one."""
    text = checked_text(body, N_("message"), required=True)
    ticket = load_ticket(s, number, lock=True)
    check_version(s, ticket, expected_version)
    customer = s.get(Customer, ticket.customer_id) if ticket.customer_id else None
    # The author is outside text and becomes the audit actor (80 characters): one line, cut to fit.
    who = one_line(author or (customer.email if customer and customer.email else "") or "customer", 80)
    if ticket.status == Status.CLOSED.value and not reopens_on_reply(s, ticket):
        return open_follow_up(s, ctx, ticket, text, who)
    new = lc.next_status(Action.CUSTOMER_MESSAGE, state_of(s, ticket))
    add_message(s, ctx, ticket, "customer", who, text)
    audit(s, ctx, ticket, "customer_replied", actor=who)
    customer_wrote(s, ctx, ticket)
    if new.value != ticket.status:
        if ticket.assignee_id is None and ticket.previous_assignee_id is not None:
            ticket.assignee_id = ticket.previous_assignee_id
        set_status(s, ctx, ticket, new, actor=who, reason="customer replied")
    else:
        refresh_queue_keys(ticket)
        sync_timers(s, ticket, policy_for(s, ticket))
    touch(ctx, ticket, actor=who)
    return ticket.number


def open_follow_up(s: Session, ctx: Context, closed: Ticket, text: str, who: str) -> int:
    policy = load_policy(s, active_policy_name(s))
    sev = Severity(closed.severity)
    now = ctx.clock.now()
    customer = s.get(Customer, closed.customer_id) if closed.customer_id else None
    target = policy.target(sev, customer.plan if customer else None, closed.tags or ())
    follow = Ticket(
        number=next_number(s),
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
    start_clocks(follow, target, calendars_for(s, target, policy), now, policy.update_rules)
    follow.last_contact_at = now
    refresh_queue_keys(follow)
    s.add(follow)
    s.flush()
    s.add(Message(ticket_id=follow.id, kind="customer", author=who, body=text, created_at=now))
    audit(s, ctx, follow, "created", "status", None, "new", actor=who, follow_up_of=closed.number)
    audit(s, ctx, closed, "follow_up_created", actor=who, follow_up=follow.number)
    original = closed.assignee_id
    if original is not None:
        agent = s.get(Agent, original)
        if agent is not None and agent.active and agent.tier == follow.tier:
            follow.assignee_id = agent.id
            audit(s, ctx, follow, "assigned", "assignee", None, agent.name, actor=SYSTEM, via="follow_up")
            set_status(s, ctx, follow, Status.OPEN, actor=SYSTEM)
    sync_timers(s, follow, policy)
    return follow.number

