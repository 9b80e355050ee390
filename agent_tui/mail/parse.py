"""One customer mail, parsed: the contract between the mail sources/intake and the parser.

``parse_mail(raw)`` is pure (bytes in, :class:`ParsedMail` out, no I/O, no clock):
the intake service stores ``raw`` first and can re-parse it after a parser fix.
Built on the stdlib ``email`` package with ``policy.default`` (RFC 2047 header words, RFC 2231
file names, transfer encodings incl. uuencode); on top: charset fallbacks for wrong declarations,
HTML-only mail as text (inscriptis), attachments and inline images, quoted-reply stripping
(:mod:`agent_tui.mail.quotes`), auto-reply and bounce detection.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr, parsedate_to_datetime
from typing import Literal

from agent_tui.mail.quotes import new_text as strip_quotes

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
    no_auto_answer: str = ""  # why no automatic answer (our acknowledgement) may go to it, "" when one may

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


# Declared charsets that are really a superset in practice (mail clients label GBK/GB18030 as gb2312,
# windows-1252 as iso-8859-1 / us-ascii).
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "iso-8859-1": "cp1252", "latin-1": "cp1252",
             "latin1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "ks_c_5601-1987": "cp949"}
_FALLBACKS = ("utf-8", "cp1252")


def decode_bytes(data: bytes, declared: str | None, problems: list[str]) -> str:
    """Text from bytes as sent: the declared charset when it fits, else UTF-8, else windows-1252.

    A common wrong declaration is UTF-8 bytes labelled latin-1 or ascii: bytes that are valid UTF-8
    with non-ASCII in them are read as UTF-8 whatever the label says.
    """
    name = (declared or "").strip().strip('"').lower()
    if name in ("", "us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252") \
            and not data.isascii():
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if name:
                problems.append(f"declared charset {name} was wrong; read as utf-8")
            return text
    if name:
        for candidate in (name, _SUPERSET.get(name)):
            if not candidate:
                continue
            try:
                return data.decode(candidate)
            except LookupError:
                problems.append(f"unknown charset {name}")
                break
            except UnicodeDecodeError:
                continue
    for candidate in _FALLBACKS:
        try:
            text = data.decode(candidate)
        except UnicodeDecodeError:
            continue
        if name:
            problems.append(f"declared charset {name} did not fit; read as {candidate}")
        return text
    problems.append("undecodable bytes replaced")  # pragma: no cover - cp1252 leaves 5 bytes undefined
    return data.decode("utf-8", errors="replace")


def _part_text(part: Message, problems: list[str]) -> str:
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        return str(part.get_payload() or "")
    return decode_bytes(data, part.get_content_charset(), problems)


def html_to_text(html: str) -> str:
    """Readable text from HTML mail, links kept as ``[text](url)`` (inscriptis: layout-aware, Apache-2.0)."""
    if not html.strip():
        return ""
    from inscriptis import get_text
    from inscriptis.model.config import ParserConfig

    try:
        return get_text(html, ParserConfig(display_links=True, display_images=True))
    except Exception:  # noqa: BLE001 - lxml refuses some broken HTML; a crude strip keeps the mail readable
        return re.sub(r"\s+\n", "\n", re.sub(r"<[^>]+>", " ", html))


def _header(msg: Message, name: str) -> str:
    """A header as text: RFC 2047 words decoded; raw 8-bit bytes read as UTF-8, else windows-1252."""
    value = msg.get(name)
    if value is None:
        return ""
    text = str(value)
    if any("\udc80" <= ch <= "\udcff" for ch in text):
        raw = text.encode("utf-8", "surrogateescape")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
    return text


def _walk_leaves(part: Message):
    """Every leaf part, in order; an attached mail (message/rfc822) is one leaf, not opened."""
    if part.get_content_type() == "message/rfc822" or not part.is_multipart():
        yield part
        return
    payload = part.get_payload()
    for sub in payload if isinstance(payload, list) else ():
        yield from _walk_leaves(sub)


_BODY_TYPES = ("text/plain", "text/html")


def _choose_body(msg: Message) -> Message | None:
    """The body part: text/plain preferred, unless it is empty where an HTML alternative has text."""
    try:
        plain = msg.get_body(preferencelist=("plain",))  # type: ignore[attr-defined]
        html = msg.get_body(preferencelist=("html",))  # type: ignore[attr-defined]
    except (KeyError, AttributeError):  # pragma: no cover - broken multipart structure
        plain = html = None
    if plain is not None and html is not None:
        data = plain.get_payload(decode=True) or b""
        return plain if data.strip() else html
    return plain or html


def _is_attachment(part: Message, body: Message | None, alternatives: set[int]) -> bool:
    if part is body or id(part) in alternatives:
        return False
    disposition = (part.get_content_disposition() or "").lower()
    if disposition == "attachment" or part.get_filename():
        return True
    if part.get_content_type() in _BODY_TYPES and disposition != "attachment":
        return False  # another text part of the body (a second text/plain after an image, say)
    return part.get_content_type() != "multipart/alternative"


def _alternatives_of(msg: Message, body: Message | None) -> set[int]:
    """The other renderings of the chosen body (the HTML next to the plain text, and vice versa)."""
    out: set[int] = set()
    if body is None:
        return out
    for part in msg.walk():
        if part.get_content_type() == "multipart/alternative":
            subs = part.get_payload()
            if isinstance(subs, list) and any(s is body for s in subs):
                out.update(id(s) for s in subs if s.get_content_type() in _BODY_TYPES)
    return out


def _attachments(msg: Message, body: Message | None) -> list[Attachment]:
    alternatives = _alternatives_of(msg, body)
    found: list[Attachment] = []
    for n, part in enumerate(_walk_leaves(msg), 1):
        if not _is_attachment(part, body, alternatives):
            continue
        ctype = part.get_content_type()
        if ctype == "message/rfc822":
            inner = part.get_payload()
            inner_msg = inner[0] if isinstance(inner, list) and inner else inner
            data = inner_msg.as_bytes() if isinstance(inner_msg, Message) else b""
        else:
            data = part.get_payload(decode=True) or b""
        name = part.get_filename() or _default_name(ctype, n)
        cid = part.get("Content-ID")
        found.append(Attachment(
            filename=name, content_type=ctype, data=data,
            inline=(part.get_content_disposition() == "inline") or bool(cid),
            content_id=str(cid).strip().strip("<>") if cid else None,
        ))
    return found


def _default_name(ctype: str, n: int) -> str:
    ext = {"message/rfc822": "eml", "application/pkcs7-signature": "p7s", "application/pgp-signature": "asc",
           "text/calendar": "ics", "image/png": "png", "image/jpeg": "jpg", "image/gif": "gif",
           "text/plain": "txt", "text/rfc822-headers": "txt"}.get(ctype, "bin")
    return f"part-{n}.{ext}"


# ---------------------------------------------------------------- noise: auto-replies and bounces

# Out-of-office subjects in our four languages (and the common client prefixes).
_AUTO_SUBJECT = re.compile(
    r"^\s*(?:out of (?:the )?office|automatic reply|auto(?:matic)?[- ]?(?:reply|response)|autoreply|"
    r"i am (?:out of the office|away)|on vacation|"
    r"abwesenheit(?:snotiz)?|automatische antwort|abwesend|nicht im b(?:ü|ue)ro|"
    r"resposta autom(?:á|a)tica|ausente|fora do escrit(?:ó|o)rio|aus(?:ê|e)ncia|"
    r"afwezig|automatisch antwoord|niet aanwezig|buiten kantoor|out-of-office)\b",
    re.IGNORECASE,
)
_BOUNCE_FROM = re.compile(r"^(?:mailer-daemon|postmaster|mail-daemon)@", re.IGNORECASE)
_BOUNCE_SUBJECT = re.compile(
    r"undeliver|delivery status notification|delivery (?:has )?failed|returned mail|failure notice|"
    r"unzustellbar|nicht zustellbar|n(?:ã|a)o (?:foi )?entregue|onbestelbaar", re.IGNORECASE)


def is_auto_reply(msg: Message, subject: str) -> str | None:
    """Why this mail is an automatic one (RFC 3834 and the headers common servers add), else None."""
    auto = _header(msg, "Auto-Submitted").strip().lower()
    if auto and auto != "no":
        return f"Auto-Submitted: {auto}"
    for name in ("X-Autoreply", "X-Autorespond", "X-Autoresponder"):
        if msg.get(name) is not None:
            return name
    precedence = _header(msg, "Precedence").strip().lower()
    if precedence in ("bulk", "junk", "list", "auto_reply"):
        return f"Precedence: {precedence}"
    if _header(msg, "X-Auto-Response-Suppress") and _AUTO_SUBJECT.search(subject):
        return "out-of-office subject (Exchange)"
    if _AUTO_SUBJECT.search(subject):
        return "out-of-office subject"
    return None


def no_auto_answer(msg: Message) -> str:
    """Why a mail that is no auto-reply itself still must get no automatic answer (RFC 3834 section 2;
    Exchange's X-Auto-Response-Suppress, which the desk puts on its own notices): "" when it may."""
    suppress = {v.strip().lower() for v in _header(msg, "X-Auto-Response-Suppress").split(",")}
    if suppress & {"all", "autoreply"}:
        return "X-Auto-Response-Suppress: " + _header(msg, "X-Auto-Response-Suppress").strip()
    for name in ("List-Id", "List-Unsubscribe", "List-Post"):
        if msg.get(name) is not None:
            return f"a mailing list's mail ({name})"
    if msg.get("Return-Path") is not None and _header(msg, "Return-Path").strip() in ("<>", ""):
        return "null Return-Path"
    return ""


def _bounce(msg: Message, from_addr: str, subject: str) -> tuple[bool, list[str], list[str]]:
    """(is a bounce, the Message-IDs that bounced, the recipients that failed)."""
    report = msg.get_content_type() == "multipart/report" and \
        (msg.get_param("report-type") or "").lower() == "delivery-status"
    daemon = bool(_BOUNCE_FROM.match(from_addr)) and bool(_BOUNCE_SUBJECT.search(subject))
    if not (report or daemon):
        return False, [], []
    ids: list[str] = []
    recipients: list[str] = []
    for part in msg.walk():
        ctype = part.get_content_type()
        if ctype == "message/delivery-status":
            for block in part.get_payload() if isinstance(part.get_payload(), list) else ():
                value = str(block.get("Final-Recipient") or block.get("Original-Recipient") or "")
                if value:
                    recipients.append(value.split(";", 1)[-1].strip())
        elif ctype in ("message/rfc822", "message/rfc822-headers", "text/rfc822-headers"):
            payload = part.get_payload()
            inner = payload[0] if isinstance(payload, list) and payload else None
            if inner is None:
                data = part.get_payload(decode=True) or b""
                inner = BytesParser(policy=policy.default).parsebytes(data, headersonly=True)
            ids.extend(message_ids(inner.get("Message-ID")))
    if not ids:  # a daemon's plain-text bounce quotes the headers in the body
        body = msg.get_body(preferencelist=("plain",)) if isinstance(msg, EmailMessage) else None
        text = _part_text(body, []) if body is not None else ""
        for m in re.finditer(r"^Message-ID:\s*(<[^>]+>)", text, re.IGNORECASE | re.MULTILINE):
            ids.extend(message_ids(m.group(1)))
    return True, list(dict.fromkeys(ids)), list(dict.fromkeys(recipients))


def _addresses(msg: Message, name: str) -> tuple[str, ...]:
    values = [_header(msg, name)] if msg.get(name) is not None else []
    return tuple(a for _, a in getaddresses(values) if a and "@" in a)


def parse_mail(raw: bytes) -> ParsedMail:
    """Parse one mail; raises :class:`MailParseError` (the intake quarantines it) when it is not one."""
    if not raw or not raw.strip():
        raise MailParseError("empty message")
    try:
        msg = BytesParser(policy=policy.default).parsebytes(raw)
    except Exception as exc:  # the stdlib parser is lenient; anything it raises is a broken mail
        raise MailParseError(f"not a mail: {exc}") from exc
    if not isinstance(msg, EmailMessage) or (not msg.keys()) or msg.defects and not msg.get("From"):
        raise MailParseError("no headers")
    problems: list[str] = []
    try:
        ids = message_ids(_header(msg, "Message-ID"))
        name, addr = parseaddr(_header(msg, "From"))
        if not addr or "@" not in addr:
            raise MailParseError("no sender address (From)")
        reply = parseaddr(_header(msg, "Reply-To"))[1] or None
        try:
            date = parsedate_to_datetime(_header(msg, "Date")) if msg.get("Date") else None
        except (TypeError, ValueError, IndexError):
            date = None
        subject = " ".join(_header(msg, "Subject").split())
        body = _choose_body(msg)
        text = ""
        if body is not None:
            text = _part_text(body, problems)
            if body.get_content_type() == "text/html":
                text = html_to_text(text)
        text = text.replace("\r\n", "\n").strip()
        attachments = tuple(_attachments(msg, body))
        bounce, bounced_ids, bounced_to = _bounce(msg, addr, subject)
        auto = None if bounce else is_auto_reply(msg, subject)
        quiet = no_auto_answer(msg)
    except MailParseError:
        raise
    except Exception as exc:  # noqa: BLE001 - a parser bug on one mail quarantines that mail, nothing else
        raise MailParseError(f"could not read the mail: {exc.__class__.__name__}: {exc}") from exc
    if auto:
        problems.append(f"automatic reply ({auto})")
    return ParsedMail(
        message_id=ids[0] if ids else content_id(raw),
        from_addr=addr,
        from_name=name,
        reply_to=reply if reply and "@" in reply else None,
        to=_addresses(msg, "To"),
        cc=_addresses(msg, "Cc"),
        subject=subject,
        date=date,
        in_reply_to=message_ids(_header(msg, "In-Reply-To")),
        references=message_ids(_header(msg, "References")),
        text=text,
        new_text=text if bounce else strip_quotes(text),
        attachments=attachments,
        kind="bounce" if bounce else ("auto_reply" if auto else "normal"),
        bounced_message_ids=tuple(bounced_ids),
        bounced_recipients=tuple(bounced_to),
        problems=tuple(problems),
        no_auto_answer=quiet,
    )


_REF = re.compile(r"\[#(\d{1,9})\]")


def ticket_reference(subject: str, pattern: re.Pattern[str] = _REF) -> int | None:
    """The ticket number in a subject written the way our mails write it (``[#1234]``)."""
    m = pattern.search(subject or "")
    return int(m.group(1)) if m else None
