"""A sweep and customer messages on the same tickets at once (PostgreSQL row locks).

The sweep used to lock the due timers first and then each ticket, while a
customer message locks the ticket and then updates its timers: the two waited
on each other and PostgreSQL aborted one ("deadlock detected"), losing the
customer's text. Locks are now taken in one order everywhere: ticket, then its
timers.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlmodel import select

from agent_tui.domain.clock import FixedClock
from agent_tui.services.context import Context
from agent_tui.store.models import AuditEvent, Message, Ticket, Timer
from tests.concurrency._store import bulk_tickets, clone_ticket, make_pending, shared_store
from tests.concurrency._workers import run_workers, sweep_or_messages
from tests.conftest import T0

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

TICKETS = 200


def _deadlocks(db) -> int:
    with db.engine.connect() as conn:
        conn.execute(text("SELECT pg_stat_clear_snapshot()"))
        return int(conn.execute(text("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"))
                   .scalar_one())


@pytest.mark.parametrize("backend", [pytest.param("postgres", marks=pytest.mark.postgres)])
def test_sweep_and_customer_messages_on_the_same_tickets_lose_nothing(backend, tmp_path):
    db, url, system = shared_store(backend, tmp_path)
    numbers = bulk_tickets(system, 1)
    make_pending(Context(db, FixedClock(T0 + timedelta(hours=1)), "alice"), numbers, "alice")
    with db.transaction() as s:
        numbers += clone_ticket(s, numbers[0], TICKETS - 1)
    with db.read() as s:
        latest = max(t.due_at for t in s.exec(select(Timer).where(Timer.state == "pending")).all())
    at = latest + timedelta(minutes=1)  # every ticket's auto-solve is due
    deadlocks_before = _deadlocks(db)

    half = TICKETS // 2
    results = run_workers(sweep_or_messages, [
        ("sweep", url, at, []),
        ("messages", url, at, numbers[:half]),
        ("messages", url, at, numbers[half:]),
    ], timeout=180)

    sweep_report, *senders = results
    assert [e for r in senders for e in r["errors"]] == []
    assert sorted(n for r in senders for n in r["sent"]) == sorted(numbers)
    with db.read() as s:
        tickets = {t.id: t for t in s.exec(select(Ticket)).all()}
        texts = Counter((m.ticket_id, m.body) for m in s.exec(select(Message).where(Message.kind == "customer")).all())
        solved = Counter(e.ticket_id for e in s.exec(select(AuditEvent).where(AuditEvent.action == "auto_solved")).all())
        autosolve = s.exec(select(Timer).where(Timer.kind == "pending_autosolve")).all()
    for t in tickets.values():  # every customer's text is stored, exactly once
        assert texts[(t.id, f"Still broken on #{t.number}")] == 1, t.number
    assert set(solved.values()) <= {1}  # no ticket auto-solved twice
    assert sum(1 for t in autosolve if t.state == "fired") == sum(solved.values()) == sweep_report["fired"].get(
        "pending_autosolve", 0)
    assert {t.status for t in tickets.values()} == {"open"}  # the customer's message always wins in the end
    time.sleep(0.5)  # the workers' statistics reach pg_stat_database as their backends exit
    assert _deadlocks(db) == deadlocks_before
    db.dispose()

