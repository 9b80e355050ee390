"""No acknowledged write is lost when two processes read-then-write (RELIABILITY.md, promise 2).

SQLAlchemy starts SQLite transactions deferred; without ``BEGIN IMMEDIATE`` two
processes doing 200 increments each lost 295 of 400. ``Database.transaction()``
must serialise them, and ``expected_version`` must refuse a stale edit.
"""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from agent_tui.domain.clock import FixedClock
from agent_tui.domain.severity import Severity
from agent_tui.errors import StaleTicket
from agent_tui.services import ticket_actions as ta
from agent_tui.services import ticket_queries as tq
from agent_tui.services.context import Context
from agent_tui.store.models import AuditEvent, Message, Setting
from tests.concurrency._store import bulk_tickets, shared_store
from tests.concurrency._workers import add_notes, increment_counter, run_workers
from tests.conftest import T0

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("backend", ["sqlite"])
def test_two_processes_200_increments_each_lose_nothing(backend, tmp_path):
    db, url, _ = shared_store(backend, tmp_path)
    with db.transaction() as s:
        s.add(Setting(key="concurrency_counter", value="0"))

    done = run_workers(increment_counter, [(url, "concurrency_counter", 200)] * 2)

    assert done == [200, 200]
    with db.read() as s:
        assert s.get(Setting, "concurrency_counter").value == "400"
    db.dispose()


def test_two_processes_100_notes_each_with_version_checks(backend, tmp_path):
    """The service path: each note is sent with the version its agent last saw; a refused one reloads.

    (100 each, not 200: every note reloads the whole ticket, so the cost grows with its history.)
    """
    db, url, system = shared_store(backend, tmp_path)
    number = bulk_tickets(system, 1)[0]
    v0 = tq.get_ticket(system, number).row.version

    results = run_workers(add_notes, [(url, "alice", number, 100, T0), (url, "bob", number, 100, T0)])

    assert [r["notes"] for r in results] == [100, 100]
    detail = tq.get_ticket(system, number)
    assert detail.row.version == v0 + 200  # every note bumped the version exactly once
    with db.read() as s:
        notes = s.exec(select(func.count()).select_from(Message).where(Message.kind == "internal")).one()
        noted = s.exec(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "noted")).one()
    assert (notes, noted) == (200, 200)
    assert {m.body for m in detail.messages if m.kind == "internal"} == {
        f"{who} note {i}" for who in ("alice", "bob") for i in range(100)}
    db.dispose()


def test_stale_expected_version_is_refused_naming_who_changed_what(backend, tmp_path):
    db, _, system = shared_store(backend, tmp_path)
    clock = FixedClock(T0)
    alice, bob = Context(db, clock, "alice"), Context(db, clock, "bob")
    number = bulk_tickets(system, 1)[0]
    seen_by_alice = tq.get_ticket(alice, number).row.version

    clock.advance(minutes=5)
    ta.set_severity(bob, number, Severity.CRITICAL, "production down", expected_version=seen_by_alice)

    with pytest.raises(StaleTicket) as refused:
        ta.note(alice, number, "my note", expected_version=seen_by_alice)
    message = str(refused.value)
    assert f"#{number}" in message
    assert f"your version {seen_by_alice}, now {seen_by_alice + 1}" in message
    assert "bob changed it at 2026-03-02 09:05 UTC" in message
    assert "severity overridden (severity: general_question → critical)" in message
    assert not [m for m in tq.get_ticket(alice, number).messages if m.kind == "internal"]  # nothing written
    db.dispose()
