"""One owner: "take next" never hands the same ticket to two agents (RELIABILITY.md, promise 3).

A plain ``SELECT … LIMIT 1`` then ``UPDATE`` gave 791 double assignments under
20 PostgreSQL workers; ``FOR UPDATE SKIP LOCKED`` (PostgreSQL) and
``BEGIN IMMEDIATE`` (SQLite) must give each ticket to exactly one agent.
"""

from __future__ import annotations

from collections import Counter

import pytest
from sqlmodel import select

from agent_tui.services import agents as agent_svc
from agent_tui.store.models import Agent, AuditEvent, Ticket
from tests.concurrency._store import bulk_tickets, clone_ticket, shared_store
from tests.concurrency._workers import run_workers, take_all
from tests.conftest import T0

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(("backend", "workers", "tickets"), [
    pytest.param("postgres", 20, 1000, marks=pytest.mark.postgres, id="postgres-20x1000"),
    pytest.param("sqlite", 4, 200, id="sqlite-4x200"),
])
def test_take_next_gives_every_ticket_to_exactly_one_agent(backend, workers, tickets, tmp_path):
    db, url, system = shared_store(backend, tmp_path)
    names = [f"worker{i:02d}" for i in range(workers)]
    for name in names:
        agent_svc.upsert_agent(system, name, "tier1")
    numbers = bulk_tickets(system, 1)  # one through the services, the rest copied from it in SQL
    with db.transaction() as s:
        numbers += clone_ticket(s, numbers[0], tickets - 1)
    with db.read() as s:
        assert set(s.exec(select(Ticket.tier)).all()) == {"tier1"}

    taken = run_workers(take_all, [(url, name, T0) for name in names], timeout=120)

    flat = [n for got in taken for n in got]
    twice = [n for n, c in Counter(flat).items() if c > 1]
    assert not twice, f"{len(twice)} tickets were handed out more than once, e.g. {twice[:5]}"
    assert sorted(flat) == sorted(numbers)  # all taken, none invented
    with db.read() as s:
        agents = {a.id: a.name for a in s.exec(select(Agent)).all()}
        owner = {t.number: agents.get(t.assignee_id) for t in s.exec(select(Ticket)).all()}
        assigned = Counter(e.ticket_id for e in s.exec(select(AuditEvent).where(AuditEvent.action == "assigned")).all())
        statuses = set(s.exec(select(Ticket.status)).all())
    for name, got in zip(names, taken, strict=True):
        assert all(owner[n] == name for n in got)  # the database agrees with what each agent was shown
    assert set(assigned.values()) == {1} and len(assigned) == tickets  # one assignment event per ticket
    assert statuses == {"open"}
    db.dispose()
