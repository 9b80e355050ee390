"""The outbox: every mail to the customer is written in the same transaction as the change that
caused it (a reply, a request for details, a solve, a reminder …), so a change is never made without
its mail, nor a mail sent for a change that was rolled back.

Delivery (``agent_tui.mail.send``) claims due rows with one conditional UPDATE (``state`` queued or
retrying → sending, ``FOR UPDATE SKIP LOCKED`` on PostgreSQL), like the sweep claims timers: two
senders in team mode never take the same mail. The Message-ID is fixed here, at enqueue, so a retry
is the same mail and the customer's reply threads to the ticket (``messages.mail_message_id``).

States: queued → sending → sent; a temporary failure → retrying (``next_attempt_at``, growing
backoff) until ``MAX_ATTEMPTS``; a permanent one → failed; no address → unsent. Failed and unsent
mail waits for an agent (``retry``); a sender that died mid-send leaves ``sending`` rows, which
:func:`release_stale` marks failed with that reason rather than send twice.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from datetime import timedelta

from sqlalchemy import case, update
from sqlmodel import Session, col, select

from agent_tui.errors import InvalidInput, NotFound
from agent_tui import i18n
from agent_tui.i18n import LANGUAGES, _
from agent_tui.mail import templates as tpl
from agent_tui.mail.settings import MailSettings, load_settings
from agent_tui.services.bulk_rows import sink_of
from agent_tui.services.context import Context
from agent_tui.services.views import OutboxView
from agent_tui.services.ticket_base import SYSTEM, add_message, audit
from agent_tui.store.db import retry_transient
from agent_tui.store.models import Agent, AuditEvent, Customer, Message, OutboundMail, Ticket

QUEUED, SENDING, SENT, RETRYING, FAILED, UNSENT = "queued", "sending", "sent", "retrying", "failed", "unsent"
DUE_STATES = (QUEUED, RETRYING)
MAX_ATTEMPTS = 8
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1),
           timedelta(hours=2), timedelta(hours=4), timedelta(hours=8))
STALE_CLAIM = timedelta(minutes=15)
_REPLY_PREFIX = re.compile(r"^\s*((re|aw|antw|fw|fwd|wg|res|enc|sv|vs)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)


def backoff(attempts: int) -> timedelta:
    return BACKOFF[min(max(attempts, 1), len(BACKOFF)) - 1]


def _settings(settings: MailSettings | None) -> MailSettings:
    return settings if settings is not None else load_settings()


def ticket_language(ticket: Ticket, s: Session | None = None) -> str:
    """The language the customer is written to in: the ticket's (detected from their mail, or set),
    else the one of their latest ticket that has one (their record), else English."""
    lang = (ticket.language or "").lower()[:2]
    sink = sink_of(s)
    if not lang and sink is not None and ticket.customer_id in sink.languages:
        lang = sink.languages[ticket.customer_id].lower()[:2]  # preloaded for the sweep's batch
    elif not lang and s is not None and ticket.customer_id is not None:
        lang = (s.exec(select(Ticket.language).where(Ticket.customer_id == ticket.customer_id, Ticket.language != "")
                       .order_by(col(Ticket.id).desc()).limit(1)).first() or "").lower()[:2]
    return lang if lang in LANGUAGES else tpl.FALLBACK


_MSG_ID = re.compile(r"[!-;=?-~]+@[!-;=?-~]+")  # printable ASCII, no space, no < >: fits in <…>


def _thread_ids(s: Session, ticket: Ticket, own: str) -> tuple[str, list[str]]:
    """(In-Reply-To, References): the customer's last mail (else our last), and the ticket's mails
    in order (the first and the last ten, as RFC 5322 suggests trimming long chains). One query;
    never the mail's own id, never a content hash ("sha256:…": a customer mail without a Message-ID)."""
    sink = sink_of(s)
    if sink is not None:  # preloaded for the sweep's batch, with the mails queued in it so far
        found = [(k, m) for k, m in sink.threads.get(ticket.id, ()) if m != own]
    else:
        found = s.exec(select(Message.kind, Message.mail_message_id).where(
            Message.ticket_id == ticket.id, col(Message.mail_message_id).is_not(None), Message.mail_message_id != own,
            col(Message.kind).in_(("customer", "public", "system"))).order_by(Message.id)).all()
    found = [(k, m) for k, m in found if m and _MSG_ID.fullmatch(m)]
    ids = [mid for _, mid in found]
    last_customer = next((mid for kind, mid in reversed(found) if kind == "customer"), "")
    refs = ids if len(ids) <= 11 else [ids[0], *ids[-10:]]
    return (last_customer or (ids[-1] if ids else "")), refs


def new_message_id(settings: MailSettings, number: int) -> str:
    return f"{uuid.uuid4().hex}.t{number}@{settings.domain}"


def enqueue(s: Session, ctx: Context, ticket: Ticket, kind: str, *, values: Mapping[str, object] | None = None,
            message: Message | None = None, settings: MailSettings | None = None) -> OutboundMail | None:
    """Write one mail to the customer into the outbox, in the caller's transaction.

    ``message`` is the timeline row the mail belongs to (an agent's reply); without one, a system
    row is added holding the text the customer gets. Its Message-ID is the mail's, so a reply to it
    threads back here and a bounce finds it. Inside a set-based use case (the sweep,
    ``services.bulk_rows``) the rows are handed to it and None is returned.
    """
    sink = sink_of(s)
    if sink is not None and message is None:
        if sink.settings is None:
            sink.settings = _settings(settings)
        _enqueue_bulk(s, sink, ctx, ticket, kind, values, settings or sink.settings)
        return None
    cfg = _settings(settings)
    mid = new_message_id(cfg, ticket.number)
    if message is not None:
        message.mail_message_id = mid  # before anything flushes it: one INSERT, no UPDATE
    customer = s.get(Customer, ticket.customer_id) if ticket.customer_id else None
    base = _common_values(s, ctx, ticket, customer, cfg)
    rendered = tpl.render(kind, ticket_language(ticket, s), {**base, **(values or {})})
    in_reply_to, refs = _thread_ids(s, ticket, mid)
    if message is None:
        message = add_message(s, ctx, ticket, "system", SYSTEM if kind in tpl.AUTO_KINDS else ctx.actor,
                              rendered.body)
        message.mail_message_id = mid
    s.flush()
    to = customer.email if customer else ""
    now = ctx.clock.now()
    row = OutboundMail(
        ticket_id=ticket.id, message_row_id=message.id, kind=kind, language=rendered.wanted,  # type: ignore[arg-type]
        template_language=rendered.language, to_addr=to, cc=_cc(s, ticket, to) if kind not in tpl.AUTO_KINDS else [],
        subject=f"{base['reference']} {rendered.subject}", body=rendered.body, message_id=mid,
        in_reply_to=in_reply_to, references=refs, auto=kind in tpl.AUTO_KINDS,
        state=QUEUED if to else UNSENT, next_attempt_at=now if to else None,
        last_error="" if to else "the customer has no e-mail address", created_at=now)
    s.add(row)
    s.flush()
    audit(s, ctx, ticket, "mail_queued", "outbox", None, kind, actor=ctx.actor if ctx.actor else SYSTEM,
          outbox_id=row.id, to=to or None, language=rendered.language,
          fallback=rendered.note or None)
    return row


WARNING_KIND = "sla_warning"  # to agents, never to the customer; no timeline row, no thread


def enqueue_warning(s: Session, ctx: Context, ticket: Ticket, clock: str, due, *,
                    settings: MailSettings | None = None) -> list[str]:
    """Issue 16 (a policy's ``warn_mail``): an SLA warning mailed to the ticket's assignee, or, unassigned, to
    every active agent of its tier, where they have an address (``agent add --email``). Internal: no timeline
    row and no ticket reference in the subject, so the customer's thread never sees it (an answer to it would
    arrive as a new mail, not on the ticket: the body asks not to answer). Written with the connection (also inside the sweep's set-based batch); returns
    the addresses."""
    sink = sink_of(s)
    cfg = sink.settings if sink is not None and sink.settings is not None else _settings(settings)
    conn = s.connection()
    agents = Agent.__table__
    if ticket.assignee_id is not None:
        where = agents.c.id == ticket.assignee_id
    else:
        where = (agents.c.tier == ticket.tier) & agents.c.active
    addresses = sorted({a for (a,) in conn.execute(select(agents.c.email).where(where, agents.c.email != ""))})
    if not addresses:
        return []
    from agent_tui.domain.clock import shown_at

    when = shown_at(due, ctx.tz) if due is not None else "—"
    subject = _("SLA warning: ticket {number} — {clock} due {due}").format(number=ticket.number, clock=clock,
                                                                          due=when)
    body = _("Ticket {number} ({subject}) is close to its {clock} deadline: due {due}, {who}.\n\n"
             "Open it in agent-tui (/ #{number}). Sent by the desk itself: please do not answer this mail.").format(
        number=ticket.number, subject=(ticket.subject or "")[:200], clock=clock, due=when,
        who=_("assigned to you") if ticket.assignee_id is not None else _("unassigned in your tier"))
    now = ctx.clock.now()
    table = OutboundMail.__table__
    for to in addresses:
        conn.execute(table.insert().values(
            ticket_id=ticket.id, message_row_id=None, kind=WARNING_KIND, language=i18n.current(), template_language=i18n.current(),
            to_addr=to, cc=[], subject=subject, body=body, message_id=f"warn.{new_message_id(cfg, ticket.number)}",
            in_reply_to="", references=[], auto=True, state=QUEUED, attempts=0, next_attempt_at=now,
            last_error="", claimed_by="", claimed_at=None, sent_at=None, sent_via="", created_at=now))
    return addresses


def _common_values(s: Session, ctx: Context, ticket: Ticket, customer: Customer | None,
                   cfg: MailSettings) -> dict[str, object]:
    """The names every template may use (``templates.COMMON`` before the greeting and signature)."""
    agent = _signing_agent(s, ctx)
    return {
        "number": ticket.number, "reference": cfg.reference(ticket.number),
        "subject": _REPLY_PREFIX.sub("", ticket.subject or "").strip() or f"#{ticket.number}",
        "customer_name": (customer.name if customer else "").strip(), "desk_name": cfg.desk_name,
        "agent_name": (agent.display_name or agent.name) if agent else cfg.desk_name,
    }


def _signing_agent(s: Session, ctx: Context) -> Agent | None:
    """The agent whose name signs the mail (the one the action already looked up), None for the desk."""
    if ctx.actor == SYSTEM:
        return None
    try:
        agent = ctx.acting_agent(s)
    except NotFound:
        agent = None
    if agent is None:
        agent = s.exec(select(Agent).where(Agent.name == ctx.actor)).first()
    return agent


def _enqueue_bulk(s: Session, sink, ctx: Context, ticket: Ticket, kind: str, values: Mapping[str, object] | None,
                  cfg: MailSettings) -> None:
    """``enqueue`` without a message of the caller's, its rows handed to the batch's ``BulkRows``: the same
    timeline row, mail and ``mail_queued`` event, written with the batch's other rows."""
    mid = new_message_id(cfg, ticket.number)
    customer = s.get(Customer, ticket.customer_id) if ticket.customer_id else None
    base = _common_values(s, ctx, ticket, customer, cfg)
    if sink.templates is None:
        sink.templates = tpl.template_sets()  # once per batch, not per mail
    rendered = tpl.render(kind, ticket_language(ticket, s), {**base, **(values or {})}, sets=sink.templates)
    in_reply_to, refs = _thread_ids(s, ticket, mid)
    now = ctx.clock.now()
    author = SYSTEM if kind in tpl.AUTO_KINDS else ctx.actor
    to = customer.email if customer else ""
    message = {"ticket_id": ticket.id, "kind": "system", "author": author, "body": rendered.body, "created_at": now,
               "mail_message_id": mid}
    mail = {"ticket_id": ticket.id, "message_row_id": None, "kind": kind, "language": rendered.wanted,
            "template_language": rendered.language, "to_addr": to,
            "cc": _cc(s, ticket, to) if kind not in tpl.AUTO_KINDS else [],
            "subject": f"{base['reference']} {rendered.subject}", "body": rendered.body, "message_id": mid,
            "in_reply_to": in_reply_to, "references": refs, "auto": kind in tpl.AUTO_KINDS,
            "state": QUEUED if to else UNSENT, "attempts": 0, "next_attempt_at": now if to else None,
            "last_error": "" if to else "the customer has no e-mail address", "claimed_by": "", "claimed_at": None,
            "sent_at": None, "sent_via": "", "created_at": now}
    details = {"outbox_id": None, "to": to or None, "language": rendered.language, "fallback": rendered.note or None}
    event = {"ticket_id": ticket.id, "at": now, "actor": ctx.actor if ctx.actor else SYSTEM, "action": "mail_queued",
             "field": "outbox", "before": None, "after": kind,
             "details": {k: v for k, v in details.items() if v is not None or k == "outbox_id"}}
    sink.mail(message, mail, event)


def _cc(s: Session, ticket: Ticket, to: str) -> list[str]:
    """The addresses copied on the customer's mails stay copied on our answers."""
    seen: dict[str, None] = {}
    for details in s.exec(select(AuditEvent.details).where(AuditEvent.ticket_id == ticket.id,
                                                           AuditEvent.action == "mail_received")).all():
        for address in (details or {}).get("cc", []):
            if address and address.casefold() != to.casefold():
                seen[address] = None
    return list(seen)[:20]


# ---------------------------------------------------------------- reading


def _view(row: OutboundMail, number: int, *, body: bool = False) -> OutboxView:
    return OutboxView(row.id, number, row.kind, row.state, row.to_addr, row.subject, row.created_at,  # type: ignore[arg-type]
                      row.attempts, row.last_error, row.next_attempt_at, row.sent_at, row.sent_via, row.language,
                      row.template_language, row.message_id, row.message_row_id, list(row.cc or []),
                      row.body if body else "")


def list_outbox(ctx: Context, *, states: Sequence[str] = (), ticket: int | None = None,
                limit: int = 100) -> list[OutboxView]:
    with ctx.db.read() as s:
        stmt = select(OutboundMail, Ticket.number).join(Ticket, col(Ticket.id) == col(OutboundMail.ticket_id))
        if states:
            stmt = stmt.where(col(OutboundMail.state).in_(list(states)))
        if ticket is not None:
            stmt = stmt.where(Ticket.number == ticket)
        rows = s.exec(stmt.order_by(col(OutboundMail.id).desc()).limit(limit)).all()
        return [_view(r, n) for r, n in rows]


def for_ticket(s: Session, ticket_id: int, number: int) -> dict[int, OutboxView]:
    """The delivery state of each timeline message of a ticket (message id → its mail)."""
    rows = s.exec(select(OutboundMail).where(OutboundMail.ticket_id == ticket_id).order_by(OutboundMail.id)).all()
    return {r.message_row_id: _view(r, number) for r in rows if r.message_row_id is not None}


def show(ctx: Context, outbox_id: int) -> tuple[OutboxView, OutboundMail]:
    with ctx.db.read() as s:
        row = s.get(OutboundMail, outbox_id)
        if row is None:
            raise NotFound(_("no mail {id} in the outbox").format(id=outbox_id))
        number = s.exec(select(Ticket.number).where(Ticket.id == row.ticket_id)).one()
        s.expunge(row)
        return _view(row, number, body=True), row


def for_message(ctx: Context, message_row_id: int) -> OutboxView | None:
    with ctx.db.read() as s:
        row = s.exec(select(OutboundMail).where(OutboundMail.message_row_id == message_row_id)).first()
        if row is None:
            return None
        number = s.exec(select(Ticket.number).where(Ticket.id == row.ticket_id)).one()
        return _view(row, number, body=True)


def counts(ctx: Context) -> dict[str, int]:
    from sqlalchemy import func

    with ctx.db.read() as s:
        return dict(s.exec(select(OutboundMail.state, func.count()).group_by(OutboundMail.state)).all())  # type: ignore[arg-type]


# ---------------------------------------------------------------- delivery bookkeeping (called by mail.send)


@retry_transient
def claim(ctx: Context, worker: str, *, limit: int = 50, ids: Sequence[int] = ()) -> list[OutboundMail]:
    """Take up to ``limit`` due mails for ``worker``: one conditional UPDATE, so no two senders
    take the same one; attempts are counted here, before anything is sent."""
    now = ctx.clock.now()
    with ctx.db.transaction() as s:
        due = (select(OutboundMail.id).where(col(OutboundMail.state).in_(DUE_STATES),
                                             col(OutboundMail.next_attempt_at) <= now)
               .order_by(OutboundMail.next_attempt_at, OutboundMail.id).limit(limit)
               .with_for_update(skip_locked=True))
        if ids:
            due = due.where(col(OutboundMail.id).in_(list(ids)))
        wanted = list(s.exec(due).all())
        if not wanted:
            return []
        claimed = s.execute(
            update(OutboundMail).where(col(OutboundMail.id).in_(wanted), col(OutboundMail.state).in_(DUE_STATES))
            .values(state=SENDING, claimed_by=worker, claimed_at=now, attempts=OutboundMail.attempts + 1)
            .returning(OutboundMail.id)).scalars().all()
        rows = list(s.exec(select(OutboundMail).where(col(OutboundMail.id).in_(claimed)).order_by(OutboundMail.id)).all())
        for r in rows:
            s.expunge(r)
        return rows


@retry_transient
def mark_sent(ctx: Context, outbox_ids: Sequence[int], via: str) -> None:
    if not outbox_ids:
        return
    now = ctx.clock.now()
    with ctx.db.transaction() as s:
        s.execute(update(OutboundMail).where(col(OutboundMail.id).in_(list(outbox_ids)), OutboundMail.state == SENDING)
                  .values(state=SENT, sent_at=now, sent_via=via, last_error="", next_attempt_at=None))


@retry_transient
def mark_failed(ctx: Context, outbox_id: int, error: str, *, permanent: bool) -> str:
    """A failed attempt: retried later with backoff, or (permanent, or too many attempts) failed."""
    now = ctx.clock.now()
    with ctx.db.transaction() as s:
        row = s.get(OutboundMail, outbox_id, with_for_update=True)
        if row is None or row.state != SENDING:
            return row.state if row else ""
        row.last_error = error[:2000]
        if permanent or row.attempts >= MAX_ATTEMPTS:
            row.state, row.next_attempt_at = FAILED, None
        else:
            row.state, row.next_attempt_at = RETRYING, now + backoff(row.attempts)
        ticket = s.get(Ticket, row.ticket_id)
        if row.state == FAILED and ticket is not None:
            audit(s, ctx.as_actor(SYSTEM), ticket, "mail_failed", "outbox", row.kind, FAILED, actor=SYSTEM,
                  outbox_id=row.id, error=row.last_error)
        return row.state


@retry_transient
def give_back(ctx: Context, outbox_ids: Sequence[int], worker: str, *, reason: str = "",
              after: timedelta = timedelta()) -> None:
    """Mails ``worker`` claimed and did not offer to a server (its batch ran long, or the desk's
    configuration is wrong: ``reason``): due again ``after`` this, the attempt not counted, and
    never left for :func:`release_stale` to take as abandoned."""
    if not outbox_ids:
        return
    values: dict[str, object] = {"state": RETRYING if reason else case((OutboundMail.attempts > 1, RETRYING), else_=QUEUED),
                                 "attempts": OutboundMail.attempts - 1, "next_attempt_at": ctx.clock.now() + after}
    if reason:
        values["last_error"] = reason[:2000]
    with ctx.db.transaction() as s:
        s.execute(update(OutboundMail).where(col(OutboundMail.id).in_(list(outbox_ids)), OutboundMail.state == SENDING,
                                             OutboundMail.claimed_by == worker).values(**values))


@retry_transient
def release_stale(ctx: Context, older_than: timedelta = STALE_CLAIM) -> int:
    """Mails a sender claimed and never reported on (it stopped mid-send): failed, with that reason.
    They may have reached the customer; an agent decides to send again, nothing is sent twice by itself."""
    now = ctx.clock.now()
    with ctx.db.transaction() as s:
        ids = s.execute(
            update(OutboundMail).where(OutboundMail.state == SENDING, col(OutboundMail.claimed_at) < now - older_than)
            .values(state=FAILED, next_attempt_at=None,
                    last_error="the sender stopped while sending this mail; it may have been delivered")
            .returning(OutboundMail.id)).scalars().all()
        return len(ids)


@retry_transient
def retry(ctx: Context, outbox_id: int) -> OutboxView:
    """An agent sends a failed (or not yet sent) mail again: due now, attempts kept for the record.
    An unsent mail takes the customer's address as it is now."""
    now = ctx.clock.now()
    with ctx.db.transaction() as s:
        row = s.get(OutboundMail, outbox_id, with_for_update=True)
        if row is None:
            raise NotFound(_("no mail {id} in the outbox").format(id=outbox_id))
        ticket = s.get(Ticket, row.ticket_id)
        assert ticket is not None
        if row.state in (SENT, SENDING):
            raise InvalidInput(_("mail {id} is {state}; only a failed, unsent or waiting mail is sent again").format(
                id=outbox_id, state=row.state))
        if not row.to_addr:
            customer = s.get(Customer, ticket.customer_id) if ticket.customer_id else None
            if customer is None or not customer.email:
                raise InvalidInput(_("ticket #{number}'s customer still has no e-mail address").format(number=ticket.number))
            row.to_addr = customer.email
        before = row.state
        row.state, row.next_attempt_at = QUEUED, now
        audit(s, ctx, ticket, "mail_retried", "outbox", before, QUEUED, outbox_id=row.id)
        return _view(row, ticket.number)


def retry_for_message(ctx: Context, message_row_id: int) -> OutboxView:
    view = for_message(ctx, message_row_id)
    if view is None:
        raise NotFound(_("this message was not sent by mail"))
    return retry(ctx, view.id)
