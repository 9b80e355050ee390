"""Settings (database URL, agent) and secrets.

Order of precedence: command-line option, environment variable, config file
(``config.toml`` in the platform's config directory), default. Passwords are
never read from or written to the config file: they come from the OS keyring
(``agent-tui secrets set``), else ``AGENT_TUI_DB_PASSWORD``, else a prompt.
"""

from __future__ import annotations

import copy
import getpass
import os
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from datetime import UTC, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from agent_tui.domain.clock import Clock, pinned_clock
from agent_tui.errors import ConfigError
from agent_tui.i18n import _
from agent_tui.locations import config_file, default_database_path, demo_database_path
from agent_tui.store.urls import mask_url, normalize_url, sqlite_url

# Read before anything else at every start (the CLI's language, the app's settings): pydantic and
# SQLAlchemy are imported where a file is checked or a URL parsed, not to read the environment.

KEYRING_SERVICE = "agent-tui"
PASSWORD_ENV = "AGENT_TUI_DB_PASSWORD"


DEMO_AGENT = "alice"  # who ``agent-tui demo`` makes you, and who you are on the demo store by default


@dataclass(frozen=True)
class Settings:
    database_url: str
    agent: str
    is_demo: bool = False  # no database chosen and none initialised yet: the demo store ``demo`` built


@lru_cache(maxsize=1)
def _config_file_model() -> type:
    from pydantic import BaseModel, ConfigDict, StrictStr

    class ConfigFile(BaseModel):
        """``config.toml`` as written: the keys read here are checked; others are left to their readers
        (``[keymap]`` is checked entry by entry by :func:`agent_tui.bindings.check_keymap`, never fatally)."""

        model_config = ConfigDict(extra="allow")

        database_url: StrictStr | None = None
        agent: StrictStr | None = None
        timezone: StrictStr | None = None
        language: StrictStr | None = None  # the app's language (en, de, pt, nl); AGENT_TUI_LANG overrides it

    return ConfigFile


def _file_settings() -> dict:
    """The config file, parsed and checked; parsed again only when its bytes changed."""
    path = config_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(f"{path}: {exc.strerror or exc}") from None
    return copy.deepcopy(_parsed(str(path), raw))


@lru_cache(maxsize=4)
def _parsed(name: str, raw: bytes) -> dict:
    path = Path(name)
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    if any(k in data for k in ("password", "db_password")):
        raise ConfigError(_("{path} contains a password; remove it and use 'agent-tui secrets set'").format(path=path))
    from pydantic import ValidationError

    from agent_tui.domain.validation import explain

    try:
        _config_file_model().model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{path}: " + "; ".join(explain(exc))) from None
    return data


def resolve(db: str | None = None, agent: str | None = None, *, demo_fallback: bool = True) -> Settings:
    """The database and agent to use.

    With no database given anywhere, the default store is used; until ``init`` has created it, the
    demo store (if ``agent-tui demo`` built one) stands in, as the demo's agent, so the commands a
    newcomer types after the README's first one see what the app showed them.
    """
    file = _file_settings()
    url = db or os.environ.get("AGENT_TUI_DATABASE_URL") or file.get("database_url")
    is_demo = False
    if not url:
        default, demo = default_database_path(), demo_database_path()
        is_demo = demo_fallback and not default.exists() and demo.exists()
        url = sqlite_url(demo if is_demo else default)
    name = (agent or os.environ.get("AGENT_TUI_AGENT") or file.get("agent")
            or (DEMO_AGENT if is_demo else None) or os.environ.get("USER") or "agent")
    return Settings(normalize_url(str(url)), str(name), is_demo)


def keymap() -> tuple[object, str]:
    """The config file's ``[keymap]`` table (binding id → key, unchecked) and the file's path, for messages.

    The app checks it (:func:`agent_tui.bindings.check_keymap`): a bad entry is reported and that
    action keeps its default key; it never stops the app from starting.
    """
    path = config_file()
    try:
        return _file_settings().get("keymap"), str(path)
    except ConfigError:
        return None, str(path)  # resolve() has already said what is wrong with the file


def configured_language() -> str | None:
    """The config file's ``language`` (unchecked: :func:`agent_tui.i18n.choose` falls back to English
    for a language not shipped); None when the file names none or cannot be read."""
    try:
        value = _file_settings().get("language")
    except ConfigError:
        return None  # resolve() has already said what is wrong with the file
    return str(value) if value else None


def config_table(name: str) -> tuple[object, str]:
    """One table of the config file (``[mail]``, say; None when absent) and the file's path, for messages."""
    path = config_file()
    return _file_settings().get(name), str(path)


def secret_key(url: str) -> str:
    """The keyring user name for a database: ``user@host:port/db``."""
    from sqlalchemy.engine import make_url

    u = make_url(normalize_url(url))
    return f"{u.username or ''}@{u.host or 'localhost'}:{u.port or 5432}/{u.database or ''}"


def keyring_status() -> tuple[bool, str]:
    """(usable, description). A headless machine has only the ``fail`` backend."""
    try:
        import keyring
        from keyring.backends import fail
    except Exception as exc:  # pragma: no cover - keyring is a dependency
        return False, f"keyring is not importable ({exc.__class__.__name__})"
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        return False, "no keyring backend is available on this machine"
    return True, f"{backend.__class__.__module__}.{backend.__class__.__name__}"


def store_password(url: str, password: str) -> None:
    ok, why = keyring_status()
    if not ok:
        raise ConfigError(_("cannot store the password: {reason}; set {variable} in the environment instead").format(
            reason=why, variable=PASSWORD_ENV))
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, secret_key(url), password)
    except KeyringError as exc:
        raise ConfigError(_("the keyring refused the password: {exc}").format(exc=exc)) from None


def password_source(url: str, *, interactive: bool | None = None,
                    warn: Callable[[str], None] | None = None) -> Callable[[], str | None]:
    """A callable that fetches the password when a connection is made (never kept in a URL).

    Keyring first; with no keyring backend, say so once and fall back to the
    environment variable, then to a prompt on a terminal.
    """
    key = secret_key(url)
    said: list[bool] = []
    cache: list[str] = []

    def fetch() -> str | None:
        env = os.environ.get(PASSWORD_ENV)
        if env:
            return env
        ok, why = keyring_status()
        if ok:
            import keyring
            from keyring.errors import KeyringError

            try:
                value = keyring.get_password(KEYRING_SERVICE, key)
            except KeyringError:
                value = None
            if value:
                return value
        elif not said and warn is not None:
            warn(f"{why}; using {PASSWORD_ENV} or a prompt for the database password")
            said.append(True)
        if cache:
            return cache[0]
        tty = sys.stdin.isatty() if interactive is None else interactive
        if tty:
            value = getpass.getpass(f"Password for {mask_url(url)}: ")
            cache.append(value)  # asked once per process, held only by this closure
            return value
        return None

    return fetch


def clock_from_env(environ: dict[str, str] | None = None) -> Clock:
    """``AGENT_TUI_NOW`` (ISO 8601) pins the clock for any command (read once, at the edge)."""
    env = os.environ if environ is None else environ
    return pinned_clock(env.get("AGENT_TUI_NOW", ""))


TZ_ENV = "AGENT_TUI_TZ"


def agent_timezone(environ: dict[str, str] | None = None) -> tzinfo:
    """The one time zone the agent sees every time in (timeline, countdowns, report, CLI).

    ``AGENT_TUI_TZ``, else ``timezone`` in the config file (an IANA name such as ``Europe/Berlin``),
    else the machine's zone (tzlocal), else UTC. Read once, at the edge, and carried in the
    ``Context``; a name that is not a time zone is an error naming where it was set.
    """
    env = os.environ if environ is None else environ
    name, where = env.get(TZ_ENV, "").strip(), TZ_ENV
    if not name:
        name, where = str(_file_settings().get("timezone") or "").strip(), f"{config_file()}: timezone"
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(_("{where} = {name!r} is not a time zone; use an IANA name such as Europe/Berlin, "
                                "America/Sao_Paulo or UTC").format(where=where, name=name)) from None
    try:
        import tzlocal

        return ZoneInfo(tzlocal.get_localzone_name() or "UTC")
    except Exception:  # noqa: BLE001 - an unknown machine zone: UTC, named as such in the header
        return UTC
