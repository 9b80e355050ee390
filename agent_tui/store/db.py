"""Engines and transactions for SQLite (embedded default) and PostgreSQL (team mode).

SQLite: WAL, foreign keys, busy_timeout, and ``BEGIN IMMEDIATE`` for every
write transaction, because deferred transactions lose read-then-write updates
between processes (RELIABILITY.md). PostgreSQL: psycopg 3; the password is
supplied per connection by a callback and never stored in the URL.

Transient failures (a lost connection, a deadlock or serialization failure)
are retried by :func:`retry_transient` around a whole use case, but only while
it has provably not committed: every transaction flushes all of its SQL before
it sends COMMIT, and marks that moment, so an error after it is never retried.
"""

from __future__ import annotations

import functools
import random
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import ParamSpec, TypeVar

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DataError, DBAPIError, IntegrityError, OperationalError
from sqlmodel import Session

from agent_tui.domain.text import one_line
from agent_tui.errors import (
    AgentTuiError,
    ConfigError,
    ConnectionLost,
    DatabaseUnavailable,
    InvalidInput,
    TransactionConflict,
)
from agent_tui.i18n import N_, _
# The URL helpers live in store/urls.py (no SQLAlchemy: the CLI masks and resolves URLs before it
# opens anything); imported here for the callers that know them from this module.
from agent_tui.store.urls import mask_url, normalize_url, sqlite_url  # noqa: F401

PasswordSource = Callable[[], str | None]

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
    def batch(self) -> Iterator[Session]:
        """One write transaction around many use cases (the demo build replays hundreds): every
        :meth:`transaction` and :meth:`read` inside it, on this thread, runs in this one session, each
        transaction in a SAVEPOINT (an error rolls that one back) whose rows then leave the session as at
        a commit (the session's cached policies and calendars stay). Nothing is committed until the batch
        ends; an error that leaves it rolls the whole batch back. Only for a store no one else uses yet:
        it holds the write lock throughout."""
        if _BATCH.get() is not None:
            raise RuntimeError("batches do not nest")
        with self.transaction() as session:
            token = _BATCH.set((self, session))
            try:
                yield session
            finally:
                _BATCH.reset(token)

    def _batch_session(self) -> Session | None:
        active = _BATCH.get()
        return active[1] if active is not None and active[0] is self else None

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One write transaction: committed on success, rolled back on any error."""
        batch = self._batch_session()
        if batch is not None:
            with _translate_errors(self.url_for_display, _Stage()):
                with batch.begin_nested():
                    yield batch
                    batch.flush()
                _after_commit_read(batch)
                # Its rows leave the session as they would at a commit (still readable, detached): the
                # next flush need not look through every object the batch ever loaded.
                batch.expunge_all()
            return
        stage = _Stage()
        with _translate_errors(self.url_for_display, stage):
            with Session(self.engine, expire_on_commit=False) as session:
                with session.begin():
                    if self.is_sqlite:
                        session.connection(execution_options={"agent_tui_write": True})
                    yield session
                    if not self.is_sqlite:
                        from agent_tui.store.changes import publish

                        publish(session)  # NOTIFY is transactional: delivered only on commit
                    session.flush()  # every statement runs before COMMIT, so an error up to here saved nothing
                    stage.committing = True
                    for attempt in _ATTEMPTS.get():
                        attempt.commits += 1
                _after_commit_read(session)

    @staticmethod
    def read_after_commit(session: Session, read: Callable[[Session], object]) -> None:
        """Run ``read(session)`` once this transaction has committed, in the same session (its objects and
        caches still there) but a new read transaction: what a use case shows afterwards is read without
        holding the row locks (on SQLite the write lock). Its value is ``session.info['agent_tui_read']``."""
        session.info["agent_tui_after_commit"] = read

    @contextmanager
    def read(self) -> Iterator[Session]:
        batch = self._batch_session()
        if batch is not None:  # a read inside a batch sees what the batch wrote
            yield batch
            return
        with _translate_errors(self.url_for_display, _Stage()):
            with Session(self.engine, expire_on_commit=False) as session:
                yield session

    @contextmanager
    def snapshot(self) -> Iterator[Session]:
        """One read-only transaction that sees the database as of its first read, however long it runs
        (an export): ``REPEATABLE READ, READ ONLY`` on PostgreSQL; on SQLite (WAL) a read transaction is
        a snapshot already. Writers are never blocked by it."""
        with _translate_errors(self.url_for_display, _Stage()):
            with Session(self.engine, expire_on_commit=False) as session:
                if not self.is_sqlite:
                    session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
                    session.execute(text("SET TRANSACTION READ ONLY"))
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


_BATCH: ContextVar[tuple[Database, Session] | None] = ContextVar("agent_tui_batch", default=None)


def _after_commit_read(session: Session) -> None:
    read = session.info.pop("agent_tui_after_commit", None)
    if read is not None:
        session.info["agent_tui_read"] = read(session)


@dataclass
class _Stage:
    committing: bool = False  # COMMIT has been sent (or is about to be): an error now is ambiguous


_RETRYABLE_STATES = {"40P01": N_("a deadlock"), "40001": N_("a conflicting concurrent change")}


def _first_line(exc: DBAPIError) -> str:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    return one_line(mask_url(text.strip().splitlines()[0] if text.strip() else "database error"), 300)


@contextmanager
def _translate_errors(display_url: str, stage: _Stage) -> Iterator[None]:
    """Database errors as one clear line each; a raw SQLAlchemy or driver error never reaches a user."""
    try:
        yield
    except DBAPIError as exc:
        # A dropped connection is an OperationalError too: ask about it first.
        if exc.connection_invalidated:
            if stage.committing:
                raise ConnectionLost(
                    _("lost the connection to {display_url} while saving: the change may or may not have been "
                      "saved; reload and check before doing it again").format(display_url=display_url),
                    during_commit=True) from None
            raise ConnectionLost(_("lost the connection to {display_url} before saving; nothing was saved; "
                                   "try again").format(display_url=display_url)) from None
        state = getattr(exc.orig, "sqlstate", None)
        if state in _RETRYABLE_STATES:
            raise TransactionConflict(_("the database {display_url} aborted the change because of {cause}; "
                                        "nothing was saved; try again").format(display_url=display_url,
                                                                               cause=_(_RETRYABLE_STATES[state]))) from None
        if isinstance(exc, OperationalError):
            if "database is locked" in str(exc):
                raise DatabaseUnavailable(
                    _("the database {display_url} is busy (locked by another process); try again").format(
                        display_url=display_url)) from None
            raise DatabaseUnavailable(_("cannot use the database {display_url}: {reason}").format(
                display_url=display_url, reason=_first_line(exc))) from None
        if isinstance(exc, IntegrityError):
            raise InvalidInput(_("not saved, it would break a rule of the store: {reason}").format(
                reason=_first_line(exc))) from None
        if isinstance(exc, DataError):
            raise InvalidInput(_("the database refused a value: {reason}").format(reason=_first_line(exc))) from None
        raise


def insert_or_ignore(session: Session, model: type, **values: object) -> int | None:
    """``INSERT … ON CONFLICT DO NOTHING``: the new row's id, or None when a unique key already exists.

    The race-free way to create a row that two clients may create at once; on
    PostgreSQL the insert waits for a competing uncommitted insert of the same
    key and then does nothing, so reading the key back afterwards finds it.
    """
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    table = model.__table__
    stmt = insert(table).values(**values).on_conflict_do_nothing().returning(table.c.id)
    return session.execute(stmt).scalar_one_or_none()


# ---------------------------------------------------------------- retrying a whole use case


@dataclass
class _Attempt:
    commits: int = 0  # COMMITs sent during this attempt (by any transaction inside it)


_ATTEMPTS: ContextVar[tuple[_Attempt, ...]] = ContextVar("agent_tui_attempts", default=())

P = ParamSpec("P")
R = TypeVar("R")


def retry_transient(func: Callable[P, R] | None = None, *, attempts: int = 3, backoff: float = 0.05):
    """Run a use case again when the database failed it transiently and it has provably not committed.

    A deadlock or serialization failure (the server rolled the transaction back)
    is retried up to ``attempts`` times in all, with a short random backoff; a
    lost connection once, on a fresh connection (the pool drops the broken
    ones). Nothing is retried once any of its transactions sent COMMIT: the
    error then says whether the change was saved or may have been. Nested use
    cases retry on their own; an error one of them already retried is final.
    """

    def decorate(fn: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(fn)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            lost = 0
            for attempt_no in range(1, attempts + 1):
                attempt = _Attempt()
                token = _ATTEMPTS.set((*_ATTEMPTS.get(), attempt))
                try:
                    return fn(*args, **kwargs)
                except (ConnectionLost, TransactionConflict) as exc:
                    lost += isinstance(exc, ConnectionLost)
                    if exc.retried:
                        raise
                    if attempt.commits and not getattr(exc, "during_commit", False):
                        raise _after_commit(exc) from None
                    if attempt.commits or attempt_no == attempts or lost > 1:
                        if attempt_no > 1:
                            exc.message = f"{exc.message} (tried {attempt_no} times)"
                            exc.args = (exc.message,)
                        exc.retried = True  # final: an enclosing use case does not retry it again
                        raise
                finally:
                    _ATTEMPTS.reset(token)
                time.sleep(backoff * attempt_no * (0.5 + random.random()))
            raise AssertionError("unreachable")  # pragma: no cover

        return run

    return decorate(func) if func is not None else decorate


def _after_commit(exc: AgentTuiError) -> AgentTuiError:
    """The use case had already saved its change when the database failed it: say so, and retry nothing."""
    what = ("the connection to the database was lost" if isinstance(exc, ConnectionLost)
            else "the database aborted a later step")
    error = type(exc)(f"the change was saved, but then {what}; reload to see it")
    error.retried = True
    return error


def open_database(url: str, *, password: PasswordSource | None = None, echo: bool = False) -> Database:
    url = normalize_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError:
        # Not a URL, so mask_url cannot see one: hide whatever sits between a colon and an '@'.
        shown = re.sub(r":[^@\s]*@", ":***@", mask_url(url))
        raise ConfigError(_("not a database URL: {shown!r}").format(shown=shown)) from None
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
        raise ConfigError(_("unsupported database {backend!r}: use sqlite:///PATH or postgresql+psycopg://…").format(
            backend=backend))
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
