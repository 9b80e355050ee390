"""The ``[mail]`` table of config.toml: our address, the subject reference, limits and the source.

```toml
[mail]
address = "support@ourdesk.example"     # our own address: mail from it is ignored (loops)
also_ours = ["help@ourdesk.example"]    # further own addresses
subject_reference = "[#{number}]"       # how our subjects carry the ticket number
max_attachment_mb = 25                  # larger attachments are not stored (the mail is)
max_per_sender_per_hour = 30            # more is a mail loop: stored as ignored (0: no limit)
source = "maildir"                      # "maildir" or "imap": what `mail fetch` reads
maildir = "~/Maildir"

[mail.imap]
host = "imap.example.com"
port = 993                              # default 993 for ssl, 143 for starttls/none
user = "support@ourdesk.example"
security = "ssl"                        # ssl | starttls | none
folder = "INBOX"
after = "seen"                          # seen: flag \\Seen;  move: move to move_to
move_to = "Processed"
```

Mail out (the outbox, ``agent-tui outbox``):

```toml
[mail]
desk_name = "Example Support"           # the From name and the signature
sink = "~/agent-tui-sent"               # without [mail.smtp]: mail is written here as .eml files

[mail.smtp]
host = "smtp.example.com"
port = 587                              # default 465 for ssl, 587 for starttls, 25 for none
security = "starttls"                   # ssl | starttls | none
user = "support@ourdesk.example"        # no user: no login
```

The IMAP password is never in the file: ``agent-tui mail password`` puts it in the keyring;
without a keyring backend ``AGENT_TUI_IMAP_PASSWORD`` is read. The same for SMTP:
``agent-tui mail password --smtp``, else ``AGENT_TUI_SMTP_PASSWORD``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from agent_tui.errors import ConfigError
from agent_tui.i18n import _

IMAP_PASSWORD_ENV = "AGENT_TUI_IMAP_PASSWORD"
SMTP_PASSWORD_ENV = "AGENT_TUI_SMTP_PASSWORD"
DEFAULT_ADDRESS = "support@agent-tui.invalid"  # the demo's: .invalid never resolves, nothing can leave
DEFAULT_REFERENCE = "[#{number}]"


@dataclass(frozen=True)
class ImapSettings:
    host: str
    user: str
    port: int = 993
    security: str = "ssl"  # ssl | starttls | none
    folder: str = "INBOX"
    after: str = "seen"  # seen | move
    move_to: str = "Processed"

    @property
    def account(self) -> str:
        """The keyring user name and the key of the folder state: ``user@host:port``."""
        return f"{self.user}@{self.host}:{self.port}"


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    security: str = "starttls"  # ssl | starttls | none
    user: str = ""  # empty: no login
    timeout: float = 30.0

    @property
    def account(self) -> str:
        """The keyring user name: ``smtp:user@host:port``."""
        return f"smtp:{self.user}@{self.host}:{self.port}"


@dataclass(frozen=True)
class MailSettings:
    own_addresses: tuple[str, ...] = ()  # normalised (casefolded)
    subject_reference: str = DEFAULT_REFERENCE
    max_attachment_bytes: int = 25 * 1024 * 1024
    max_per_sender_per_hour: int = 30  # 0: no limit
    source: str = ""  # "", "maildir" or "imap"
    maildir: Path | None = None
    imap: ImapSettings | None = None
    address: str = DEFAULT_ADDRESS  # ours, as written: From, Reply-To and the envelope sender
    desk_name: str = "Support"
    smtp: SmtpSettings | None = None  # None: mail out goes to the file sink
    sink: Path | None = None  # None: <data dir>/outbox-sink
    reference_pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "reference_pattern", reference_pattern(self.subject_reference))

    def is_ours(self, address: str) -> bool:
        return address.strip().casefold() in self.own_addresses

    def reference(self, number: int) -> str:
        return self.subject_reference.replace("{number}", str(number))

    @property
    def domain(self) -> str:
        domain = self.address.rpartition("@")[2]
        try:  # a Message-ID is ASCII: an international domain in its IDNA form
            return domain.encode("idna").decode("ascii") if domain else "agent-tui.invalid"
        except UnicodeError:
            return "agent-tui.invalid"


def reference_pattern(template: str) -> re.Pattern[str]:
    """``"[#{number}]"`` → a regex finding that form in a subject, the number as group 1."""
    if template.count("{number}") != 1:
        raise ConfigError(_("subject_reference {template!r} must contain {{number}} exactly once").format(
            template=template))
    before, after = template.split("{number}")
    return re.compile(re.escape(before) + r"(\d{1,9})" + re.escape(after), re.IGNORECASE)


def _str(table: dict, key: str, where: str, default: str = "") -> str:
    value = table.get(key, default)
    if not isinstance(value, str):
        raise ConfigError(_("{where}: {key} must be a string, not {type}").format(
            where=where, key=key, type=type(value).__name__))
    return value


def _int(table: dict, key: str, where: str, default: int) -> int:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError(_("{where}: {key} must be a whole number >= 0").format(where=where, key=key))
    return value


def _check_keys(table: object, where: str, known: set[str]) -> None:
    if not isinstance(table, dict):
        raise ConfigError(_("{where} must be a table").format(where=where))
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(_("{where}: unknown key {unknown!r} (known: {choices})").format(
            where=where, unknown=unknown[0], choices=', '.join(sorted(known))))


def settings_from_table(table: object, where: str = "[mail]") -> MailSettings:
    """Check the ``[mail]`` table; every error names the file and the key."""
    if table is None:
        return MailSettings()
    _check_keys(table, where, {"address", "also_ours", "subject_reference", "max_attachment_mb", "source",
                               "maildir", "imap", "max_per_sender_per_hour", "desk_name", "sink", "smtp"})
    if "password" in table or any(isinstance(table.get(k), dict) and "password" in table[k] for k in ("imap", "smtp")):
        raise ConfigError(_("{where}: a password does not belong in the file; use 'agent-tui mail password'").format(
            where=where))
    also = table.get("also_ours", [])
    if not isinstance(also, list) or not all(isinstance(a, str) for a in also):
        raise ConfigError(_("{where}: also_ours must be a list of addresses").format(where=where))
    own = tuple(a.strip().casefold() for a in [_str(table, "address", where), *also] if a.strip())
    source = _str(table, "source", where)
    if source not in ("", "maildir", "imap"):
        raise ConfigError(_('{where}: source must be "maildir" or "imap", not {source!r}').format(
            where=where, source=source))
    maildir = _str(table, "maildir", where)
    imap = _imap(table.get("imap"), f"{where}.imap") if "imap" in table else None
    if source == "maildir" and not maildir:
        raise ConfigError(_("{where}: source is maildir but no maildir path is given").format(where=where))
    if source == "imap" and imap is None:
        raise ConfigError(_("{where}: source is imap but there is no [mail.imap] table").format(where=where))
    address = _str(table, "address", where).strip()
    if address and "@" not in address:
        raise ConfigError(_("{where}: address {address!r} is not an e-mail address").format(where=where, address=address))
    sink = _str(table, "sink", where)
    return MailSettings(
        address=address or DEFAULT_ADDRESS,
        desk_name=_str(table, "desk_name", where, "Support").strip() or "Support",
        smtp=_smtp(table.get("smtp"), f"{where}.smtp") if "smtp" in table else None,
        sink=Path(sink).expanduser() if sink else None,
        own_addresses=own,
        subject_reference=_str(table, "subject_reference", where, DEFAULT_REFERENCE),
        max_attachment_bytes=_int(table, "max_attachment_mb", where, 25) * 1024 * 1024,
        max_per_sender_per_hour=_int(table, "max_per_sender_per_hour", where, 30),
        source=source,
        maildir=Path(maildir).expanduser() if maildir else None,
        imap=imap,
    )


def _imap(table: object, where: str) -> ImapSettings:
    _check_keys(table, where, {"host", "port", "user", "security", "folder", "after", "move_to"})
    host, user = _str(table, "host", where), _str(table, "user", where)
    if not host or not user:
        raise ConfigError(_("{where}: host and user are required").format(where=where))
    security = _str(table, "security", where, "ssl")
    if security not in ("ssl", "starttls", "none"):
        raise ConfigError(_("{where}: security must be ssl, starttls or none, not {security!r}").format(
            where=where, security=security))
    after = _str(table, "after", where, "seen")
    if after not in ("seen", "move"):
        raise ConfigError(_("{where}: after must be seen or move, not {after!r}").format(where=where, after=after))
    return ImapSettings(
        host=host, user=user, port=_int(table, "port", where, 993 if security == "ssl" else 143),
        security=security, folder=_str(table, "folder", where, "INBOX"), after=after,
        move_to=_str(table, "move_to", where, "Processed"),
    )


def _smtp(table: object, where: str) -> SmtpSettings:
    _check_keys(table, where, {"host", "port", "user", "security", "timeout"})
    host = _str(table, "host", where)
    if not host:
        raise ConfigError(_("{where}: host is required").format(where=where))
    security = _str(table, "security", where, "starttls")
    if security not in ("ssl", "starttls", "none"):
        raise ConfigError(_("{where}: security must be ssl, starttls or none, not {security!r}").format(
            where=where, security=security))
    default_port = {"ssl": 465, "starttls": 587, "none": 25}[security]
    return SmtpSettings(host=host, port=_int(table, "port", where, default_port), security=security,
                        user=_str(table, "user", where), timeout=float(_int(table, "timeout", where, 30)))


def load_settings() -> MailSettings:
    """The ``[mail]`` table of the config file (defaults when there is none)."""
    from agent_tui.config import config_table

    table, path = config_table("mail")
    return settings_from_table(table, f"{path} [mail]")
