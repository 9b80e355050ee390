"""Where mail comes from: files (.eml, a folder, an mbox), a Maildir, an IMAP folder.

Every source yields :class:`Fetched` items: the raw bytes, a label for the inbound row, and an
``ack`` to call once the intake has committed the mail (stored, ignored, quarantined or already
there). A source only marks a mail as done in ``ack``: a crash before it leaves the mail where it
was, and taking it again is harmless (the intake dedupes by Message-ID).

- Maildir: new mail is in ``new/``; ``ack`` moves it to ``cur/`` with the ``S`` (seen) flag, by
  renaming the file (byte-exact, as the Maildir spec has it; stdlib ``mailbox`` would re-write
  the message). Mail already in ``cur/`` without ``S`` is taken too.
- IMAP (``imapclient``): UIDVALIDITY and the last UID taken are kept per account and folder in
  the store (``imap_folders``), so each message is fetched once; ``ack`` flags it ``\\Seen`` or
  moves it to a folder. The body is read with ``BODY.PEEK[]`` so a failure leaves it unseen.
"""

from __future__ import annotations

import mailbox
import os
import ssl
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from agent_tui.errors import ConfigError, InvalidInput
from agent_tui.i18n import _, ngettext
from agent_tui.mail.secrets import mail_password, store_mail_password
from agent_tui.mail.settings import IMAP_PASSWORD_ENV, ImapSettings, MailSettings
from agent_tui.services import mail_intake as mi
from agent_tui.services.context import Context

MAX_MAIL_BYTES = 50 * 1024 * 1024  # a single mail larger than this is refused at the source


def _nothing() -> None:
    return None


@dataclass
class Fetched:
    raw: bytes
    source: str
    ack: Callable[[], None] = _nothing


@dataclass
class FetchReport:
    results: list[mi.IntakeResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    def summary(self) -> str:
        parts = [f"{self.count(s)} {s}" for s in (mi.STORED, mi.IGNORED, mi.DUPLICATE, mi.QUARANTINED)
                 if self.count(s)]
        n = len(self.results)
        return ngettext("{count} mail(s): {parts}", "{count} mail(s): {parts}", n).format(  # English as scripts read it
            count=n, parts=", ".join(parts) if parts else _("nothing new"))


def take_in(ctx: Context, items: Iterable[Fetched], settings: MailSettings) -> FetchReport:
    """Each mail through the intake, then acknowledged at its source; one bad mail never stops the rest."""
    report = FetchReport()
    for item in items:
        result = mi.intake(ctx, item.raw, settings, source=item.source)
        item.ack()
        report.results.append(result)
    return report


# ---------------------------------------------------------------- files


def _read(path: Path) -> bytes:
    if path.stat().st_size > MAX_MAIL_BYTES:
        raise InvalidInput(_("{path}: larger than {value} MB; not a mail we take in").format(
            path=path, value=MAX_MAIL_BYTES // (1024 * 1024)))
    return path.read_bytes()


def _is_mbox(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(5) == b"From "


def _is_maildir(path: Path) -> bool:
    return all((path / sub).is_dir() for sub in ("cur", "new", "tmp"))


def file_source(paths: Iterable[Path]) -> Iterator[Fetched]:
    """``.eml`` files, folders of them (recursively; a Maildir folder is read as one), and mbox files."""
    for path in paths:
        path = Path(path).expanduser()
        if not path.exists():
            raise InvalidInput(_("{path}: no such file or folder").format(path=path))
        if path.is_dir():
            if _is_maildir(path):
                yield from maildir_source(path, mark_seen=False)
                continue
            for child in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in (".eml", ".mbox")):
                yield from file_source([child])
        elif _is_mbox(path):
            yield from mbox_source(path)
        else:
            yield Fetched(_read(path), f"file:{path}")


def mbox_source(path: Path) -> Iterator[Fetched]:
    box = mailbox.mbox(str(path), factory=None, create=False)
    try:
        for n, key in enumerate(box.iterkeys(), 1):
            yield Fetched(box.get_bytes(key), f"mbox:{path}#{n}")
    finally:
        box.close()


# ---------------------------------------------------------------- Maildir


def _flags(name: str) -> str:
    return name.split(":2,", 1)[1] if ":2," in name else ""


def maildir_source(path: Path, *, mark_seen: bool = True) -> Iterator[Fetched]:
    """Mail in ``new/`` and unseen mail in ``cur/``, oldest first; ``ack`` moves it to ``cur/`` flagged ``S``."""
    path = Path(path).expanduser()
    if not _is_maildir(path):
        raise ConfigError(_("{path} is not a Maildir (it needs cur/, new/ and tmp/)").format(path=path))
    found: list[tuple[float, Path]] = []
    for sub in ("new", "cur"):
        with os.scandir(path / sub) as entries:
            for entry in entries:
                if entry.is_file() and not entry.name.startswith(".") and "S" not in _flags(entry.name):
                    found.append((entry.stat().st_mtime, Path(entry.path)))
    for _key, file in sorted(found):
        try:
            raw = _read(file)
        except FileNotFoundError:  # another watcher took it meanwhile
            continue
        yield Fetched(raw, f"maildir:{path}", _seen_ack(path, file) if mark_seen else _nothing)


def _seen_ack(maildir: Path, file: Path) -> Callable[[], None]:
    def ack() -> None:
        base = file.name.split(":2,", 1)[0]
        flags = "".join(sorted(set(_flags(file.name)) | {"S"}))
        try:
            os.rename(file, maildir / "cur" / f"{base}:2,{flags}")
        except FileNotFoundError:  # another watcher moved it first: it is done either way
            pass

    return ack


# ---------------------------------------------------------------- IMAP


IMAP_KEYRING_PREFIX = "imap:"


def imap_password(imap: ImapSettings, warn: Callable[[str], None] | None = None) -> str | None:
    """The IMAP password: ``AGENT_TUI_IMAP_PASSWORD``, else the keyring (never the config file)."""
    return mail_password(IMAP_KEYRING_PREFIX + imap.account, IMAP_PASSWORD_ENV, "IMAP", warn)


def store_imap_password(imap: ImapSettings, password: str) -> None:
    store_mail_password(IMAP_KEYRING_PREFIX + imap.account, IMAP_PASSWORD_ENV, password)


def connect_imap(imap: ImapSettings, password: str, *, ssl_context: ssl.SSLContext | None = None,
                 timeout: float = 30.0):
    """A logged-in :class:`imapclient.IMAPClient` (TLS, STARTTLS or plain as configured)."""
    from imapclient import IMAPClient
    from imapclient.exceptions import LoginError

    context = ssl_context or ssl.create_default_context()
    try:
        client = IMAPClient(imap.host, port=imap.port, ssl=imap.security == "ssl",
                            ssl_context=context if imap.security == "ssl" else None, timeout=timeout)
        if imap.security == "starttls":
            client.starttls(context)
    except (OSError, ssl.SSLError) as exc:
        raise ConfigError(_("cannot reach the IMAP server {host}:{port}: {exc}").format(
            host=imap.host, port=imap.port, exc=exc)) from None
    try:
        client.login(imap.user, password)
    except LoginError:
        client.shutdown()
        raise ConfigError(_("the IMAP server {host} refused the login of {user}").format(
            host=imap.host, user=imap.user)) from None
    return client


def imap_source(ctx: Context, imap: ImapSettings, password: str, *, ssl_context: ssl.SSLContext | None = None,
                batch: int = 50) -> Iterator[Fetched]:
    """New messages of the folder, by UID above the last one taken (under the same UIDVALIDITY)."""
    client = connect_imap(imap, password, ssl_context=ssl_context)
    try:
        info = client.select_folder(imap.folder)
        validity = int(info[b"UIDVALIDITY"])
        last = mi.imap_last_uid(ctx, imap.account, imap.folder, validity)
        uids = sorted(u for u in client.search(["UID", f"{last + 1}:*"]) if u > last)
        can_move = client.has_capability("MOVE")
        if imap.after == "move" and not client.folder_exists(imap.move_to):
            client.create_folder(imap.move_to)
        label = f"imap:{imap.account}/{imap.folder}"
        for start in range(0, len(uids), batch):
            chunk = uids[start:start + batch]
            data = client.fetch(chunk, ["BODY.PEEK[]"])
            for uid in chunk:
                raw = data.get(uid, {}).get(b"BODY[]")
                if raw is None:  # deleted meanwhile
                    continue
                yield Fetched(bytes(raw), f"{label}#{validity}:{uid}",
                              _imap_ack(ctx, client, imap, validity, uid, can_move))
    finally:
        try:
            client.logout()
        except Exception:  # noqa: BLE001 - the server may have dropped us; nothing left to do
            pass


def _imap_ack(ctx: Context, client, imap: ImapSettings, validity: int, uid: int, can_move: bool):
    def ack() -> None:
        if imap.after == "move":
            if can_move:
                client.move([uid], imap.move_to)
            else:
                client.copy([uid], imap.move_to)
                client.delete_messages([uid])
                if client.has_capability("UIDPLUS"):
                    client.uid_expunge([uid])
                else:
                    client.expunge()
        else:
            client.add_flags([uid], [b"\\Seen"])
        mi.imap_record_uid(ctx, imap.account, imap.folder, validity, uid)

    return ack


def fetch_once(ctx: Context, settings: MailSettings, *, password: str | None = None,
               warn: Callable[[str], None] | None = None,
               ssl_context: ssl.SSLContext | None = None) -> FetchReport:
    """Read the configured source once (``agent-tui mail fetch``)."""
    if settings.source == "maildir" and settings.maildir is not None:
        return take_in(ctx, maildir_source(settings.maildir), settings)
    if settings.source == "imap" and settings.imap is not None:
        secret = password or imap_password(settings.imap, warn)
        if not secret:
            raise ConfigError(_("no IMAP password for {account}: run 'agent-tui mail password' or set "
                                "{variable}").format(account=settings.imap.account, variable=IMAP_PASSWORD_ENV))
        return take_in(ctx, imap_source(ctx, settings.imap, secret, ssl_context=ssl_context), settings)
    raise ConfigError(_('no mail source is configured: set source = "maildir" or "imap" in the [mail] table of '
                        "config.toml"))


# ---------------------------------------------------------------- watching


def _imap_wait(ctx: Context, imap: ImapSettings, password: str, seconds: float, stop,
               ssl_context: ssl.SSLContext | None) -> None:
    """Wait until the folder has news (IMAP IDLE where the server offers it) or ``seconds`` passed.

    Mail that arrived between the last fetch and the IDLE is looked for first (IDLE would not announce it).
    """
    client = connect_imap(imap, password, ssl_context=ssl_context)
    try:
        info = client.select_folder(imap.folder, readonly=True)
        last = mi.imap_last_uid(ctx, imap.account, imap.folder, int(info[b"UIDVALIDITY"]))
        if any(u > last for u in client.search(["UID", f"{last + 1}:*"])):
            return
        if not client.has_capability("IDLE"):
            stop.wait(seconds)
            return
        client.idle()
        try:
            waited = 0.0
            while waited < seconds and not stop.is_set():
                if client.idle_check(timeout=1):  # an EXISTS/RECENT response: new mail
                    return
                waited += 1
        finally:
            client.idle_done()
    finally:
        try:
            client.logout()
        except Exception:  # noqa: BLE001 - nothing left to do with a dropped connection
            pass


def watch(ctx: Context, settings: MailSettings, *, interval: float = 60.0, stop=None,
          status: Callable[[str], None] = lambda line: None, password: str | None = None,
          ssl_context: ssl.SSLContext | None = None) -> None:
    """Fetch, wait (IDLE or ``interval``), repeat until ``stop`` is set; each round reports one status line.

    An unreachable server or store is reported and retried after the interval (it never ends the watch);
    a configuration error does.
    """
    import threading

    from agent_tui.errors import DatabaseUnavailable

    stop = stop or threading.Event()
    secret = password
    if settings.source == "imap" and settings.imap is not None and not secret:
        secret = imap_password(settings.imap, status)
    while not stop.is_set():
        now = ctx.clock.now().astimezone(ctx.tz).strftime("%H:%M:%S")
        try:
            report = fetch_once(ctx, settings, password=secret, ssl_context=ssl_context)
            status(f"{now} {settings.source}: {report.summary()}")
        except (DatabaseUnavailable, OSError) as exc:
            status(f"{now} {settings.source}: {exc}; trying again in {interval:g} s")
        except ConfigError as exc:
            if "cannot reach" not in exc.message:
                raise
            status(f"{now} {settings.source}: {exc.message}; trying again in {interval:g} s")
        if stop.is_set():
            break
        if settings.source == "imap" and settings.imap is not None and secret:
            try:
                _imap_wait(ctx, settings.imap, secret, interval, stop, ssl_context)
            except (ConfigError, OSError):
                stop.wait(interval)
        else:
            stop.wait(interval)
