"""One firing: five sweeps started at the same instant fire each due timer once (RELIABILITY.md, promise 3)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from sqlmodel import select

from agent_tui.domain.clock import FixedClock
from agent_tui.services.context import Context
from agent_tui.store.models import AuditEvent, Ticket, Timer
from tests.concurrency._store import bulk_tickets, clone_ticket, make_pending, shared_store
from tests.concurrency._workers import run_workers, sweep_once
from tests.conftest import T0

pytestmark = pytest.mark.slow

TICKETS = 300
SWEEPERS = 5


def test_five_concurrent_sweeps_fire_each_timer_once(backend, tmp_path):
    db, url, system = shared_store(backend, tmp_path)
    numbers = bulk_tickets(system, 1)
    make_pending(Context(db, FixedClock(T0 + timedelta(hours=1)), "alice"), numbers, "alice")
    with db.transaction() as s:  # the template is pending with its auto-solve timer; copy it in SQL
        numbers += clone_ticket(s, numbers[0], TICKETS - 1)
    with db.read() as s:
        due = s.exec(select(Timer).where(Timer.state == "pending")).all()
        assert len({t.ticket_id for t in due}) == TICKETS
        assert {t.kind for t in due} == {"pending_autosolve"}
        latest = max(t.due_at for t in due)
    at = latest + timedelta(minutes=1)  # every ticket is past its auto-solve time

    reports = run_workers(sweep_once, [(url, at)] * SWEEPERS, timeout=120)

    fired = sum(r["fired"].get("pending_autosolve", 0) for r in reports)
    assert fired == TICKETS, [r["fired"] for r in reports]
    swept = [n for r in reports for n in r["tickets"]]
    assert sorted(swept) == sorted(numbers)  # no ticket reported by two sweeps
    with db.read() as s:
        ids = {t.id: t for t in s.exec(select(Ticket)).all()}
        solved = Counter(e.ticket_id for e in s.exec(select(AuditEvent).where(AuditEvent.action == "auto_solved")).all())
        autosolve = s.exec(select(Timer).where(Timer.kind == "pending_autosolve")).all()
        autoclose = s.exec(select(Timer).where(Timer.kind == "solved_autoclose")).all()
    assert set(solved) == set(ids) and set(solved.values()) == {1}  # one event per ticket
    assert [t.state for t in autosolve] == ["fired"] * TICKETS  # each timer fired once, none cancelled
    assert {t.fired_at for t in autosolve} == {at}
    assert {(t.status, t.outcome) for t in ids.values()} == {("solved", "no_customer_response")}
    assert len(autoclose) == TICKETS and {t.state for t in autoclose} == {"pending"}  # the next countdown started
    db.dispose()
