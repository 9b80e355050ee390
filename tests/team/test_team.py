"""Team mode: change notifications, two sessions racing on one ticket, presence, watcher reconnects.

Each "agent" is its own :class:`Context` with its own engine (as a separate
process would have). PostgreSQL variants carry the ``postgres`` marker.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from datetime import timedelta

import pytest

from agent_tui.errors import StaleTicket
from agent_tui.services import presence
from agent_tui.services import ticket_actions as ta
from agent_tui.services import ticket_queries as tq
from agent_tui.services.context import Context
from agent_tui.store.changes import CHANNEL, Change, PostgresWatcher, parse_payload
from agent_tui.store.db import open_database
from tests.conftest import PG_SKIP, PG_URL, new_ticket


@pytest.fixture
def bob(ctx: Context):
    db = open_database(ctx.db.engine.url.render_as_string(hide_password=False))
    yield Context(db, ctx.clock, "bob")
    db.dispose()


class Collector:
    def __init__(self) -> None:
        self.changes: list[Change] = []
        self.statuses: list[str] = []
        self.lock = threading.Lock()

    def change(self, c: Change) -> None:
        with self.lock:
            self.changes.append(c)

    def status(self, s: str) -> None:
        with self.lock:
            self.statuses.append(s)

    def wait(self, pred, timeout: float = 3.0) -> float:
        start = time.monotonic()
        while not pred():
            if time.monotonic() - start > timeout:
                raise AssertionError(f"not within {timeout} s: changes={self.changes} statuses={self.statuses}")
            time.sleep(0.02)
        return time.monotonic() - start


class TestChangeNotifications:
    def test_another_sessions_commit_reaches_the_watcher_within_a_second(self, ctx, bob):
        t = new_ticket(ctx)
        got = Collector()
        watcher = ctx.db.watch(got.change, got.status)
        try:
            if not ctx.db.is_sqlite:
                got.wait(lambda: "live" in got.statuses)
            else:
                time.sleep(0.1)  # the first data_version read is the baseline
            ta.note(bob, t.number, "seen")
            took = got.wait(lambda: got.changes)
            assert took < 1.0
            if ctx.db.is_sqlite:
                assert got.changes[0] == Change(())  # data_version says "something changed": reload
            else:
                assert got.changes[0] == Change((t.number,), "bob")
        finally:
            if watcher is not None:
                watcher.stop()

    @pytest.mark.parametrize("backend", [pytest.param("postgres", marks=pytest.mark.postgres)])
    def test_a_rolled_back_change_is_not_announced(self, ctx, bob):
        t = new_ticket(ctx)
        got = Collector()
        watcher = ctx.db.watch(got.change, got.status)
        try:
            got.wait(lambda: "live" in got.statuses)
            with pytest.raises(StaleTicket):
                ta.note(bob, t.number, "late", expected_version=t.version - 1)
            time.sleep(0.5)
            assert got.changes == []
        finally:
            watcher.stop()

    def test_payload_parsing_never_raises(self):
        assert parse_payload('{"t": [3, 4], "a": ["bob"]}') == Change((3, 4), "bob")
        for bad in ("", "[]", "{", '{"t": ["x"]}', "null"):
            assert parse_payload(bad) == Change(())


class TestRace:
    def test_two_sessions_race_one_wins_the_other_is_told_who_and_what(self, ctx, bob):
        t = new_ticket(ctx)
        ta.assign(ctx, t.number)
        version = tq.get_ticket(ctx, t.number).version
        barrier = threading.Barrier(2)
        results: dict[str, object] = {}

        def act(who: Context, text: str) -> None:
            barrier.wait()
            try:
                results[who.actor] = ta.reply(who, t.number, text, expected_version=version)
            except StaleTicket as exc:
                results[who.actor] = exc

        threads = [threading.Thread(target=act, args=(c, f"answer from {c.actor}")) for c in (ctx, bob)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        stale = [v for v in results.values() if isinstance(v, StaleTicket)]
        won = [k for k, v in results.items() if not isinstance(v, StaleTicket)]
        assert len(stale) == 1 and len(won) == 1
        assert won[0] in stale[0].message and "replied" in stale[0].message
        bodies = [m.body for m in tq.get_ticket(ctx, t.number).messages]
        assert bodies.count(f"answer from {won[0]}") == 1
        assert not any(b.startswith("answer from") and won[0] not in b for b in bodies)


class TestPresence:
    def test_viewers_heartbeat_leave_and_expiry(self, ctx, bob, clock):
        t = new_ticket(ctx)
        presence.heartbeat(ctx, t.number, "a1")
        presence.heartbeat(bob, t.number, "b1")
        assert presence.viewers(ctx, t.number, "a1") == ["bob"]
        assert presence.viewers(bob, t.number, "b1") == ["alice"]
        presence.heartbeat(ctx, t.number, "a2")  # alice in a second window counts as someone else
        assert presence.viewers(ctx, t.number, "a1") == ["alice", "bob"]
        presence.leave(ctx, t.number, "a2")
        assert presence.viewers(ctx, t.number, "a1") == ["bob"]
        clock.advance(seconds=46)
        presence.heartbeat(ctx, t.number, "a1")
        assert presence.viewers(ctx, t.number, "a1") == []  # bob stopped heartbeating: gone


# ------------------------------------------------------------------ the watcher's reconnect loop


class FakeConn:
    def __init__(self, notes: list[str], then_drop: bool = True) -> None:
        self.autocommit = False
        self.notes = list(notes)
        self.then_drop = then_drop
        self.closed = False
        self.listened = ""

    def execute(self, sql: str) -> None:
        self.listened = sql

    def notifies(self, timeout: float, stop_after: int):
        class Note:
            def __init__(self, payload: str) -> None:
                self.payload = payload

        while self.notes:
            yield Note(self.notes.pop(0))
        if self.then_drop:
            raise OSError("server closed the connection unexpectedly")
        time.sleep(timeout)

    def close(self) -> None:
        self.closed = True


class TestWatcherReconnect:
    def test_fails_then_connects_drops_then_reconnects_and_asks_for_a_reload(self):
        conns = [FakeConn(['{"t": [7], "a": ["bob"]}']), FakeConn([], then_drop=False)]
        attempts: list[int] = []

        def connect():
            attempts.append(1)
            if len(attempts) == 1:
                raise OSError("connection refused\nsecond line")
            return conns.pop(0)

        got = Collector()
        w = PostgresWatcher(connect, got.change, got.status).start()
        try:
            got.wait(lambda: got.statuses.count("live") >= 2 and len(got.changes) >= 2, timeout=5)
        finally:
            w.stop()
        assert got.statuses[0] == "offline: connection refused"
        assert got.statuses[1] == "live"
        assert got.statuses[2].startswith("reconnecting: server closed")
        assert got.statuses[3] == "live"
        assert got.changes == [Change((7,), "bob"), Change(())]  # the reload-all follows the reconnect


@pytest.mark.postgres
@pytest.mark.pg_restart
@pytest.mark.skipif(os.environ.get("AGENT_TUI_TEST_PG_RESTART") != "1",
                    reason="restarts the shared PostgreSQL server: set AGENT_TUI_TEST_PG_RESTART=1")
def test_real_server_restart_reconnects_and_reloads(tmp_path):
    if not PG_URL:
        pytest.skip(PG_SKIP)
    db = open_database(PG_URL)
    got = Collector()
    w = db.watch(got.change, got.status)
    try:
        got.wait(lambda: "live" in got.statuses, timeout=10)
        version = sorted(os.listdir("/etc/postgresql"))[0]
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True,
                       capture_output=True, timeout=60)
        got.wait(lambda: any(s.startswith(("reconnecting", "offline")) for s in got.statuses), timeout=15)
        got.wait(lambda: got.statuses[-1] == "live" and Change(()) in got.changes, timeout=30)
        with db.transaction() as s:  # NOTIFY works again on the new connection
            from sqlalchemy import text

            s.execute(text("SELECT pg_notify(:c, :p)"), {"c": CHANNEL, "p": '{"t": [42], "a": ["x"]}'})
        got.wait(lambda: Change((42,), "x") in got.changes, timeout=5)
    finally:
        w.stop()
        db.dispose()
