"""Queue pages by key, in both orders, on both backends: paging forward and backward through the
whole queue by the keys of the rows held meets every ticket once, in the order's sequence, with
filters, ties and tickets without a deadline; and each order's page is an index range scan."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy import bindparam, text

from agent_tui.services import intake as ti
from agent_tui.services import ticket_queries as tq
from agent_tui.services.ticket_queries import PageRequest, QueueFilter
from agent_tui.store.types import UTCDateTime

from tests.conftest import T0

STATUSES = {"new": 0, "open": 0, "pending": 1, "on_hold": 1, "solved": 2, "closed": 2}


def _store(ctx, n: int = 57) -> list[dict]:
    """``n`` tickets with mixed statuses, tiers, shared deadlines and arrival times (ties included), and a
    few active ones without a deadline; returns what each row holds, to compute the expected orders."""
    rng = random.Random(7)
    customer = ti.CustomerInput(email="bulk@example.com", name="Bulk")
    with ctx.db.transaction() as s:
        numbers = [ti.create_in_session(s, ctx, f"Ticket {i}", "b", customer) for i in range(n)]
    rows = []
    with ctx.db.transaction() as s:
        for i, number in enumerate(numbers):
            status = rng.choice(list(STATUSES))
            urgency = STATUSES[status]
            due = None if urgency == 2 or i % 11 == 3 else T0 + timedelta(hours=rng.choice([1, 2, 2, 5, 9]))
            created = T0 - timedelta(hours=rng.choice([1, 3, 3, 8, 20]))
            tier = rng.choice(["tier1", "tier2"])
            s.execute(text("UPDATE tickets SET status = :st, urgency = :u, sla_due_at = :due, created_at = :c, "
                           "tier = :tier WHERE number = :n").bindparams(bindparam("due", type_=UTCDateTime),
                                                                        bindparam("c", type_=UTCDateTime)),
                      {"st": status, "u": urgency, "due": due, "c": created, "tier": tier, "n": number})
            rows.append({"number": number, "status": status, "urgency": urgency, "due": due, "created": created,
                         "tier": tier})
    with ctx.db.read() as s:  # the ids, for the tie-break
        ids = dict(s.execute(text("SELECT number, id FROM tickets")).all())
    for r in rows:
        r["id"] = ids[r["number"]]
    return rows


def expected(rows: list[dict], f: QueueFilter) -> list[int]:
    keep = [r for r in rows if (not f.statuses or r["status"] in f.statuses) and (not f.tiers or r["tier"] in f.tiers)]
    if f.order == "arrival":
        keep.sort(key=lambda r: (r["created"], r["id"]))
    else:  # by urgency class; within it the tickets without a deadline first, then by deadline; then id
        keep.sort(key=lambda r: (r["urgency"], r["due"] is not None, r["due"] or T0, r["id"]))
    return [r["number"] for r in keep]


FILTERS = [QueueFilter(), QueueFilter(statuses=()), QueueFilter(tiers=("tier2",)), QueueFilter(order="arrival"),
           QueueFilter(order="arrival", statuses=()), QueueFilter(order="arrival", statuses=("pending",)),
           QueueFilter(order="arrival", tiers=("tier1",))]


@pytest.mark.parametrize("f", FILTERS, ids=lambda f: f"{f.order}-{len(f.statuses)}st-{','.join(f.tiers)}")
def test_paging_forward_and_backward_by_key_meets_every_ticket_once_in_order(ctx, f):
    rows = _store(ctx)
    want = expected(rows, f)
    assert len(want) > 7
    page = tq.queue_page(ctx, f, PageRequest(limit=5))
    seen = [r.number for r in page.rows]
    assert page.more_before is False
    while page.more_after:
        page = tq.queue_page(ctx, f, PageRequest(limit=5, after=page.keys[-1]))
        seen += [r.number for r in page.rows]
    assert seen == want
    assert tq.count_tickets(ctx, f) == len(want)

    page = tq.queue_page(ctx, f, PageRequest(limit=5, last=True))
    back = [r.number for r in page.rows]
    assert page.more_after is False
    while page.more_before:
        page = tq.queue_page(ctx, f, PageRequest(limit=5, before=page.keys[0]))
        back = [r.number for r in page.rows] + back
    assert back == want


@pytest.mark.parametrize("order", ["urgency", "arrival"])
def test_a_window_from_a_key_includes_it_and_skip_passes_over_rows_next_to_the_key(ctx, order):
    rows = _store(ctx)
    f = QueueFilter(statuses=(), order=order)
    want = expected(rows, f)
    first = tq.queue_page(ctx, f, PageRequest(limit=10))
    assert [r.number for r in first.rows] == want[:10]
    again = tq.queue_page(ctx, f, PageRequest(limit=10, start=first.keys[4]))  # a reload keeps the row
    assert [r.number for r in again.rows] == want[4:14]
    jump = tq.queue_page(ctx, f, PageRequest(limit=10, after=first.keys[-1], skip=7))
    assert [r.number for r in jump.rows] == want[17:27]
    before = tq.queue_page(ctx, f, PageRequest(limit=3, before=jump.keys[0], skip=2))
    assert [r.number for r in before.rows] == want[12:15]
    assert tq.queue_page(ctx, f, PageRequest(limit=10, skip=3)).rows[0].number == want[3]


def test_a_key_of_one_order_is_refused_by_the_other(ctx):
    from agent_tui.errors import InvalidInput

    _store(ctx, 5)
    key = tq.queue_page(ctx, QueueFilter(statuses=()), PageRequest(limit=1)).keys[0]
    with pytest.raises(InvalidInput):
        tq.queue_page(ctx, QueueFilter(statuses=(), order="arrival"), PageRequest(after=(9, 1)))
    with pytest.raises(InvalidInput):
        tq.queue_page(ctx, QueueFilter(order="sideways"), PageRequest(after=key))


def test_list_tickets_takes_the_arrival_order_too(ctx):
    rows = _store(ctx)
    f = QueueFilter(order="arrival")
    assert [r.number for r in tq.list_tickets(ctx, f, limit=1000)] == expected(rows, f)


def _plan(ctx, f: QueueFilter, request: PageRequest) -> str:
    """The query plan of the page's first statement, as the database explains it."""
    statements: list[str] = []
    from sqlalchemy import event

    def keep(conn, cursor, statement, parameters, context, executemany):
        if "FROM tickets" in statement and "ORDER BY" in statement and not statements:
            statements.append((statement, parameters))

    event.listen(ctx.db.engine, "before_cursor_execute", keep)
    try:
        tq.queue_page(ctx, f, request)
    finally:
        event.remove(ctx.db.engine, "before_cursor_execute", keep)
    statement, parameters = statements[0]
    prefix = "EXPLAIN QUERY PLAN " if ctx.db.is_sqlite else "EXPLAIN "
    with ctx.db.engine.connect() as conn:
        if not ctx.db.is_sqlite:  # a 30-row table: scanning and sorting it would win; with those off, a
            for kind in ("seqscan", "bitmapscan", "sort"):  # Sort still in the plan means no index gives the order
                conn.exec_driver_sql(f"SET enable_{kind} = off")
        out = conn.exec_driver_sql(prefix + statement, parameters).all()
    return "\n".join(" ".join(str(c) for c in row) for row in out)


@pytest.mark.parametrize("order,index", [("urgency", "ix_tickets_queue"), ("arrival", "ix_tickets_arrival")])
def test_each_order_reads_a_page_from_its_index_without_sorting(ctx, order, index):
    _store(ctx, 30)
    with ctx.db.engine.connect() as conn:  # planner statistics, as a real store has them
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
    f = QueueFilter(order=order)
    first = tq.queue_page(ctx, f, PageRequest(limit=3))
    for request in (PageRequest(limit=3), PageRequest(limit=3, after=first.keys[-1]),
                    PageRequest(limit=3, before=first.keys[-1]), PageRequest(limit=3, last=True)):
        plan = _plan(ctx, f, request)
        assert index in plan, plan
        assert "TEMP B-TREE" not in plan and "Sort" not in plan, plan


def test_the_urgency_classes_the_queue_skips_are_the_ones_the_clocks_store():
    """A class none of the filter's statuses is in is not read: the mapping must be the stored one."""
    from types import SimpleNamespace

    from agent_tui.domain.lifecycle import Status
    from agent_tui.domain.sla_clocks import refresh_queue_keys

    for status in Status:
        t = SimpleNamespace(status=status.value, urgency=None, sla_due_at=None, first_response_at=None,
                            first_response_due=None, next_update_due=None, resolution_due=None)
        refresh_queue_keys(t)
        assert tq.URGENCY_OF[status.value] == t.urgency, status
