"""Engines and transactions for SQLite (embedded default) and PostgreSQL (team mode).

SQLite: WAL, foreign keys, busy_timeout, and ``BEGIN IMMEDIATE`` for every
write transaction, because deferred transactions lose read-then-write updates
between processes (RELIABILITY.md). PostgreSQL: psycopg 3; the password is
supplied per connection by a callback and never stored in the URL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from agent_tui.errors import ConfigError, DatabaseUnavailable

PasswordSource = Callable[[], str | None]

_PASSWORD_IN_URL = re.compile(r"(?P<head>[a-z][a-z0-9+.-]*://[^:/@\s]*:)(?P<pw>[^@\s]*)(?P<tail>@)", re.I)
# ``?password=…`` / ``&sslpassword=…`` in a URL's query, and ``password=…`` / ``password = '…'`` in a
# libpq key=value connection string (quoted values may hold spaces and backslash escapes).
_PASSWORD_PARAM = re.compile(
    r"(?P<head>(?<![a-z0-9_])(?:ssl)?pass(?:word)?\s*=\s*)(?P<pw>'(?:[^'\\]|\\.)*'?|[^\s&;,'\"]+)", re.I)


def mask_url(text: str) -> str:
    """Hide every password in ``text``: ``postgresql://user:***@host``, ``?password=***``, ``password=***``."""
    text = _PASSWORD_IN_URL.sub(lambda m: f"{m['head']}***{m['tail']}", text)
    return _PASSWORD_PARAM.sub(lambda m: f"{m['head']}***", text)


def normalize_url(url: str) -> str:
    url = url.strip()
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


@dataclass
class Database:
    """An engine plus the two kinds of session the services need."""

    engine: Engine
    url_for_display: str
    dialect: str = field(init=False)

    def __post_init__(self) -> None:
        self.dialect = self.engine.dialect.name

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One write transaction: committed on success, rolled back on any error."""
        with _translate_errors(self.url_for_display):
            with Session(self.engine, expire_on_commit=False) as session:
                with session.begin():
                    if self.is_sqlite:
                        session.connection(execution_options={"agent_tui_write": True})
                    yield session
                    if not self.is_sqlite:
                        from agent_tui.store.changes import publish

                        publish(session)  # NOTIFY is transactional: delivered only on commit

    @contextmanager
    def read(self) -> Iterator[Session]:
        with _translate_errors(self.url_for_display):
            with Session(self.engine, expire_on_commit=False) as session:
                yield session

    def dispose(self) -> None:
        self.engine.dispose()

    def watch(self, on_change, on_status=None):
        """Start a background watcher calling ``on_change(Change)`` when other clients commit."""
        from agent_tui.store.changes import PostgresWatcher, SqliteWatcher

        if self.is_sqlite:
            path = self.engine.url.database
            if not path or path == ":memory:":
                return None
            return SqliteWatcher(path, on_change, on_status).start()

        def connect():
            raw = self.engine.raw_connection()
            conn = raw.driver_connection
            raw.detach()  # a dedicated connection, outside the pool, for LISTEN
            return conn

        return PostgresWatcher(connect, on_change, on_status).start()


@contextmanager
def _translate_errors(display_url: str) -> Iterator[None]:
    try:
        yield
    except OperationalError as exc:
        text = str(exc.orig) if exc.orig is not None else str(exc)
        first = mask_url(text.strip().splitlines()[0] if text.strip() else "operational error")
        if "database is locked" in text:
            raise DatabaseUnavailable(f"the database {display_url} is busy (locked by another process); try again") from None
        raise DatabaseUnavailable(f"cannot use the database {display_url}: {first}") from None
    except DBAPIError as exc:
        if exc.connection_invalidated:
            raise DatabaseUnavailable(f"lost the connection to {display_url}; retry") from None
        raise


def open_database(url: str, *, password: PasswordSource | None = None, echo: bool = False) -> Database:
    url = normalize_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError:
        # Not a URL, so mask_url cannot see one: hide whatever sits between a colon and an '@'.
        shown = re.sub(r":[^@\s]*@", ":***@", mask_url(url))
        raise ConfigError(f"not a database URL: {shown!r}") from None
    if parsed.password is not None:
        # Keep secrets out of long-lived strings (they surface in tracebacks):
        # move an inline password into the connect callback.
        inline = parsed.password
        password = lambda: inline  # noqa: E731
        parsed = parsed._replace(password=None)  # URL.set(password=None) keeps the old password
    if "password" in parsed.query:  # postgresql://u@h/db?password=… : the same, out of the URL
        given = parsed.query["password"]
        query_pw = given[-1] if isinstance(given, tuple) else given
        password = lambda: query_pw  # noqa: E731
        parsed = parsed.difference_update_query(["password"])
    display = parsed.render_as_string(hide_password=True)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        engine = _sqlite_engine(parsed, echo)
    elif backend == "postgresql":
        engine = _postgres_engine(parsed, password, echo)
    else:
        raise ConfigError(f"unsupported database {backend!r}: use sqlite:///PATH or postgresql+psycopg://…")
    return Database(engine, display)


def _sqlite_engine(parsed, echo: bool) -> Engine:
    db = parsed.database
    if db and db != ":memory:":
        Path(db).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed, echo=echo, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # pragma: no cover - exercised by every test
        dbapi_connection.isolation_level = None  # let SQLAlchemy's begin event emit BEGIN
        cur = dbapi_connection.cursor()
        if db and db != ":memory:":
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        if conn.get_execution_options().get("agent_tui_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")

    return engine


def _postgres_engine(parsed, password: PasswordSource | None, echo: bool) -> Engine:
    engine = create_engine(parsed, echo=echo, pool_pre_ping=True, connect_args={"connect_timeout": 5})

    @event.listens_for(engine, "do_connect")
    def _supply_password(_dialect, _record, _cargs, cparams) -> None:
        if password is not None and "password" not in cparams:
            secret = password()
            if secret:
                cparams["password"] = secret

    return engine
