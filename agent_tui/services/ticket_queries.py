"""The read side of tickets: one ticket's detail, queue pages and counts, ticket numbers.

Nothing here writes. A queue page is sorted and limited in SQL, never the whole table, in one of two
orders: by urgency (``QUEUE_ORDER``, index ``ix_tickets_queue``) or by arrival, oldest first (seed 002:
tickets are taken in arrival order, then prioritised; index ``ix_tickets_arrival``). The screens page
by key (:func:`queue_page`: the rows after or before a row they hold), never by OFFSET, so the last
page of a million tickets costs what the first does. The detail lists the actions allowed now
(``domain.allowed``) with the reason for each one that is not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from sqlalchemy import func, literal, or_, text
from sqlmodel import Session, col, select

from agent_tui.domain import checklist as cl
from agent_tui.domain.allowed import allowed_actions
from agent_tui.domain.lifecycle import Status
from agent_tui.domain.policy import Policy
from agent_tui.domain.severity import Severity
from agent_tui.domain.sla import Clock
from agent_tui.domain.sla_clocks import ClockCalendars, first_response_met, has_sla, matters_now, stored_target
from agent_tui.domain.text import one_line
from agent_tui.domain.timers import AUTO_KINDS, TimerKind
from agent_tui.errors import InvalidInput, NotFound
from agent_tui.i18n import _
from agent_tui.services import outbox
from agent_tui.services.config_store import load_policy
from agent_tui.services.context import Context
from agent_tui.services.ticket_base import (
    MAX_DB_INT,
    actor_of,
    agent_name_of,
    calendars_of,
    hands_back,
    load_ticket,
    state_of,
)
from agent_tui.services.views import (
    HandBack,
    ActionView,
    ArticleRef,
    AttachmentView,
    Countdown,
    EscalationView,
    EventView,
    MessageView,
    TicketDetail,
    TicketRow,
)
from agent_tui.store.db import retry_transient
from agent_tui.store.models import (
    Agent,
    AuditEvent,
    Customer,
    Escalation,
    KbArticle,
    KbLink,
    MailAttachment,
    Message,
    Survey,
    Ticket,
    Timer,
)

# The queue's order, matching index ix_tickets_queue exactly so a page never sorts the table:
# every active ticket has an sla_due_at (only solved/closed, urgency 2, have none).
QUEUE_ORDER = (Ticket.urgency, Ticket.sla_due_at, Ticket.id)
# Arrival order (oldest first), matching ix_tickets_arrival (created_at, id) over the active tickets
# (urgency 0 running, 1 paused: the index's WHERE), so closed history is never scanned past.
ARRIVAL_ORDER = (Ticket.created_at, Ticket.id)
ORDERS = ("urgency", "arrival")
ACTIVE_STATUSES = frozenset(s.value for s in Status if s not in (Status.SOLVED, Status.CLOSED))
# The partial index's condition, written as a literal: SQLite uses a partial index only when the query
# carries the same term, and a bound parameter is not the same term.
_ACTIVE_KEY = text("tickets.urgency < 2")
_NOTHING = text("1 = 0")  # a stretch of the order the filter cannot reach: never queried


@dataclass(frozen=True)
class QueueFilter:
    statuses: tuple[str, ...] = ("new", "open", "pending", "on_hold")
    severities: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()
    assignee: str | None = None  # agent name; "" means unassigned
    text: str = ""
    order: str = "urgency"  # "urgency" (most urgent first) or "arrival" (oldest first)


@retry_transient
def get_ticket(ctx: Context, number: int) -> TicketDetail:
    with ctx.db.read() as s:
        return detail(s, ctx, load_ticket(s, number, lock=False))


def _countdowns(ticket: Ticket, policy: Policy | None, auto: tuple[str, datetime] | None,
                cals: ClockCalendars | None = None, zone: tzinfo = UTC
                ) -> tuple[Countdown, Countdown, Countdown, Countdown, Countdown]:
    """first response, resolution, the deadline that matters now (queue, header, tier board), auto timer,
    next update. Each SLA clock on its own calendar, warning as the policy says (issue 16)."""
    wf = policy.warning_fraction if policy else 0.75
    target = stored_target(ticket)
    if target is None and policy is not None and has_sla(ticket):  # a ticket from before issue #6
        target = policy.target(Severity(ticket.severity))

    def total(clock: str) -> float:
        value = target.duration(clock) if target is not None else None
        return value.total_seconds() if value is not None else 0.0

    def lead(clock: str) -> float | None:
        value = target.duration(clock) if target is not None else None
        return policy.warning_lead(clock, value) if policy is not None and value is not None else None

    fr_cal, nu_cal, res_cal = (cals.first_response, cals.next_update, cals.resolution) if cals else (None,) * 3
    active = ticket.status not in (Status.SOLVED.value, Status.CLOSED.value)
    first = Countdown("first response", ticket.first_response_due, total("first_response"), ticket.sla_paused_at,
                      wf, ticket.first_response_at, calendar=fr_cal, agent_tz=zone,
                      warn_min=lead("first_response"), met=first_response_met(ticket))
    resolution = Countdown("resolution", ticket.resolution_due, total("resolution"),
                           ticket.sla_paused_at if active else None, wf,
                           None if active else (ticket.solved_at or ticket.closed_at), calendar=res_cal,
                           agent_tz=zone, warn_min=lead("resolution"))
    if active and ticket.next_update_due is not None:
        next_update = Countdown("next update", ticket.next_update_due, total("next_update"), ticket.sla_paused_at,
                                wf, calendar=nu_cal, agent_tz=zone, warn_min=lead("next_update"))
    else:
        next_update = Countdown("next update", None)
    matters = matters_now(ticket)
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
        total_s = (due - start).total_seconds() if start else 0.0
        auto_cd = Countdown(label, due, total_s, None, 0.75)
    return first, resolution, nxt, auto_cd, next_update


def _safe_calendar(s: Session, ticket: Ticket) -> ClockCalendars | None:
    try:
        return calendars_of(s, ticket)
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
         auto: tuple[str, datetime] | None, cal: ClockCalendars | None = None, zone: tzinfo = UTC) -> TicketRow:
    first, resolution, nxt, auto_cd, next_update = _countdowns(ticket, policy, auto, cal, zone)
    running = tuple(c for c in (first, next_update, resolution) if c.due_at is not None and c.met_at is None)
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
        clocks=running if ticket.status not in (Status.SOLVED.value, Status.CLOSED.value) else (),
        has_sla=has_sla(ticket),
    )


def result(s: Session, ctx: Context, ticket: Ticket) -> TicketDetail:
    """What a use case returns: the ticket as the screen should now show it.

    Bulk callers (the demo builder, benchmarks) set ``ctx.quiet`` and get ``None``
    instead, skipping the detail queries they would throw away.
    """
    if ctx.quiet:
        s.flush()
        return None  # type: ignore[return-value]
    return detail(s, ctx, ticket)


def detail(s: Session, ctx: Context, ticket: Ticket) -> TicketDetail:
    s.flush()
    policy = _PolicyCache().get_for(s, ticket.policy_name)
    customer = s.get(Customer, ticket.customer_id) if ticket.customer_id else None
    auto = _auto_timers(s, [ticket.id]).get(ticket.id)  # type: ignore[list-item]
    assignee = agent_name_of(s, ticket.assignee_id)
    cal = _safe_calendar(s, ticket)
    first, resolution, _nxt, _auto, next_update = _countdowns(ticket, policy, auto, cal, ctx.tz)
    messages = s.exec(select(Message).where(Message.ticket_id == ticket.id).order_by(Message.created_at, Message.id)).all()
    events = s.exec(select(AuditEvent).where(AuditEvent.ticket_id == ticket.id).order_by(AuditEvent.at, AuditEvent.id)).all()
    escalations = s.exec(select(Escalation).where(Escalation.ticket_id == ticket.id).order_by(Escalation.id)).all()
    articles = s.exec(
        select(KbArticle).join(KbLink, KbLink.article_id == KbArticle.id).where(KbLink.ticket_id == ticket.id)
        .order_by(KbLink.id)
    ).all()
    files = s.exec(select(MailAttachment).where(MailAttachment.ticket_id == ticket.id)
                   .order_by(MailAttachment.created_at, MailAttachment.id)).all()
    survey = s.exec(select(Survey).where(Survey.ticket_id == ticket.id)).first()
    sent = outbox.for_ticket(s, ticket.id, ticket.number)  # type: ignore[arg-type]
    follow_of = s.get(Ticket, ticket.follow_up_of_id) if ticket.follow_up_of_id else None
    fields = policy.checklist if policy is not None else cl.DEFAULT  # a policy removed from the store
    missing = cl.gaps(fields, ticket.checklist, has_files=bool(files))
    actions = [ActionView(a.action.value, a.allowed, a.reason)
               for a in allowed_actions(state_of(s, ticket), actor_of(s, ctx, unknown_ok=True), missing)]
    prev = agent_name_of(s, ticket.previous_assignee_id)
    return TicketDetail(
        row=_row(ticket, customer, assignee, policy, auto, cal, ctx.tz),
        description=ticket.description,
        channel=ticket.channel,
        tags=list(ticket.tags or []),
        customer_email=customer.email if customer else "",
        customer_number=customer.customer_number if customer else None,
        customer_plan=customer.plan if customer else "",
        checklist=dict(ticket.checklist or {}),
        checklist_gaps=[f.key for f in missing],
        checklist_fields=list(fields),
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
        messages=[MessageView(m.kind, m.author, m.body, m.created_at, m.id, bool(m.mail_message_id), sent.get(m.id))
                  for m in messages],
        events=[EventView(e.at, e.actor, e.action, e.field, e.before, e.after, dict(e.details or {})) for e in events],
        escalations=[EscalationView(e.direction, e.from_tier, e.to_tier, e.criterion, e.findings, e.steps_taken,
                                    e.workaround, e.logs, e.actor, e.at) for e in escalations],
        articles=[ArticleRef(a.id, a.slug, a.title, a.language) for a in articles if a.id is not None],
        survey_score=survey.score if survey else None,
        actions=actions,
        prefilled=_prefilled(events),
        cc=list(dict.fromkeys(a for e in events if e.action == "mail_received" for a in (e.details or {}).get("cc", []))),
        attachments=[AttachmentView(a.id, a.filename, a.content_type, a.size, a.created_at, a.message_row_id, a.inline)
                     for a in files if a.id is not None],
        imported_at=ticket.imported_at,
        awaiting_approval=bool(ticket.awaiting_approval),
        approval_reply=_approval_reply(events) if ticket.awaiting_approval else None,
        solve_hands_back=hands_back(policy, ticket.tier),
        handed_back=_handed_back(events, escalations) if ticket.status not in ("solved", "closed") else None,
    )


def _handed_back(events, escalations) -> HandBack | None:
    """The last resolution a higher tier handed back (seed 003), unless the ticket went up again since."""
    found = None
    for e in events:
        if e.action == "deescalated" and (e.details or {}).get("resolved"):
            found = e
        elif e.action in ("escalated", "solved"):
            found = None
    if found is None:
        return None
    down = [x for x in escalations if x.direction == "down"]
    text = down[-1].findings if down else str((found.details or {}).get("summary", ""))
    return HandBack(str(found.details["resolved"]), text, found.actor, found.at)


def _approval_reply(events) -> tuple[str, tuple[str, ...]] | None:
    """The pre-reading of the customer's last answer to the current proposal (seed 001)."""
    found = None
    for e in events:
        if e.action == "solution_proposed":
            found = None
        elif e.action == "approval_reply_read":
            found = (e.after or "unclear", tuple((e.details or {}).get("matched", [])))
    return found


def _prefilled(events) -> list[str]:
    """Checklist fields the intake filled from a mail and no agent has changed since."""
    fields: dict[str, None] = {}
    for e in events:
        if e.action == "checklist_prefilled":
            fields.update(dict.fromkeys((e.details or {}).get("fields", [])))
        elif e.action == "checklist_updated":
            fields.pop(e.field, None)
    return list(fields)


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


def _order(f: QueueFilter) -> str:
    if f.order not in ORDERS:
        raise InvalidInput(_("unknown queue order {order!r} (use urgency or arrival)").format(order=f.order))
    return f.order


def _order_by(f: QueueFilter, descending: bool = False) -> list:
    cols = ARRIVAL_ORDER if _order(f) == "arrival" else QUEUE_ORDER
    return [c.desc() for c in cols] if descending else list(cols)


def _arrival_active(f: QueueFilter) -> bool:
    """Only active tickets asked for: the arrival order may use its partial index (urgency < 2)."""
    return bool(f.statuses) and set(f.statuses) <= ACTIVE_STATUSES


@retry_transient
def list_tickets(ctx: Context, f: QueueFilter | None = None, *, limit: int = 50, offset: int = 0) -> list[TicketRow]:
    """One page of the queue in the filter's order (sorted in SQL, never the whole table).

    For scripts (``tickets list --offset``); the screens page by key with :func:`queue_page`.
    """
    f = f or QueueFilter()
    limit = max(1, min(int(limit), 1000))
    with ctx.db.read() as s:
        stmt = _filtered(select(Ticket), f, s)
        if _order(f) == "arrival" and _arrival_active(f):
            stmt = stmt.where(_ACTIVE_KEY)
        stmt = stmt.order_by(*_order_by(f)).limit(limit).offset(max(0, min(int(offset), MAX_DB_INT)))
        tickets = s.exec(stmt).all()
        return _rows(s, tickets, ctx.tz)


# ---------------------------------------------------------------- paging by key

PageKey = tuple  # where a row stands in its order: (segment, *sort values); opaque to the screens


@dataclass(frozen=True)
class PageRequest:
    """Which window of the queue to read, relative to rows the caller holds (never an offset).

    Nothing set: the first ``limit`` rows. ``after``: the rows after that key; ``start``: from that key on
    (the row itself included: a reload keeps the window where it was); ``before``: the ``limit`` rows just
    before that key; ``last``: the last ``limit`` rows. ``skip`` rows next to the key (or the start/end)
    are passed over first, at most a screen's height: still no OFFSET into the table.
    """

    limit: int = 100
    after: PageKey | None = None
    start: PageKey | None = None
    before: PageKey | None = None
    last: bool = False
    skip: int = 0


@dataclass(frozen=True)
class QueuePage:
    """Rows in queue order, each row's key (hand one back in a :class:`PageRequest`), and whether more
    rows come before the first / after the last: exact in the direction read (``more_after`` for the
    first page and reads forward, ``more_before`` for the last page and reads backward), otherwise True
    when the read started from a key."""

    rows: list[TicketRow]
    keys: list[PageKey]
    more_before: bool
    more_after: bool


@dataclass(frozen=True)
class _Segment:
    """A stretch of the order that one index range scan reads in order: its conditions, its sort
    columns (the index's), and the columns that tell two rows in it apart (the key)."""

    where: tuple
    order: tuple
    key: tuple


# A ticket's urgency class by status, as domain.sla_clocks.refresh_queue_keys stores it (a test holds
# them together): a class none of the filter's statuses is in is not read (the closed history of a big
# store is class 2, and an active queue never steps through it).
URGENCY_OF = {Status.NEW.value: 0, Status.OPEN.value: 0, Status.PENDING.value: 1, Status.ON_HOLD.value: 1,
              Status.SOLVED.value: 2, Status.CLOSED.value: 2}


def _segments(f: QueueFilter) -> list[_Segment]:
    """The order as index-ordered stretches. Urgency: per class (0 running, 1 paused, 2 done), the
    tickets without a deadline first (by id), then by deadline and id: the order SQLite's index has,
    and the same on PostgreSQL (whose NULLS LAST would otherwise differ); a class that none of the
    filter's statuses is in stays empty. Arrival: one stretch."""
    if _order(f) == "arrival":
        where = (_ACTIVE_KEY,) if _arrival_active(f) else ()
        return [_Segment(where, ARRIVAL_ORDER, ARRIVAL_ORDER)]
    classes = {URGENCY_OF.get(s, -1) for s in f.statuses} if f.statuses else {0, 1, 2}
    out = []
    for urgency in (0, 1, 2):
        if urgency not in classes and -1 not in classes:  # keeps its place in the list: keys name segments
            out.append(_Segment((_NOTHING,), QUEUE_ORDER, (Ticket.id,)))
            out.append(_Segment((_NOTHING,), QUEUE_ORDER, (Ticket.sla_due_at, Ticket.id)))
            continue
        out.append(_Segment((Ticket.urgency == urgency, col(Ticket.sla_due_at).is_(None)), QUEUE_ORDER,
                            (Ticket.id,)))
        out.append(_Segment((Ticket.urgency == urgency, col(Ticket.sla_due_at).is_not(None)), QUEUE_ORDER,
                            (Ticket.sla_due_at, Ticket.id)))
    return out


def _key_of(f: QueueFilter, t: Ticket) -> PageKey:
    if _order(f) == "arrival":
        return (0, t.created_at, t.id)
    if t.sla_due_at is None:
        return (2 * t.urgency, t.id)
    return (2 * t.urgency + 1, t.sla_due_at, t.id)


def _beyond(cols: tuple, values: tuple, forward: bool, inclusive: bool) -> list[list]:
    """``(cols) > (values)`` as index seeks, nearest first: ``a = x AND b > y``, then ``a > x``.

    A row-value comparison would say it in one, but SQLite seeks only on its first column and then
    steps over every tie (a thousand tickets due at the same minute), which is OFFSET again."""
    parts = []
    for j in range(len(cols) - 1, -1, -1):
        same = [c == _bind(c, v) for c, v in zip(cols[:j], values[:j])]
        c, v = cols[j], _bind(cols[j], values[j])
        if inclusive and j == len(cols) - 1:
            parts.append(same + [c >= v if forward else c <= v])
        else:
            parts.append(same + [c > v if forward else c < v])
    return parts


def _scan(s: Session, f: QueueFilter, key: PageKey | None, forward: bool, inclusive: bool, n: int) -> list[Ticket]:
    """Up to ``n`` tickets from ``key`` on (or from the start / the end when None), in scan order."""
    segments = _segments(f)
    if key is None:
        index = 0 if forward else len(segments) - 1
    else:
        index = int(key[0])
        if not 0 <= index < len(segments) or len(key) != len(segments[index].key) + 1:
            raise InvalidInput(_("this queue position belongs to another order; reload the queue"))
    base = _filtered(select(Ticket), f, s)
    found: list[Ticket] = []
    step = 1 if forward else -1
    first = True
    while 0 <= index < len(segments) and len(found) < n:
        seg = segments[index]
        if seg.where and seg.where[0] is _NOTHING:
            index += step
            first = False
            continue
        order = [c if forward else c.desc() for c in seg.order]
        parts = _beyond(seg.key, tuple(key[1:]), forward, inclusive) if first and key is not None else [[]]
        for conditions in parts:
            if len(found) >= n:
                break
            stmt = base.where(*seg.where, *conditions).order_by(*order).limit(n - len(found))
            found += s.exec(stmt).all()
        first = False
        index += step
    return found


def _bind(column, value):
    return literal(value, type_=column.type)  # typed: a datetime goes through UTCDateTime like a stored one


@retry_transient
def queue_page(ctx: Context, f: QueueFilter | None = None, request: PageRequest | None = None) -> QueuePage:
    """One window of the queue, read by key (see :class:`PageRequest`): an index range scan whatever
    the window's place in the queue."""
    f = f or QueueFilter()
    r = request or PageRequest()
    limit = max(1, min(int(r.limit), 1000))
    skip = max(0, min(int(r.skip), 1000))
    with ctx.db.read() as s:
        if r.before is not None or r.last:
            got = _scan(s, f, r.before, forward=False, inclusive=False, n=limit + skip + 1)
            more_after = r.before is not None or skip > 0
            got = got[skip:]
            more_before = len(got) > limit
            tickets = list(reversed(got[:limit]))
        else:
            key = r.after if r.after is not None else r.start
            got = _scan(s, f, key, forward=True, inclusive=r.after is None, n=limit + skip + 1)
            more_before = key is not None or skip > 0
            got = got[skip:]
            more_after = len(got) > limit
            tickets = got[:limit]
        return QueuePage(_rows(s, tickets, ctx.tz), [_key_of(f, t) for t in tickets], more_before, more_after)


def _rows(s: Session, tickets, zone: tzinfo = UTC) -> list[TicketRow]:
    ids = [t.id for t in tickets]
    customers = {c.id: c for c in s.exec(select(Customer).where(
        col(Customer.id).in_({t.customer_id for t in tickets if t.customer_id}))).all()} if tickets else {}
    agents = {a.id: a.name for a in s.exec(select(Agent)).all()} if tickets else {}
    autos = _auto_timers(s, ids)
    policies = _PolicyCache()
    return [
        _row(t, customers.get(t.customer_id), agents.get(t.assignee_id) if t.assignee_id else None,
             policies.get_for(s, t.policy_name), autos.get(t.id), _safe_calendar(s, t), zone)
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
        raise InvalidInput(_("not a ticket number: {shown!r} (use 1 to {max}, e.g. 1042 or #1042)").format(
            shown=shown, max=MAX_DB_INT))
    return number

