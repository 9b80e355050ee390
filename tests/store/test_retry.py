"""Transient database failures: a lost connection or a deadlock never loses a call that had not committed.

On PostgreSQL the session's server process is killed with ``pg_terminate_backend``
between calls, in the middle of a transaction and while it commits; a deadlock
is raised by the server itself (SQLSTATE 40P01). A use case is run again only
while it has provably not committed, so nothing is ever written twice.
"""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, text
from sqlmodel import select

from agent_tui.errors import ConnectionLost, TransactionConflict
from agent_tui.services import ticket_actions as ta
from agent_tui.services import ticket_base as tb
from agent_tui.services import intake as ti
from agent_tui.services import ticket_queries as tq
from agent_tui.store.db import open_database, retry_transient
from agent_tui.store.models import AuditEvent, Message, Setting
from tests.conftest import PG_URL, new_ticket

ON_POSTGRES = pytest.mark.parametrize("backend", [pytest.param("postgres", marks=pytest.mark.postgres)])


def _kill(pid: int) -> None:
    admin = open_database(PG_URL)
    try:
        with admin.engine.connect() as conn:
            assert conn.execute(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid}).scalar()
    finally:
        admin.dispose()


def _pid(connection) -> int:
    return connection.connection.dbapi_connection.info.backend_pid


class Sabotage:
    """Fail the next ``times`` statements containing ``marker`` (or the next COMMITs) on this engine."""

    def __init__(self, db, marker: str | None, *, how: str = "kill", times: int = 1) -> None:
        self.engine, self.marker, self.how, self.left = db.engine, marker, how, times
        self.seen = 0  # statements containing the marker (or COMMITs) that reached the engine
        if marker is None:
            event.listen(self.engine, "commit", self._on_commit)
        else:
            event.listen(self.engine, "before_cursor_execute", self._on_statement, retval=True)

    def _on_statement(self, conn, _cursor, statement, parameters, _context, _many):
        if self.marker not in statement:
            return statement, parameters
        self.seen += 1
        if self.left <= 0:
            return statement, parameters
        self.left -= 1
        if self.how == "deadlock":  # the server itself reports the deadlock, as PostgreSQL's detector does
            return "DO $$ BEGIN RAISE EXCEPTION 'deadlock detected' USING ERRCODE = '40P01'; END $$", {}
        _kill(_pid(conn))
        return statement, parameters

    def _on_commit(self, conn) -> None:
        self.seen += 1
        if self.left > 0:
            self.left -= 1
            _kill(_pid(conn))

    def remove(self) -> None:
        if self.marker is None:
            event.remove(self.engine, "commit", self._on_commit)
        else:
            event.remove(self.engine, "before_cursor_execute", self._on_statement)


def _messages(ctx, number: int, kind: str) -> list[str]:
    with ctx.db.read() as s:
        tid = tb.load_ticket(s, number, lock=False).id
        return list(s.exec(select(Message.body).where(Message.ticket_id == tid, Message.kind == kind)).all())


def _audits(ctx, number: int, action: str) -> int:
    with ctx.db.read() as s:
        tid = tb.load_ticket(s, number, lock=False).id
        return int(s.exec(select(func.count()).select_from(AuditEvent)
                          .where(AuditEvent.ticket_id == tid, AuditEvent.action == action)).one())


@ON_POSTGRES
class TestKilledConnection:
    def test_a_connection_lost_inside_a_transaction_is_named_as_such(self, db):
        with pytest.raises(ConnectionLost, match="lost the connection to .* before saving; nothing was saved"):
            with db.transaction() as s:
                _kill(_pid(s.connection()))
                s.execute(text("SELECT 1"))

    def test_a_call_after_the_pooled_connection_was_killed_succeeds(self, ctx):
        number = new_ticket(ctx).row.number
        with ctx.db.engine.connect() as conn:
            pid = _pid(conn)  # the connection goes back to the pool, where it is killed
        _kill(pid)
        ta.note(ctx, number, "checked the logs")
        assert _messages(ctx, number, "internal") == ["checked the logs"]

    def test_a_read_killed_midway_is_retried_on_a_fresh_connection(self, ctx):
        number = new_ticket(ctx).row.number
        expected = tq.get_ticket(ctx, number)
        killer = Sabotage(ctx.db, "FROM messages")
        try:
            detail = tq.get_ticket(ctx, number)
        finally:
            killer.remove()
        assert killer.seen == 2  # failed once, then read again
        assert detail == expected

    def test_a_write_killed_before_commit_is_retried_and_saved_once(self, ctx):
        number = new_ticket(ctx).row.number
        version = tq.get_ticket(ctx, number).row.version
        killer = Sabotage(ctx.db, "INSERT INTO messages")
        try:
            detail = ta.note(ctx, number, "checked the logs", expected_version=version)
        finally:
            killer.remove()
        assert killer.seen == 2
        assert detail.row.version == version + 1
        assert _messages(ctx, number, "internal") == ["checked the logs"]
        assert _audits(ctx, number, "noted") == 1

    def test_a_write_killed_while_committing_is_not_repeated(self, ctx):
        number = new_ticket(ctx).row.number
        killer = Sabotage(ctx.db, None)
        try:
            with pytest.raises(ConnectionLost, match="while saving: the change may or may not have been saved"):
                ta.note(ctx, number, "checked the logs")
        finally:
            killer.remove()
        assert killer.seen == 1  # COMMIT was sent once and the call was not run again
        assert _messages(ctx, number, "internal") == []  # the server died before the COMMIT reached it

    def test_a_call_that_loses_its_connection_twice_gives_one_clear_error(self, ctx):
        number = new_ticket(ctx).row.number
        killer = Sabotage(ctx.db, "INSERT INTO messages", times=2)
        try:
            with pytest.raises(ConnectionLost, match=r"nothing was saved; try again \(tried 2 times\)"):
                ta.note(ctx, number, "checked the logs")
        finally:
            killer.remove()
        assert killer.seen == 2
        assert _messages(ctx, number, "internal") == []


@ON_POSTGRES
class TestCustomerMessageSurvivesTransientErrors:
    def test_a_customer_message_hit_by_a_deadlock_is_retried_and_stored_once(self, ctx):
        number = new_ticket(ctx).row.number
        deadlock = Sabotage(ctx.db, "INSERT INTO messages", how="deadlock")
        try:
            ti.customer_message(ctx, number, "It still does not print.")
        finally:
            deadlock.remove()
        assert deadlock.seen == 2
        assert _messages(ctx, number, "customer").count("It still does not print.") == 1
        assert _audits(ctx, number, "customer_replied") == 1

    def test_a_customer_message_hit_by_a_dropped_connection_is_retried_and_stored_once(self, ctx):
        number = new_ticket(ctx).row.number
        killer = Sabotage(ctx.db, "INSERT INTO audit_events")
        try:
            ti.customer_message(ctx, number, "It still does not print.")
        finally:
            killer.remove()
        assert _messages(ctx, number, "customer").count("It still does not print.") == 1
        assert _audits(ctx, number, "customer_replied") == 1

    def test_three_deadlocks_in_a_row_give_up_with_a_clear_error_and_nothing_half_written(self, ctx):
        number = new_ticket(ctx).row.number
        deadlock = Sabotage(ctx.db, "INSERT INTO messages", how="deadlock", times=3)
        try:
            with pytest.raises(TransactionConflict, match=r"a deadlock; nothing was saved; try again \(tried 3"):
                ti.customer_message(ctx, number, "It still does not print.")
        finally:
            deadlock.remove()
        assert deadlock.seen == 3
        assert "It still does not print." not in _messages(ctx, number, "customer")
        assert _audits(ctx, number, "customer_replied") == 0


class TestRetryTransient:
    def test_a_use_case_that_failed_transiently_runs_again(self, db):
        calls = []

        @retry_transient
        def flaky() -> str:
            calls.append(1)
            if len(calls) == 1:
                raise TransactionConflict("aborted because of a deadlock; nothing was saved; try again")
            with db.transaction() as s:
                s.add(Setting(key="flaky", value=str(len(calls))))
            return "done"

        assert flaky() == "done"
        assert len(calls) == 2
        with db.read() as s:
            assert s.get(Setting, "flaky").value == "2"

    def test_a_use_case_that_already_committed_is_never_run_again(self, db):
        calls = []

        @retry_transient
        def saves_then_fails() -> None:
            calls.append(1)
            with db.transaction() as s:
                s.add(Setting(key=f"saved-{len(calls)}", value="x"))
            raise ConnectionLost("lost the connection before saving; nothing was saved; try again")

        with pytest.raises(ConnectionLost, match="the change was saved, but then the connection"):
            saves_then_fails()
        assert len(calls) == 1
        with db.read() as s:
            assert [r.key for r in s.exec(select(Setting).where(Setting.key.startswith("saved-")))] == ["saved-1"]

    def test_a_lost_connection_is_retried_once_and_a_deadlock_up_to_three_times(self):
        lost, conflict = [], []

        @retry_transient
        def always_lost() -> None:
            lost.append(1)
            raise ConnectionLost("lost the connection before saving; nothing was saved; try again")

        @retry_transient(attempts=3)
        def always_conflicting() -> None:
            conflict.append(1)
            raise TransactionConflict("aborted because of a deadlock; nothing was saved; try again")

        with pytest.raises(ConnectionLost, match=r"\(tried 2 times\)"):
            always_lost()
        with pytest.raises(TransactionConflict, match=r"\(tried 3 times\)"):
            always_conflicting()
        assert (len(lost), len(conflict)) == (2, 3)

    def test_a_nested_use_case_that_gave_up_is_not_retried_again_by_its_caller(self):
        inner_calls = []

        @retry_transient
        def inner() -> None:
            inner_calls.append(1)
            raise TransactionConflict("aborted because of a deadlock; nothing was saved; try again")

        @retry_transient
        def outer() -> None:
            inner()

        with pytest.raises(TransactionConflict):
            outer()
        assert len(inner_calls) == 3
