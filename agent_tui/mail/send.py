"""Delivering the outbox: build each mail (threading headers, attachments) and hand it to SMTP, or,
without ``[mail.smtp]`` (the demo), to a file sink that keeps every mail as an ``.eml`` file.

One SMTP connection serves a batch; a dropped connection is opened again once and the mail tried
again; a 4xx reply (or a network error) is retried later with backoff, a 5xx reply for the mail is
permanent: the mail is marked failed with the server's words and waits for an agent.
"""

from __future__ import annotations

import os
import re
import smtplib
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email import encoders
from email.charset import QP, Charset
from email.errors import MessageError
from email.header import Header, decode_header, make_header
from email.message import Message
from email.policy import compat32
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr
from pathlib import Path

from sqlmodel import col, select

from agent_tui.errors import ConfigError, InvalidInput
from agent_tui.i18n import _
from agent_tui.mail.secrets import mail_password, store_mail_password
from agent_tui.mail.settings import SMTP_PASSWORD_ENV, MailSettings, SmtpSettings
from agent_tui.services import outbox as ob
from agent_tui.services.context import Context
from agent_tui.store.models import MailAttachment, OutboundMail, RawBlob

SMTP_KEYRING_PREFIX = "mail:"


class TemporaryFailure(Exception):
    """Try again later (4xx, connection trouble)."""


class PermanentFailure(Exception):
    """The server refused this mail for good (5xx)."""


def _header(value: str):
    return value if value.isascii() else Header(value, "utf-8")


_SMTP_POLICY = compat32.clone(linesep="\r\n")
_UTF8_QP = Charset("utf-8")
_UTF8_QP.body_encoding = QP  # readable in any client's "show source", 8-bit clean on any server


_ADDRESS = re.compile(r"[^\s<>(),;:\"\\\[\]@]+@[^\s<>(),;:\"\\\[\]@]+")


class UnsendableAddress(InvalidInput, ValueError):
    """An address that cannot go into a header: the mail fails (flush), showing it says why (screens)."""


def _address(value: str) -> str:
    """A bare address as stored, checked: a newline or a second address must never reach a header
    (a permanent failure of this mail, the reason said). An international domain goes in its ASCII
    (IDNA) form; a non-ASCII local part would need SMTPUTF8, which the desk does not send."""
    if not _ADDRESS.fullmatch(value or ""):
        raise UnsendableAddress(f"the address {value!r} cannot be used in a mail header")
    if value.isascii():
        return value
    local, _, domain = value.rpartition("@")
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        raise UnsendableAddress(f"the domain of {value!r} is not a valid international domain name") from None
    if not local.isascii():
        raise UnsendableAddress(f"the address {value!r} has non-ASCII letters before the @ "
                                "(SMTPUTF8, which the desk does not send)")
    return f"{local}@{domain}"


def recipients(row: OutboundMail) -> list[str]:
    """The envelope recipients of a mail, as its To and Cc headers write them."""
    return [_address(row.to_addr), *(_address(a) for a in row.cc)]


def build(row: OutboundMail, settings: MailSettings, attachments: list[tuple[str, str, bytes]] = ()) -> Message:  # type: ignore[assignment]
    """The mail as the customer's client will see it (``email``'s compat32 classes: a mail is built
    in a fifth of the time the header registry takes, and reads the same)."""
    text = MIMEText(row.body, "plain", _UTF8_QP)
    if attachments:
        msg: Message = MIMEMultipart()
        msg.attach(text)
        for filename, content_type, data in attachments:
            maintype, _, subtype = content_type.partition("/")
            part = MIMEBase(maintype or "application", subtype or "octet-stream")
            part.set_payload(data)
            encoders.encode_base64(part)
            part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", filename)
                            if not filename.isascii() else filename)
            msg.attach(part)
    else:
        msg = text
    ours = _address(settings.address)
    msg["From"] = formataddr((settings.desk_name, ours), charset="utf-8")
    msg["To"] = _address(row.to_addr)
    if row.cc:
        msg["Cc"] = ", ".join(_address(a) for a in row.cc)
    msg["Reply-To"] = ours
    msg["Subject"] = _header(row.subject)
    msg["Date"] = format_datetime(row.created_at)
    msg["Message-ID"] = f"<{row.message_id}>"
    if row.in_reply_to:
        msg["In-Reply-To"] = f"<{row.in_reply_to}>"
    if row.references:
        msg["References"] = " ".join(f"<{r}>" for r in row.references)
    msg["Content-Language"] = row.template_language
    if row.auto:
        # RFC 3834: no auto-reply loops; an automatic answer to their mail is auto-replied
        msg["Auto-Submitted"] = "auto-replied" if row.kind == "acknowledgement" else "auto-generated"
        msg["X-Auto-Response-Suppress"] = "All"
    return msg


def attachment_names(msg: Message) -> list[tuple[str, str]]:
    """(file name, content type) of each attachment of a built mail."""
    return [(part.get_filename() or "", part.get_content_type()) for part in msg.walk()
            if part.get("Content-Disposition", "").startswith("attachment")]


def readable(msg: Message, key: str) -> str:
    """A header of a built mail as a person reads it (encoded words decoded)."""
    value = msg.get(key)
    if value is None:
        return ""
    return str(make_header(decode_header(str(value))))


def attachments_of(ctx: Context, row: OutboundMail) -> list[tuple[str, str, bytes]]:
    """Files an agent added to the reply this mail carries."""
    return attachments_for(ctx, [row]).get(row.message_row_id, [])  # type: ignore[arg-type]


def attachments_for(ctx: Context, rows: list[OutboundMail]) -> dict[int, list[tuple[str, str, bytes]]]:
    """The agent's files of a batch of mails, by timeline message: one query for the batch."""
    import zlib

    wanted = [r.message_row_id for r in rows if r.message_row_id is not None]
    if not wanted:
        return {}
    out: dict[int, list[tuple[str, str, bytes]]] = {}
    with ctx.db.read() as s:
        found = s.exec(select(MailAttachment, RawBlob.data)
                       .join(RawBlob, col(RawBlob.sha256) == col(MailAttachment.sha256))
                       .where(col(MailAttachment.message_row_id).in_(wanted),
                              col(MailAttachment.inbound_mail_id).is_(None))
                       .order_by(MailAttachment.id)).all()
        for f, data in found:
            out.setdefault(f.message_row_id, []).append((f.filename, f.content_type, zlib.decompress(data)))  # type: ignore[arg-type]
    return out


# ---------------------------------------------------------------- transports


class FileSink:
    """Without SMTP: each mail becomes ``<sink>/<message-id>.eml`` (what would have been sent)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @property
    def via(self) -> str:
        return f"file:{self.folder}"

    def __enter__(self) -> FileSink:
        self.folder.mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def send(self, msg: Message, sender: str, recipients: list[str]) -> None:
        name = msg["Message-ID"].strip("<>").replace("/", "_")
        path = self.folder / f"{name}.eml"
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(msg.as_bytes())
        os.replace(tmp, path)


def smtp_password(smtp: SmtpSettings) -> str | None:
    """``AGENT_TUI_SMTP_PASSWORD``, else the keyring (``agent-tui mail password --smtp``)."""
    return mail_password(SMTP_KEYRING_PREFIX + smtp.account, SMTP_PASSWORD_ENV, "SMTP")


def store_smtp_password(smtp: SmtpSettings, password: str) -> None:
    store_mail_password(SMTP_KEYRING_PREFIX + smtp.account, SMTP_PASSWORD_ENV, password)


class SmtpTransport:
    """One SMTP session (SSL, STARTTLS or plain; login when a user is configured)."""

    def __init__(self, smtp: SmtpSettings, *, ssl_context: ssl.SSLContext | None = None,
                 password: Callable[[], str | None] | None = None) -> None:
        self.smtp = smtp
        self.context = ssl_context or ssl.create_default_context()
        self.password = password or (lambda: smtp_password(smtp))
        self.conn: smtplib.SMTP | None = None

    @property
    def via(self) -> str:
        return f"smtp://{self.smtp.host}:{self.smtp.port}"

    def _connect(self) -> smtplib.SMTP:
        s = self.smtp
        try:
            if s.security == "ssl":
                conn: smtplib.SMTP = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=self.context)
            else:
                conn = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
                if s.security == "starttls":
                    conn.starttls(context=self.context)
            if s.user:
                secret = self.password()
                if not secret:
                    conn.close()
                    raise ConfigError(_("no SMTP password for {account}: store it with "
                                        "'agent-tui mail password --smtp' or set {variable}").format(
                                          account=s.account, variable=SMTP_PASSWORD_ENV))
                try:
                    conn.login(s.user, secret)
                except UnicodeEncodeError:  # smtplib sends the login in ASCII only
                    conn.close()
                    raise ConfigError(_("the SMTP user or password for {account} has non-ASCII characters, "
                                        "which smtplib's login cannot send; use an ASCII password").format(
                                          account=s.account)) from None
        except smtplib.SMTPAuthenticationError as exc:
            raise ConfigError(_("the SMTP server {host} refused the login for {user}: {answer}").format(
                host=s.host, user=s.user, answer=f"{exc.smtp_code} {_text(exc.smtp_error)}")) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise TemporaryFailure(f"cannot reach the SMTP server {s.host}:{s.port}: {_describe(exc)}") from None
        return conn

    def __enter__(self) -> SmtpTransport:
        self.conn = self._connect()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.conn is not None:
            try:
                self.conn.quit()
            except (OSError, smtplib.SMTPException):
                self.conn.close()
            self.conn = None

    def send(self, msg: Message, sender: str, recipients: list[str]) -> None:
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = self._connect()
            try:
                # flattened here: send_message's generator mangles 'From ' at a line start ('>From ')
                refused = self.conn.sendmail(sender, recipients, msg.as_bytes(policy=_SMTP_POLICY))
            except smtplib.SMTPServerDisconnected as exc:
                self.conn = None  # the server hung up between mails: connect again once
                if attempt == 2:
                    raise TemporaryFailure(f"the SMTP server disconnected: {_describe(exc)}") from None
                continue
            except smtplib.SMTPRecipientsRefused as exc:
                codes = [code for code, _ in exc.recipients.values()]
                detail = "; ".join(f"{addr}: {code} {_text(text)}" for addr, (code, text) in exc.recipients.items())
                if all(code >= 500 for code in codes):
                    raise PermanentFailure(detail) from None
                raise TemporaryFailure(detail) from None
            except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
                detail = f"{exc.smtp_code} {_text(exc.smtp_error)}"
                if exc.smtp_code >= 500:
                    raise PermanentFailure(detail) from None
                raise TemporaryFailure(detail) from None
            except (OSError, smtplib.SMTPException) as exc:
                self.conn = None
                raise TemporaryFailure(_describe(exc)) from None
            to = recipients[0] if recipients else ""
            if to in refused:  # a Cc was accepted, the customer refused: the mail did not reach them
                code, text = refused[to]
                detail = f"{to}: {code} {_text(text)} (the Cc got it)"
                raise (PermanentFailure if code >= 500 else TemporaryFailure)(detail)
            return  # only a Cc refused: the customer got it, it is sent


def _text(value: object) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, socket.timeout):
        return "timed out"
    return f"{exc.__class__.__name__}: {exc}".strip().rstrip(":")


def transport_for(settings: MailSettings):
    if settings.smtp is not None:
        return SmtpTransport(settings.smtp)
    from agent_tui.locations import data_dir

    return FileSink(settings.sink or data_dir() / "outbox-sink")


# ---------------------------------------------------------------- the loop


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    released: int = 0
    errors: list[str] = field(default_factory=list)
    via: str = ""

    @property
    def total(self) -> int:
        return self.sent + self.retrying + self.failed


def flush(ctx: Context, settings: MailSettings, *, transport=None, worker: str | None = None,
          batch: int = 100, limit: int | None = None, ids=()) -> DeliveryReport:
    """Deliver every due mail (or the given ones), batch by batch, until none is due."""
    worker = worker or f"{socket.gethostname()}:{os.getpid()}"
    try:
        sender = _address(settings.address)  # the envelope sender, as From writes it
    except UnsendableAddress as exc:
        raise ConfigError(_("[mail] address: {reason}").format(reason=exc.message)) from None
    report = DeliveryReport()
    report.released = ob.release_stale(ctx)
    sink = transport or transport_for(settings)
    report.via = sink.via
    opened = False
    try:
        while limit is None or report.total < limit:
            rows = ob.claim(ctx, worker, limit=batch if limit is None else min(batch, limit - report.total), ids=ids)
            if not rows:
                break
            if not opened:
                try:
                    sink.__enter__()
                except Exception as exc:  # nobody to talk to: the claimed mails wait (never left in 'sending')
                    if isinstance(exc, ConfigError):  # the desk's problem, not the mail's: no try used up
                        _given_back(ctx, report, rows, worker, str(exc))
                        raise
                    for row in rows:
                        _failed(ctx, report, row, str(exc) if isinstance(exc, TemporaryFailure)
                                else _describe(exc), permanent=False)
                    if not isinstance(exc, TemporaryFailure):
                        raise
                    break
                opened = True
            sent: list[int] = []
            files = attachments_for(ctx, rows)
            at = 0
            try:
                for at, row in enumerate(rows):
                    if row.claimed_at is not None and ctx.clock.now() - row.claimed_at > ob.STALE_CLAIM / 2:
                        ob.give_back(ctx, [r.id for r in rows[at:]], worker)  # type: ignore[misc]
                        break  # a long batch: the rest is claimed afresh, never sent after release_stale took it
                    try:
                        msg = build(row, settings, files.get(row.message_row_id, []))  # type: ignore[arg-type]
                        sink.send(msg, sender, recipients(row))
                    except PermanentFailure as exc:
                        _failed(ctx, report, row, str(exc), permanent=True)
                    except TemporaryFailure as exc:
                        _failed(ctx, report, row, str(exc), permanent=False)
                    except (OSError, ValueError, UnicodeError, MessageError) as exc:  # the sink's disk, a header refused
                        _failed(ctx, report, row, _describe(exc), permanent=not isinstance(exc, OSError))
                    else:
                        sent.append(row.id)  # type: ignore[arg-type]
                        if len(sent) >= 20:  # record often: after a crash, at most these few read "may have been delivered"
                            ob.mark_sent(ctx, sent, sink.via)
                            report.sent += len(sent)
                            sent = []
            except BaseException as exc:  # a ConfigError mid-batch, Ctrl-C …: record what went, give back the rest
                ob.mark_sent(ctx, sent, sink.via)
                report.sent += len(sent)
                sent = []
                why = _describe(exc) if not isinstance(exc, ConfigError) else str(exc)
                if not isinstance(exc, ConfigError):  # this one may have reached the server: an agent decides
                    _failed(ctx, report, rows[at], f"the sender stopped while sending this mail ({why}); "
                            "it may have been delivered", permanent=True)
                    at += 1
                if isinstance(exc, ConfigError):
                    _given_back(ctx, report, rows[at:], worker, f"not sent: {why}")
                else:
                    for row in rows[at:]:
                        _failed(ctx, report, row, f"not sent: {why}", permanent=False)
                raise
            ob.mark_sent(ctx, sent, sink.via)
            report.sent += len(sent)
    finally:
        if opened:
            sink.__exit__(None, None, None)
    return report


def _given_back(ctx: Context, report: DeliveryReport, rows: list[OutboundMail], worker: str, error: str) -> None:
    ob.give_back(ctx, [r.id for r in rows], worker, reason=error, after=ob.BACKOFF[0])  # type: ignore[misc]
    report.retrying += len(rows)
    report.errors += [f"mail {r.id} (ticket {r.subject.split(' ', 1)[0]}): {error}" for r in rows]


def _failed(ctx: Context, report: DeliveryReport, row: OutboundMail, error: str, *, permanent: bool) -> None:
    state = ob.mark_failed(ctx, row.id, error, permanent=permanent)  # type: ignore[arg-type]
    if state == ob.FAILED:
        report.failed += 1
    else:
        report.retrying += 1
    report.errors.append(f"mail {row.id} (ticket {row.subject.split(' ', 1)[0]}): {error}")


def watch(ctx: Context, settings: MailSettings, *, interval: float = 10.0, status=None,
          stop: Callable[[], bool] = lambda: False) -> None:
    """Flush every ``interval`` seconds until ``stop()``."""
    while not stop():
        report = flush(ctx, settings)
        if status is not None and (report.total or report.released):
            status(report)
        time.sleep(interval)
