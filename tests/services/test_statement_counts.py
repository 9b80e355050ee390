"""How many SQL statements the everyday actions issue (on SQLite), pinned so they cannot creep up
unnoticed. Each count is the whole action: the write transaction with its outbox mail and audit
rows, and the detail the screen shows afterwards. Lower is welcome: change the number down."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from agent_tui.services import ticket_actions as ta
from tests.conftest import new_ticket

# issue 16: request info, a second reply and solve each write one report span (an update clock answered,
# a pause ended) with the change: one INSERT each.
# issue 17: solve indexes the solved ticket for "similar solved tickets": one INSERT OR REPLACE.
# issue 18: policies and calendars cached per process behind one version read per transaction (was one read
# of each), the acting agent looked up once per transaction (take next, the outbox's signature), and the
# timer read no longer flushes the ticket early (one UPDATE of the ticket instead of two); the detail the screen
# shows is read after COMMIT, in a read transaction of its own (one BEGIN more, but the write lock is not held
# while the timeline is read). Before: take_next 21, reply 30, request_info 31, second_reply 27, solve 32.
PINNED = {"take_next": 18, "reply": 28, "request_info": 29, "second_reply": 26, "solve": 31}


@contextmanager
def counting(db):
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


@pytest.fixture
def sqlite_only(backend):
    if backend != "sqlite":
        pytest.skip("the pinned counts are SQLite's (PostgreSQL locks and begins differently)")


def test_everyday_actions_issue_no_more_statements_than_pinned(ctx, sqlite_only):
    d = new_ticket(ctx)
    new_ticket(ctx, "Second ticket")
    counts = {}
    for label, run in (("take_next", lambda: ta.take_next(ctx)),
                       ("reply", lambda: ta.reply(ctx, d.number, "hello")),
                       ("request_info", lambda: ta.request_info(ctx, d.number, "more?")),
                       ("second_reply", lambda: ta.reply(ctx, d.number, "hello again")),
                       ("solve", lambda: ta.solve(ctx, d.number, "fixed", "done"))):
        with counting(ctx.db) as seen:
            run()
        counts[label] = len(seen)
    assert counts == PINNED
