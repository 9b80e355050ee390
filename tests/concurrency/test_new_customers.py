"""Two clients meeting the same new customer (or adding the same agent) at once make one row, and no error.

``_find_or_create_customer`` used to look up, then insert, with no lock: on
PostgreSQL two processes made duplicate customers for the same new e-mail, and
with the same new customer number one of them failed with a raw IntegrityError
and its ticket was never created. The normalised e-mail and the customer number
are unique in the schema now, and creation is an insert-on-conflict.
"""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func
from sqlmodel import select

from agent_tui.store.models import Agent, AuditEvent, Customer, Ticket
from tests.concurrency._store import shared_store
from tests.concurrency._workers import add_agents, run_workers, tickets_for_new_customers
from tests.conftest import T0

pytestmark = pytest.mark.slow

ROUNDS = 30


def _check(db, results, key: str, expected_keys: set[str]) -> None:
    assert [e for r in results for e in r["errors"]] == []
    assert all(len(r["created"]) == ROUNDS for r in results)
    with db.read() as s:
        customers = s.exec(select(Customer)).all()
        per_key = Counter(getattr(c, key) for c in customers)
        tickets = s.exec(select(Ticket)).all()
    assert {k for k in per_key if k in expected_keys} == expected_keys
    assert {per_key[k] for k in expected_keys} == {1}  # exactly one customer row each
    assert len(tickets) == 2 * ROUNDS  # every ticket created
    ids = {c.id: getattr(c, key) for c in customers}
    assert Counter(ids[t.customer_id] for t in tickets) == {k: 2 for k in expected_keys}


def test_two_clients_creating_tickets_for_the_same_new_email_make_one_customer(backend, tmp_path):
    db, url, _ = shared_store(backend, tmp_path)
    emails = [f"new{i}@brightlane.example" for i in range(ROUNDS)]
    # The second client writes the same address with other case and spacing: it is the same person.
    results = run_workers(tickets_for_new_customers, [
        (url, "a", [{"email": e, "name": "New Customer"} for e in emails], T0),
        (url, "b", [{"email": f"  {e.upper()} "} for e in emails], T0),
    ], timeout=120)
    _check(db, results, "email", set(emails))
    db.dispose()


def test_two_clients_creating_tickets_for_the_same_new_customer_number_make_one_customer(backend, tmp_path):
    db, url, _ = shared_store(backend, tmp_path)
    numbers = [f"C-9{i:04d}" for i in range(ROUNDS)]
    results = run_workers(tickets_for_new_customers, [
        (url, "a", [{"customer_number": n, "name": "Brightlane"} for n in numbers], T0),
        (url, "b", [{"customer_number": n, "email": f"ops{i}@brightlane.example"} for i, n in enumerate(numbers)],
         T0),
    ], timeout=120)
    _check(db, results, "customer_number", set(numbers))
    db.dispose()


def test_two_clients_adding_the_same_agents_make_one_row_each(backend, tmp_path):
    db, url, _ = shared_store(backend, tmp_path)
    names = [f"agent{i}" for i in range(ROUNDS)]
    results = run_workers(add_agents, [(url, names, T0), (url, names, T0)], timeout=120)
    assert [e for r in results for e in r["errors"]] == []
    with db.read() as s:
        rows = s.exec(select(Agent).where(Agent.name.in_(names))).all()
        added = s.exec(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "agent_added",
                                                                         AuditEvent.actor == "admin")).one()
    assert sorted(a.name for a in rows) == sorted(names)
    assert {(a.name, a.tier, a.display_name) for a in rows} == {(n, "tier2", n.title()) for n in names}
    assert added == ROUNDS  # one "agent_added" per agent, however many clients added it
    db.dispose()
