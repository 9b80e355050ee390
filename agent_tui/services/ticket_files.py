"""What came with a ticket's mails: attachments to save, and each mail in full.

The ticket shows only the customer's new text of a mail (quoted reply and signature stripped);
the full mail — every line the customer's client sent, with its headers — is kept raw
(content-addressed) and re-read here, one key away. Attachments are saved under a name made
safe from the customer's file name: no directories, no control codes, never over an existing file.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import col, select

from agent_tui.errors import InvalidInput, NotFound
from agent_tui.i18n import _
from agent_tui.mail.parse import MailParseError, parse_mail
from agent_tui.services.context import Context
from agent_tui.services.mail_intake import get_blob
from agent_tui.services.ticket_base import load_ticket
from agent_tui.services.views import AttachmentView
from agent_tui.store.db import retry_transient
from agent_tui.store.models import InboundMail, MailAttachment

MAX_NAME = 120  # characters of a saved file's name
MAX_OUTGOING = 25 * 1024 * 1024  # bytes an agent may attach to one reply (all files together)


@dataclass(frozen=True)
class OutgoingFile:
    """A file an agent attaches to a reply: it is stored with the ticket and goes out with the mail."""

    filename: str
    data: bytes
    content_type: str = ""

    @classmethod
    def from_path(cls, path: Path) -> OutgoingFile:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InvalidInput(_("cannot attach {path}: {reason}").format(path=path, reason=exc.strerror or exc)) from None
        return cls(path.name, data)


def check_files(files) -> None:
    total = sum(len(f.data) for f in files)
    if total > MAX_OUTGOING:
        raise InvalidInput(_("the attachments are too large ({size} MB; the limit is {limit} MB together)").format(
            size=f"{total / 1024 / 1024:.1f}", limit=MAX_OUTGOING // 1024 // 1024))


def add_files(s, ctx: Context, ticket, message, files) -> None:
    """Store the agent's files with the ticket, on the reply that carries them (in the caller's transaction)."""
    import mimetypes

    from agent_tui.services.mail_intake import put_blob

    now = ctx.clock.now()
    s.flush()
    for f in files:
        name = safe_filename(f.filename)
        kind = f.content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
        key = put_blob(s, f.data, now)
        s.add(MailAttachment(ticket_id=ticket.id, message_row_id=message.id, filename=name, content_type=kind,
                             size=len(f.data), sha256=key, created_at=now))


@dataclass(frozen=True)
class FullMail:
    """One received mail of a ticket, whole: headers as sent and the full text (quotes included)."""

    received_at: datetime
    from_addr: str
    subject: str
    headers: list[tuple[str, str]]
    text: str
    raw_size: int
    problems: tuple[str, ...] = ()


def safe_filename(name: str | None, fallback: str = "attachment") -> str:
    """A file name that stays in the folder it is saved to and shows as written.

    Directory parts (``/``, ``\\``), control and format characters, leading dots and
    Windows-reserved characters go; the name is cut to :data:`MAX_NAME` characters keeping its
    extension. An empty result becomes ``fallback``.
    """
    raw = unicodedata.normalize("NFC", name or "")
    raw = re.split(r"[/\\]", raw)[-1]
    raw = "".join(ch for ch in raw if unicodedata.category(ch)[0] != "C")
    raw = re.sub(r'[<>:"|?*]', "_", raw).strip().lstrip(".").strip()
    if not raw:
        return fallback
    stem, dot, ext = raw.rpartition(".")
    if not dot or len(ext) > 16:
        stem, ext = raw, ""
    room = MAX_NAME - (len(ext) + 1 if ext else 0)
    return (stem[:room].rstrip() or fallback) + (f".{ext}" if ext else "")


def _attachment(s, number: int, attachment_id: int) -> MailAttachment:
    ticket = load_ticket(s, number, lock=False)
    row = s.get(MailAttachment, attachment_id)
    if row is None or row.ticket_id != ticket.id:
        raise NotFound(_("ticket #{number} has no attachment {attachment_id}").format(
            number=number, attachment_id=attachment_id))
    return row


@retry_transient
def attachment_bytes(ctx: Context, number: int, attachment_id: int) -> tuple[AttachmentView, bytes]:
    with ctx.db.read() as s:
        row = _attachment(s, number, attachment_id)
        view = AttachmentView(row.id or 0, row.filename, row.content_type, row.size, row.created_at,
                              row.message_row_id, row.inline)
        return view, get_blob(s, row.sha256)


def save_attachment(ctx: Context, number: int, attachment_id: int, folder: Path) -> Path:
    """Write the attachment into ``folder`` under its safe name; an existing file is never overwritten
    (``name (2).ext`` instead). Returns the path written."""
    view, data = attachment_bytes(ctx, number, attachment_id)
    folder = Path(folder).expanduser()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInput(_("cannot save into {folder}: {strerror}").format(
            folder=folder, strerror=exc.strerror or exc)) from None
    name = safe_filename(view.filename, f"attachment-{view.id}")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    for n in range(1, 1000):
        candidate = folder / (name if n == 1 else f"{stem} ({n}){'.' + ext if ext else ''}")
        try:
            fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        except OSError as exc:
            raise InvalidInput(_("cannot save {candidate}: {strerror}").format(
                candidate=candidate, strerror=exc.strerror or exc)) from None
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        return candidate
    raise InvalidInput(_("cannot save {name} in {folder}: 999 files of that name exist").format(
        name=name, folder=folder))


@retry_transient
def full_mails(ctx: Context, number: int) -> list[FullMail]:
    """Every mail that joined this ticket, oldest first, as the customer's client sent it."""
    with ctx.db.read() as s:
        ticket = load_ticket(s, number, lock=False)
        rows = s.exec(select(InboundMail).where(InboundMail.ticket_id == ticket.id, InboundMail.status == "stored")
                      .order_by(col(InboundMail.received_at), col(InboundMail.id))).all()
        out = []
        for row in rows:
            raw = get_blob(s, row.raw_sha256)
            try:
                mail = parse_mail(raw)
                text, problems = mail.text, mail.problems
            except MailParseError as exc:  # stored once, unreadable now (a parser change): show the bytes
                text, problems = raw.decode("utf-8", "replace"), (str(exc),)
            headers = _headers(raw)
            out.append(FullMail(row.received_at, row.from_addr, row.subject, headers, text, len(raw), problems))
        return out


def _headers(raw: bytes) -> list[tuple[str, str]]:
    import email
    import email.policy

    msg = email.message_from_bytes(raw, policy=email.policy.default)
    wanted = ("From", "To", "Cc", "Reply-To", "Date", "Subject", "Message-ID", "In-Reply-To")
    shown = []
    for key in wanted:
        try:
            value = msg.get(key)
        except Exception:  # noqa: BLE001 - a malformed header is shown raw, never fatal
            value = None
        if value is not None:
            shown.append((key, str(value)))
    return shown
