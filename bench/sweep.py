"""How the timer sweep and the queue page scale with the size of the store.

    python bench/sweep.py                      # 1,000,000 tickets, 10,000 due (a few minutes)
    python bench/sweep.py --tickets 100000     # quick run
    python bench/sweep.py --db postgresql+psycopg://postgres@127.0.0.1:5432/bench   # WIPES that database

The store is built with bulk SQL: a handful of template tickets are made through
the real services (create, assign, request info, solve, close), then copied
with ``INSERT … SELECT`` over a recursive CTE, timers included, so every copy
has exactly the columns and timers the services would have written (copies
carry no message or audit history; neither the sweep nor the queue reads it).

Prints: build time; (a) ``services.sweep.sweep`` over the due timers, (b) one
hand-written SQL ``UPDATE`` of the same due tickets, their ratio and the cost
per timer; the queue page (``list_tickets(limit=100)``) on the big store vs a
100-ticket store, and their ratio; and the check that exactly the due tickets
were auto-solved.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import bindparam, text  # noqa: E402

from agent_tui.domain.clock import FixedClock  # noqa: E402
from agent_tui.services import agents as agent_svc  # noqa: E402
from agent_tui.services import ticket_actions as ta # noqa: E402
from agent_tui.services import intake as ti # noqa: E402
from agent_tui.services import ticket_queries as tq # noqa: E402
from agent_tui.services.context import Context  # noqa: E402
from agent_tui.services.demo import install_shipped_presets  # noqa: E402
from agent_tui.services.sweep import sweep  # noqa: E402
from agent_tui.store.db import Database, mask_url, open_database, sqlite_url  # noqa: E402
from agent_tui.store.migrate import upgrade  # noqa: E402
from agent_tui.store.models import SQLModel, Ticket  # noqa: E402
from agent_tui.store.types import UTCDateTime  # noqa: E402

NOW = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)  # the sweep runs at this instant
OPEN_SHARE = 0.10  # of the tickets that are not due: 10 % new and waiting, the rest closed history


def _utc(name: str):
    return bindparam(name, type_=UTCDateTime)


def clone_ticket(db: Database, template_number: int, count: int, children=("timers",)) -> None:
    """``count`` copies of a service-made ticket (and its timers), numbered from the ticket counter."""
    if count <= 0:
        return
    with db.transaction() as s:
        tid = s.execute(text("SELECT id FROM tickets WHERE number = :n"), {"n": template_number}).scalar_one()
        last = s.execute(text("UPDATE counters SET value = value + :c WHERE name = 'ticket' RETURNING value"),
                         {"c": count}).scalar_one()
        first = last - count + 1
        special = {"number": ":first + seq.n - 1", "external_ref": "NULL",
                   "subject": "t.subject || ' ' || CAST(seq.n AS TEXT)"}
        cols = [c.name for c in Ticket.__table__.columns if c.name != "id"]
        s.execute(text(
            f"INSERT INTO tickets ({', '.join(cols)}) "
            "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < :count) "
            f"SELECT {', '.join(special.get(c, 't.' + c) for c in cols)} FROM tickets t CROSS JOIN seq "
            "WHERE t.id = :tid"), {"count": count, "first": first, "tid": tid})
        for table in children:
            ccols = [c.name for c in SQLModel.metadata.tables[table].columns if c.name not in ("id", "ticket_id")]
            s.execute(text(
                f"INSERT INTO {table} (ticket_id, {', '.join(ccols)}) "
                f"SELECT t.id, {', '.join('x.' + c for c in ccols)} FROM tickets t JOIN {table} x "
                "ON x.ticket_id = :tid WHERE t.number BETWEEN :first AND :last"),
                {"tid": tid, "first": first, "last": last})


def _customer(i: int) -> ti.CustomerInput:
    return ti.CustomerInput(email=f"customer{i}@example.com", name=f"Customer {i}", customer_number=f"C-{i:05d}",
                            company=f"Company {i}", domain="example.com")


def build(db: Database, tickets: int, due: int) -> None:
    """Templates through the services, then bulk copies: ``due`` pending past auto-solve, the rest background."""
    upgrade(db)
    clock = FixedClock(NOW - timedelta(days=30))
    system = Context(db, clock, "system")
    install_shipped_presets(system)
    agent_svc.upsert_agent(system, "alice", "tier1")
    alice = system.as_actor("alice")

    # closed history: created 30 days ago, solved and closed (no pending timers)
    closed = ti.create_ticket(alice, "Invoice PDF has the wrong address", "Please fix the address.", _customer(1))
    ta.assign(alice, closed.row.number, "alice")
    clock.advance(hours=2)
    ta.solve(alice, closed.row.number, "fixed", "Corrected the address.")
    clock.advance(days=5)
    ta.close(alice, closed.row.number)
    # due: asked the customer for details 3 days and 1 hour before NOW → auto-solve due 1 hour ago
    clock.set(NOW - timedelta(days=4))
    pending = ti.create_ticket(alice, "Sync stops after the update", "The app no longer syncs.", _customer(2))
    ta.assign(alice, pending.row.number, "alice")
    clock.set(NOW - timedelta(days=3, hours=1))
    ta.request_info(alice, pending.row.number, "Which app version do you use?")
    # waiting: new 10 minutes ago, SLA timers running into the future
    clock.set(NOW - timedelta(minutes=10))
    waiting = ti.create_ticket(alice, "How do I export my data?", "Where is the export?", _customer(3))

    rest = tickets - due
    n_open = max(1, int(rest * OPEN_SHARE)) if rest > 1 else 0
    n_closed = rest - n_open
    clone_ticket(db, pending.row.number, due - 1)
    clone_ticket(db, waiting.row.number, n_open - 1)
    clone_ticket(db, closed.row.number, n_closed - 1)
    with db.read() as s:
        counts = dict(s.execute(text("SELECT status, COUNT(*) FROM tickets GROUP BY status")).all())
    assert sum(counts.values()) == tickets, counts
    if db.is_sqlite:
        raw = db.engine.raw_connection()  # autocommit at the driver level: no BEGIN around these
        try:
            cur = raw.cursor()
            cur.execute("ANALYZE")
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cur.close()
        finally:
            raw.close()
    else:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")


def open_store(url: str | None, directory: Path, name: str) -> Database:
    if url is None:
        return open_database(sqlite_url(directory / f"{name}.db"))
    db = open_database(url)
    with db.engine.begin() as conn:  # the bench owns this database: start from an empty schema
        conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    return db


HAND_WRITTEN = """
UPDATE tickets SET status = 'solved', outcome = 'no_customer_response',
       resolution = 'Solved automatically: no reply from the customer within 3 days.',
       solved_at = :now, pending_since = NULL, urgency = 2, sla_due_at = NULL,
       version = version + 1, updated_at = :now, updated_by = 'system'
 WHERE status = 'pending' AND id IN (
       SELECT ticket_id FROM timers WHERE state = 'pending' AND kind = 'pending_autosolve' AND due_at <= :now)
"""


def time_hand_written(db: Database) -> tuple[float, int]:
    """(b): one UPDATE over the same due tickets, timed to its end, then rolled back (the store stays as built)."""
    stmt = text(HAND_WRITTEN).bindparams(_utc("now"))
    with db.engine.connect() as conn:
        if db.is_sqlite:
            conn = conn.execution_options(agent_tui_write=True)
        with conn.begin() as tx:
            t0 = time.perf_counter()
            rowcount = conn.execute(stmt, {"now": NOW}).rowcount
            elapsed = time.perf_counter() - t0
            tx.rollback()
    return elapsed, rowcount


def time_queue_page(ctx: Context, runs: int = 7) -> float:
    tq.list_tickets(ctx, limit=100)  # warm the caches and the connection
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        rows = tq.list_tickets(ctx, limit=100)
        samples.append(time.perf_counter() - t0)
        assert rows
    return statistics.median(samples)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--db", default=None, help="a PostgreSQL URL to use (its public schema is WIPED); "
                                                   "default: SQLite files in a temporary directory")
    args = parser.parse_args(argv)
    if not 1 <= args.due < args.tickets:
        parser.error("need 1 <= --due < --tickets")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="agent-tui-bench-") as tmp:
        where = Path(tmp)
        db = open_store(args.db, where, "big")
        print(f"store: {mask_url(db.url_for_display)}; {args.tickets:,} tickets, {args.due:,} with a due auto-solve timer")
        t0 = time.perf_counter()
        build(db, args.tickets, args.due)
        print(f"build: {time.perf_counter() - t0:.1f} s")
        ctx = Context(db, FixedClock(NOW), "alice")

        page_big = time_queue_page(ctx)

        hand, hand_rows = time_hand_written(db)
        assert hand_rows == args.due, (hand_rows, args.due)

        t0 = time.perf_counter()
        report = sweep(ctx, NOW)
        swept = time.perf_counter() - t0

        with db.read() as s:
            solved = s.execute(text("SELECT COUNT(*) FROM tickets WHERE status = 'solved' "
                                    "AND outcome = 'no_customer_response'")).scalar_one()
            events = s.execute(text("SELECT COUNT(*) FROM audit_events WHERE action = 'auto_solved'")).scalar_one()
            left = s.execute(text("SELECT COUNT(*) FROM timers WHERE state = 'pending' AND due_at <= :now")
                             .bindparams(_utc("now")), {"now": NOW}).scalar_one()
        db.dispose()

        small_url = None if args.db is None else args.db
        small = open_store(small_url, where, "small")
        build(small, 100, 1)
        page_small = time_queue_page(Context(small, FixedClock(NOW), "alice"))
        small.dispose()

    ok = solved == events == report.fired.get("pending_autosolve", 0) == args.due and left == 0
    print(f"(a) services.sweep.sweep: {swept:.2f} s for {report.total:,} timers "
          f"({swept / max(report.total, 1) * 1000:.3f} ms per timer)")
    print(f"(b) one hand-written UPDATE: {hand:.3f} s for {hand_rows:,} tickets "
          f"({hand / hand_rows * 1000:.4f} ms per ticket)")
    print(f"ratio a/b: {swept / hand:.0f}x")
    print(f"queue page (list_tickets limit=100): {page_big * 1000:.1f} ms at {args.tickets:,} tickets vs "
          f"{page_small * 1000:.1f} ms at 100 tickets: ratio {page_big / page_small:.2f}x")
    print(f"check: {solved:,} tickets auto-solved, {events:,} auto_solved events, {left} due timers left "
          f"(expected {args.due:,}): {'OK' if ok else 'MISMATCH'}")
    print(f"total: {time.perf_counter() - started:.1f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
