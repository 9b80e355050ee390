"""Mail in: one customer mail becomes the right ticket, exactly once (issue 13).

``intake(ctx, raw)`` is one transaction: the raw bytes (zlib, keyed by SHA-256), the
``inbound_mails`` row claiming the Message-ID, and its effect on a ticket commit together or
not at all. The unique Message-ID (the content hash when the mail has none) makes a second
fetch, a crash between store and flag, or two watchers at once insert nothing: the second
claim finds the row and reports ``duplicate``.

Threading: the ticket reference in the subject (``[#1234]``, configurable), then In-Reply-To /
References against the Message-ID of every mail of a ticket (``messages.mail_message_id``),
else a new ticket. Auto-replies and our own mail are stored as ``ignored`` (no ticket, no
answer); a bounce becomes an internal note on the ticket whose mail bounced and marks the
address as bouncing. A mail that cannot be parsed or stored is kept in quarantine with the
reason and its raw bytes, in a transaction of its own, so it never blocks the next mail.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from agent_tui.domain.language import guess_language
from agent_tui.domain.prefill import prefill_from_text
from agent_tui.domain.reply_reading import read_approval, read_score
from agent_tui.domain.text import one_line
from agent_tui.errors import NotFound
from agent_tui.i18n import _
from agent_tui.mail.parse import MailParseError, ParsedMail, content_id, message_ids, parse_mail, ticket_reference
from agent_tui.mail.settings import MailSettings
from agent_tui.services import intake as ti
from agent_tui.services import outbox
from agent_tui.services.config_store import active_policy_name, load_policy
from agent_tui.services.context import Context
from agent_tui.store.db import insert_or_ignore, retry_transient
from agent_tui.store.models import (
    AuditEvent,
    Customer,
    ImapFolderState,
    InboundMail,
    MailAttachment,
    Message,
    OutboundMail,
    RawBlob,
    Survey,
    Ticket,
)

STORED, IGNORED, QUARANTINED, DUPLICATE = "stored", "ignored", "quarantined", "duplicate"
SYSTEM = "system"
_SUBJECT_LIMIT = 1000


@dataclass(frozen=True)
class IntakeResult:
    status: str  # stored | ignored | quarantined | duplicate
    message_id: str
    inbound_id: int | None = None
    ticket_number: int | None = None
    action: str = ""  # created | replied | follow_up | bounce_note | ""
    reason: str = ""


@dataclass(frozen=True)
class InboundView:
    id: int
    message_id: str
    status: str
    reason: str
    source: str
    from_addr: str
    subject: str
    received_at: datetime
    attempts: int
    ticket_number: int | None


# ---------------------------------------------------------------- raw bytes, content-addressed


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def put_blob(s: Session, data: bytes, now: datetime) -> str:
    """Store bytes once under their SHA-256 (compressed); the same bytes again store nothing."""
    key = sha256(data)
    if s.get(RawBlob, key) is None:
        if s.get_bind().dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        s.execute(insert(RawBlob.__table__).values(sha256=key, size=len(data), data=zlib.compress(data, 6),
                                                   created_at=now).on_conflict_do_nothing())
    return key


def get_blob(s: Session, key: str) -> bytes:
    row = s.get(RawBlob, key)
    if row is None:
        raise NotFound(_("no stored bytes with sha256 {key}").format(key=key))
    data = zlib.decompress(row.data)
    if sha256(data) != key:  # pragma: no cover - storage corruption
        raise ValueError(_("stored bytes {key} do not match their hash").format(key=key))
    return data


# ---------------------------------------------------------------- intake


def intake(ctx: Context, raw: bytes, settings: MailSettings | None = None, *, source: str = "",
           retry_of: int | None = None) -> IntakeResult:
    """Take one mail in (see the module docstring); never raises for a bad mail, only for a dead store."""
    settings = settings or MailSettings()
    try:
        mail = parse_mail(raw)
    except MailParseError as exc:
        return _quarantine(ctx, raw, source, str(exc), retry_of)
    try:
        return _store(ctx, raw, mail, settings, source, retry_of)
    except Exception as exc:  # noqa: BLE001 - anything but a dead store quarantines this mail only
        if _store_is_down(exc):
            raise
        return _quarantine(ctx, raw, source, f"could not store: {exc.__class__.__name__}: {exc}", retry_of,
                           message_id=mail.message_id, mail=mail)


def intake_many(ctx: Context, raws: Iterable[bytes], settings: MailSettings | None = None, *,
                source: str = "") -> list[IntakeResult]:
    return [intake(ctx, raw, settings, source=source) for raw in raws]


def _store_is_down(exc: Exception) -> bool:
    from agent_tui.errors import DatabaseUnavailable

    return isinstance(exc, DatabaseUnavailable)


def _raw_message_id(raw: bytes) -> str:
    """A broken mail's Message-ID if its header is readable, else the content hash."""
    m = re.search(rb"^Message-ID:[ \t]*(<[^>\r\n]{1,900}>)", raw[:65536], re.IGNORECASE | re.MULTILINE)
    ids = message_ids(m.group(1).decode("utf-8", "replace")) if m else ()
    return ids[0] if ids else content_id(raw)


def _claim(s: Session, ctx: Context, raw_key: str, raw: bytes, mail: ParsedMail, source: str,
           retry_of: int | None) -> int | None:
    """The inbound row for this mail, claimed by this transaction; None when it was taken already."""
    now = ctx.clock.now()
    values = dict(message_id=mail.message_id, content_hash=sha256(raw), raw_sha256=raw_key,
                  source=one_line(source, 500), received_at=now, status=STORED, kind=mail.kind,
                  from_addr=one_line(ti.normalize_email(mail.sender), 320), subject=mail.subject, cc=list(mail.cc), reason="",
                  attempts=1)
    if retry_of is None:
        return insert_or_ignore(s, InboundMail, **values)
    # A retry takes the quarantined row back (once: the status check makes two retries race safely);
    # a parser fix may read a Message-ID the quarantine could not, so the row takes the new one.
    done = s.execute(update(InboundMail).where(col(InboundMail.id) == retry_of,
                                               col(InboundMail.status) == QUARANTINED)
                     .values(message_id=mail.message_id, status=STORED, reason="", kind=mail.kind,
                             from_addr=values["from_addr"], subject=mail.subject, cc=list(mail.cc),
                             attempts=InboundMail.attempts + 1))
    return retry_of if done.rowcount == 1 else None


@retry_transient(attempts=3)
def _store(ctx: Context, raw: bytes, mail: ParsedMail, settings: MailSettings, source: str,
           retry_of: int | None) -> IntakeResult:
    with ctx.db.transaction() as s:
        now = ctx.clock.now()
        raw_key = put_blob(s, raw, now)
        row_id = _claim(s, ctx, raw_key, raw, mail, source, retry_of)
        if row_id is None:
            return IntakeResult(DUPLICATE, mail.message_id, reason="already taken in")
        row = s.get(InboundMail, row_id)
        assert row is not None
        result = _apply(s, ctx, row, mail, settings)
        row.status, row.reason = result.status, result.reason
        return IntakeResult(result.status, mail.message_id, row_id, result.ticket_number, result.action,
                            result.reason)


def _apply(s: Session, ctx: Context, row: InboundMail, mail: ParsedMail, settings: MailSettings) -> IntakeResult:
    if settings.is_ours(mail.from_addr):
        return IntakeResult(IGNORED, mail.message_id, reason="from our own address")
    if mail.kind == "bounce":
        return _bounce(s, ctx, row, mail)
    if mail.kind == "auto_reply":
        reason = next((p for p in mail.problems if p.startswith("automatic reply")), "automatic reply")
        return IntakeResult(IGNORED, mail.message_id, reason=reason)
    address = ti.normalize_email(mail.sender)
    flood = _over_rate_limit(s, ctx, row, settings)
    if flood:
        return IntakeResult(IGNORED, mail.message_id, reason=flood)
    customer_ctx = ctx.as_customer(one_line(address, 80))
    body = mail.new_text or mail.text or ("(the mail has no text; see its attachments)" if mail.attachments
                                          else "(the mail has no text)")
    target = _thread(s, mail, settings)
    if target is not None:
        answered = _survey_answer(s, customer_ctx, row, target, body, mail)
        if answered is not None:
            return answered
    found = prefill_from_text(body)
    asked = False
    if target is None:
        answers = _asked(s, found, active_policy_name(s))
        subject = one_line(mail.subject, _SUBJECT_LIMIT) or "(no subject)"
        language = mail.language or guess_language(f"{subject}\n{body}")
        number = ti.create_in_session(s, customer_ctx, subject, body,
                                      ti.CustomerInput(email=address, name=mail.from_name), channel="email",
                                      language=language, checklist=answers)
        action = "created"
    else:
        asked = _asks_approval(s, target, mail)  # read before the message takes the ticket out of the hold
        answers = _asked(s, found, _ticket(s, target).policy_name)  # type: ignore[union-attr]
        number = ti.customer_message_in_session(s, customer_ctx, target, body, author=address)
        action = "replied" if number == target else "follow_up"
    ticket = _ticket(s, number)
    assert ticket is not None
    _prefill(s, ctx, ticket, answers, customer_ctx.actor, new=action == "created")
    row.ticket_id = ticket.id
    message = s.exec(select(Message).where(Message.ticket_id == ticket.id)
                     .order_by(col(Message.id).desc()).limit(1)).first()
    if message is not None:
        message.mail_message_id = mail.message_id
        row.message_row_id = message.id
    skipped = _attachments(s, ctx, ticket, message, row, mail, settings)
    if action == "replied" and ticket.awaiting_approval and asked:  # seed 001: pre-read, never approved without the agent
        reading = read_approval(body, ticket.language or None)
        s.add(AuditEvent(ticket_id=ticket.id, at=ctx.clock.now(), actor=customer_ctx.actor,
                         action="approval_reply_read", field="approval", after=reading.verdict,
                         details={"matched": list(reading.matched), "message_id": mail.message_id}))
    if action in ("created", "follow_up") and not mail.no_auto_answer:  # they learn their ticket number
        outbox.enqueue(s, customer_ctx.as_actor(SYSTEM), ticket, "acknowledgement", settings=settings)
    customer = s.get(Customer, ticket.customer_id) if ticket.customer_id else None
    if customer is not None and customer.bouncing_since is not None and customer.email == address:
        customer.bouncing_since = None  # they wrote: the address works again
    s.add(AuditEvent(ticket_id=ticket.id, at=ctx.clock.now(), actor=customer_ctx.actor, action="mail_received",
                     details={"message_id": mail.message_id, "action": action,
                              "cc": [a for a in mail.cc if not settings.is_ours(a)],  # copied on our answers
                              "attachments": len(mail.attachments) - len(skipped),
                              **({"skipped_attachments": skipped} if skipped else {}),
                              **({"problems": list(mail.problems)} if mail.problems else {})}))
    reason = "; ".join([*(f"attachment {n} over the size limit, not stored" for n in skipped), *mail.problems])
    return IntakeResult(STORED, mail.message_id, ticket_number=number, action=action, reason=reason)


def _asks_approval(s: Session, number: int, mail: ParsedMail) -> bool:
    """Does this mail answer the proposal: the ticket waits in the approval hold, or the mail
    replies to our approval request (an answer to a request for details is not one)."""
    ticket = _ticket(s, number)
    if ticket is None or not ticket.awaiting_approval:
        return False
    if ticket.hold_kind == "approval":
        return True
    return bool(mail.in_reply_to) and s.exec(select(OutboundMail.id).where(
        OutboundMail.ticket_id == ticket.id, OutboundMail.kind == "approval_request",
        col(OutboundMail.message_id).in_(list(mail.in_reply_to)))).first() is not None


def _survey_answer(s: Session, ctx: Context, row: InboundMail, number: int, body: str,
                   mail: ParsedMail) -> IntakeResult | None:
    """Seed 000: a short reply with a score to the survey we sent (In-Reply-To the survey mail)
    records the score; the ticket stays solved (or closed). Anything else is a normal message."""
    ticket = _ticket(s, number)
    if ticket is None or ticket.status not in ("solved", "closed"):
        return None
    parent = list(mail.in_reply_to or mail.references[-1:])  # the mail it answers: the survey, not the solution
    asked = s.exec(select(OutboundMail.id).where(OutboundMail.ticket_id == ticket.id, OutboundMail.kind == "survey",
                                                 col(OutboundMail.message_id).in_(parent))).first() if parent else None
    if asked is None or s.exec(select(Survey.id).where(Survey.ticket_id == ticket.id)).first() is not None:
        return None
    reading = read_score(body)
    if reading is None:
        return None
    now = ctx.clock.now()
    message = Message(ticket_id=ticket.id, kind="customer", author=ctx.actor, body=body, created_at=now,
                      mail_message_id=mail.message_id)
    s.add(message)
    s.add(Survey(ticket_id=ticket.id, score=reading.score, comment=body[:10_000], at=now))
    s.add(AuditEvent(ticket_id=ticket.id, at=now, actor=ctx.actor, action="survey_recorded", field="survey",
                     after=str(reading.score), details={"via": "mail", "matched": reading.matched,
                                                        "message_id": mail.message_id}))
    s.flush()
    row.ticket_id, row.message_row_id = ticket.id, message.id
    return IntakeResult(STORED, mail.message_id, ticket_number=ticket.number, action="survey",
                        reason=f"survey answer {reading.score}")


def _asked(s: Session, found: dict[str, str], policy_name: str) -> dict[str, str]:
    """What the mail answers of the checklist the ticket's policy asks for."""
    asked = {f.key for f in load_policy(s, policy_name).checklist}
    return {k: v for k, v in found.items() if k in asked}


def _prefill(s: Session, ctx: Context, ticket: Ticket, answers: dict[str, str], actor: str, *, new: bool) -> None:
    """Fill the checklist fields the mail answers that are still empty; record them as from the customer's mail."""
    current = dict(ticket.checklist or {})
    if new:
        filled = [k for k, v in answers.items() if current.get(k) == v]
    else:
        filled = [k for k, v in answers.items() if not str(current.get(k) or "").strip()]
        for key in filled:
            current[key] = answers[key]
        if filled:
            ticket.checklist = current
    if filled:
        s.add(AuditEvent(ticket_id=ticket.id, at=ctx.clock.now(), actor=actor, action="checklist_prefilled",
                         details={"fields": filled, "source": "customer's mail"}))


def _over_rate_limit(s: Session, ctx: Context, row: InboundMail, settings: MailSettings) -> str:
    """Why this sender is over the limit (a mail loop with some robot), or "" when within it."""
    limit = settings.max_per_sender_per_hour
    if not limit:
        return ""
    since = ctx.clock.now() - timedelta(hours=1)
    recent = s.exec(select(func.count()).select_from(InboundMail).where(
        InboundMail.from_addr == row.from_addr, col(InboundMail.received_at) >= since,
        InboundMail.status == STORED, col(InboundMail.id) != row.id)).one()
    if recent < limit:
        return ""
    return f"rate limit: {recent} mails from {row.from_addr} in the last hour (the limit is {limit})"


def _ticket(s: Session, number: int) -> Ticket | None:
    return s.exec(select(Ticket).where(Ticket.number == number)).first()


def _thread(s: Session, mail: ParsedMail, settings: MailSettings) -> int | None:
    """The ticket this mail belongs to: subject reference, then In-Reply-To/References, else None."""
    ref = ticket_reference(mail.subject, settings.reference_pattern)
    if ref is not None and _ticket(s, ref) is not None:
        return ref
    ids = [i for i in (*mail.in_reply_to, *reversed(mail.references)) if i]
    if ids:
        hit = s.exec(select(Ticket.number).join(Message, col(Message.ticket_id) == col(Ticket.id))
                     .where(col(Message.mail_message_id).in_(ids)).order_by(col(Message.id).desc())
                     .limit(1)).first()
        if hit is not None:
            return int(hit)
    return None


def _attachments(s: Session, ctx: Context, ticket: Ticket, message: Message | None, row: InboundMail,
                 mail: ParsedMail, settings: MailSettings) -> list[str]:
    skipped: list[str] = []
    now = ctx.clock.now()
    for att in mail.attachments:
        if settings.max_attachment_bytes and att.size > settings.max_attachment_bytes:
            skipped.append(att.filename)
            continue
        key = put_blob(s, att.data, now)
        s.add(MailAttachment(ticket_id=ticket.id, message_row_id=message.id if message else None,
                             inbound_mail_id=row.id, filename=one_line(att.filename, 500) or "attachment",
                             content_type=att.content_type[:200], size=att.size, sha256=key, inline=att.inline,
                             content_id=att.content_id[:998] if att.content_id else None, created_at=now))
    return skipped


def _bounce(s: Session, ctx: Context, row: InboundMail, mail: ParsedMail) -> IntakeResult:
    """A DSN: an internal note on the ticket whose mail bounced; the failed addresses marked bouncing."""
    now = ctx.clock.now()
    for address in mail.bounced_recipients:
        customer = s.exec(select(Customer).where(Customer.email == ti.normalize_email(address))).first()
        if customer is not None and customer.bouncing_since is None:
            customer.bouncing_since = now
    hit = None
    if mail.bounced_message_ids:
        hit = s.exec(select(Ticket).join(Message, col(Message.ticket_id) == col(Ticket.id))
                     .where(col(Message.mail_message_id).in_(list(mail.bounced_message_ids)))
                     .order_by(col(Message.id).desc()).limit(1)).first()
    if hit is None:
        return IntakeResult(IGNORED, mail.message_id, reason="a bounce for no mail of ours we know")
    row.ticket_id = hit.id
    who = ", ".join(mail.bounced_recipients) or "the recipient"
    detail = one_line(mail.text, 500)
    s.add(Message(ticket_id=hit.id, kind="internal", author=SYSTEM, created_at=now, mail_message_id=mail.message_id,
                  body=f"Our mail to {who} bounced: {detail}"))
    s.add(AuditEvent(ticket_id=hit.id, at=now, actor=SYSTEM, action="mail_bounced",
                     details={"recipients": list(mail.bounced_recipients), "message_id": mail.message_id}))
    return IntakeResult(STORED, mail.message_id, ticket_number=hit.number, action="bounce_note",
                        reason=f"bounce: {who}")


# ---------------------------------------------------------------- quarantine


@retry_transient(attempts=3)
def _quarantine(ctx: Context, raw: bytes, source: str, reason: str, retry_of: int | None, *,
                message_id: str | None = None, mail: ParsedMail | None = None) -> IntakeResult:
    mid = message_id or _raw_message_id(raw)
    reason = one_line(reason, 2000)
    with ctx.db.transaction() as s:
        now = ctx.clock.now()
        if retry_of is not None:
            again = s.get(InboundMail, retry_of)
            if again is not None and again.status == QUARANTINED:
                again.attempts += 1
                again.reason = reason
                return IntakeResult(QUARANTINED, again.message_id, retry_of, reason=reason)
        key = put_blob(s, raw, now)
        new_id = insert_or_ignore(s, InboundMail, message_id=mid, content_hash=sha256(raw), raw_sha256=key,
                                  source=one_line(source, 500), received_at=now, status=QUARANTINED,
                                  reason=reason, kind=mail.kind if mail else "",
                                  from_addr=one_line(ti.normalize_email(mail.sender) if mail else "", 320),
                                  subject=mail.subject if mail else "", cc=list(mail.cc) if mail else [],
                                  attempts=1)
        if new_id is None:  # the same broken mail again: one row, the newest reason
            existing = s.exec(select(InboundMail).where(InboundMail.message_id == mid)).first()
            if existing is None or existing.status != QUARANTINED:
                return IntakeResult(DUPLICATE, mid, existing.id if existing else None, reason="already taken in")
            existing.reason = reason
            new_id = existing.id
    return IntakeResult(QUARANTINED, mid, new_id, reason=reason)


def list_quarantine(ctx: Context, limit: int = 100) -> list[InboundView]:
    return list_inbound(ctx, status=QUARANTINED, limit=limit)


def list_inbound(ctx: Context, *, status: str | None = None, limit: int = 100) -> list[InboundView]:
    with ctx.db.read() as s:
        stmt = select(InboundMail, Ticket.number).join(Ticket, col(Ticket.id) == col(InboundMail.ticket_id),
                                                       isouter=True)
        if status:
            stmt = stmt.where(InboundMail.status == status)
        rows = s.exec(stmt.order_by(col(InboundMail.id).desc()).limit(limit)).all()
        return [_view(r, n) for r, n in rows]


def _view(row: InboundMail, number: int | None) -> InboundView:
    assert row.id is not None
    return InboundView(row.id, row.message_id, row.status, row.reason, row.source, row.from_addr, row.subject,
                       row.received_at, row.attempts, number)


def show_inbound(ctx: Context, inbound_id: int) -> tuple[InboundView, bytes]:
    """One inbound mail and its raw bytes, as received."""
    with ctx.db.read() as s:
        row = s.get(InboundMail, inbound_id)
        if row is None:
            raise NotFound(_("no inbound mail {inbound_id}").format(inbound_id=inbound_id))
        ticket = s.get(Ticket, row.ticket_id) if row.ticket_id else None
        return _view(row, ticket.number if ticket else None), get_blob(s, row.raw_sha256)


def retry(ctx: Context, inbound_id: int, settings: MailSettings | None = None) -> IntakeResult:
    """Take a quarantined mail in again (after a parser fix): from its stored raw bytes."""
    view, raw = show_inbound(ctx, inbound_id)
    if view.status != QUARANTINED:
        raise NotFound(_("inbound mail {inbound_id} is not in quarantine (it is {status})").format(
            inbound_id=inbound_id, status=view.status))
    return intake(ctx, raw, settings, source=view.source, retry_of=inbound_id)


# ---------------------------------------------------------------- IMAP folder state


def imap_last_uid(ctx: Context, account: str, folder: str, uidvalidity: int) -> int:
    """The last UID taken from this folder; 0 when never read or when UIDVALIDITY changed (UIDs reset)."""
    with ctx.db.read() as s:
        row = s.exec(select(ImapFolderState).where(ImapFolderState.account == account,
                                                   ImapFolderState.folder == folder)).first()
        return row.last_uid if row is not None and row.uidvalidity == uidvalidity else 0


@retry_transient
def imap_record_uid(ctx: Context, account: str, folder: str, uidvalidity: int, uid: int) -> None:
    """Remember that ``uid`` was taken (never moves backwards under the same UIDVALIDITY)."""
    with ctx.db.transaction() as s:
        now = ctx.clock.now()
        new_id = insert_or_ignore(s, ImapFolderState, account=account, folder=folder, uidvalidity=uidvalidity,
                                  last_uid=uid, updated_at=now)
        if new_id is not None:
            return
        row = s.exec(select(ImapFolderState).where(ImapFolderState.account == account,
                                                   ImapFolderState.folder == folder).with_for_update()).one()
        if row.uidvalidity != uidvalidity:
            row.uidvalidity, row.last_uid = uidvalidity, uid
        elif uid > row.last_uid:
            row.last_uid = uid
        row.updated_at = now
