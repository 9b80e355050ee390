"""One customer mail, parsed: the contract between the mail sources/intake and the parser.

``parse_mail(raw)`` is pure (bytes in, :class:`ParsedMail` out, no I/O, no clock):
the intake service stores ``raw`` first and can re-parse it after a parser fix.
This first version is a plain stdlib parse; charsets, HTML, quoted replies,
auto-replies and bounces are refined behind the same interface.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr, parsedate_to_datetime
from typing import Literal

Kind = Literal["normal", "auto_reply", "bounce", "own"]


class MailParseError(ValueError):
    """The bytes are not a mail we can read; the intake quarantines it with this reason."""


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes = field(repr=False)
    inline: bool = False
    content_id: str | None = None

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(frozen=True)
class ParsedMail:
    message_id: str  # without angle brackets; "sha256:<hex>" of the raw bytes when the mail has none
    from_addr: str  # as written (the intake normalises it)
    from_name: str
    reply_to: str | None
    to: tuple[str, ...]
    cc: tuple[str, ...]
    subject: str
    date: datetime | None
    in_reply_to: tuple[str, ...]  # message ids, no angle brackets
    references: tuple[str, ...]
    text: str  # the whole body as readable text (HTML converted)
    new_text: str  # only what the customer newly wrote: quoted reply and signature stripped
    attachments: tuple[Attachment, ...] = ()
    kind: Kind = "normal"
    bounced_message_ids: tuple[str, ...] = ()  # for kind == "bounce": the mails that bounced
    bounced_recipients: tuple[str, ...] = ()
    language: str | None = None  # en / de / pt / nl, or None when unsure
    prefill: dict[str, str] = field(default_factory=dict)  # checklist fields the mail answers
    problems: tuple[str, ...] = ()  # non-fatal notes ("declared charset X was wrong; read as Y")

    @property
    def sender(self) -> str:
        """Who the ticket belongs to: Reply-To when given, else From."""
        return self.reply_to or self.from_addr


_ID = re.compile(r"<([^<>\s]+)>")


def message_ids(value: str | None) -> tuple[str, ...]:
    """The ids in a Message-ID / In-Reply-To / References header, in order, without brackets."""
    if not value:
        return ()
    found = _ID.findall(str(value))
    if not found and str(value).strip():
        found = [str(value).strip().strip("<>")]
    return tuple(found)


def content_id(raw: bytes) -> str:
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def _body_text(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        text = part.get_content()
    except (LookupError, UnicodeError):
        payload = part.get_payload(decode=True) or b""
        text = payload.decode("utf-8", errors="replace")
    if part.get_content_type() == "text/html":
        text = re.sub(r"<[^>]+>", " ", text)
    return str(text)


def parse_mail(raw: bytes) -> ParsedMail:
    if not raw or not raw.strip():
        raise MailParseError("empty message")
    try:
        msg = BytesParser(policy=policy.default).parsebytes(raw)
    except Exception as exc:  # the stdlib parser is lenient; anything it raises is a broken mail
        raise MailParseError(f"not a mail: {exc}") from exc
    if not isinstance(msg, EmailMessage) or (not msg.keys()):
        raise MailParseError("no headers")
    ids = message_ids(msg.get("Message-ID"))
    name, addr = parseaddr(str(msg.get("From", "")))
    if not addr or "@" not in addr:
        raise MailParseError("no sender address (From)")
    reply = parseaddr(str(msg.get("Reply-To", "")))[1] or None
    try:
        date = parsedate_to_datetime(str(msg["Date"])) if msg.get("Date") else None
    except (TypeError, ValueError):
        date = None
    text = _body_text(msg)
    attachments = tuple(
        Attachment(p.get_filename() or "attachment", p.get_content_type(), p.get_payload(decode=True) or b"")
        for p in msg.iter_attachments()
    )
    return ParsedMail(
        message_id=ids[0] if ids else content_id(raw),
        from_addr=addr,
        from_name=name,
        reply_to=reply,
        to=tuple(a for _, a in getaddresses([str(v) for v in msg.get_all("To", [])]) if a),
        cc=tuple(a for _, a in getaddresses([str(v) for v in msg.get_all("Cc", [])]) if a),
        subject=str(msg.get("Subject", "")).strip(),
        date=date,
        in_reply_to=message_ids(msg.get("In-Reply-To")),
        references=message_ids(msg.get("References")),
        text=text,
        new_text=text.strip(),
        attachments=attachments,
    )


_REF = re.compile(r"\[#(\d{1,9})\]")


def ticket_reference(subject: str, pattern: re.Pattern[str] = _REF) -> int | None:
    """The ticket number in a subject written the way our mails write it (``[#1234]``)."""
    m = pattern.search(subject or "")
    return int(m.group(1)) if m else None
