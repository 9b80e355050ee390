"""Building shared stores for the concurrency tests, fast: one transaction for all tickets."""

from __future__ import annotations

from pathlib import Path

from agent_tui.domain.clock import FixedClock
from agent_tui.domain.lifecycle import Status
from agent_tui.services import agents as agent_svc
from agent_tui.services import ticket_base as tb
from agent_tui.services import ticket_clocks as tc
from agent_tui.services import intake as ti
from agent_tui.services.context import Context
from agent_tui.services.demo import install_shipped_presets
from agent_tui.store.db import Database, sqlite_url
from tests.conftest import AGENTS, PG_URL, T0, make_db


def shared_store(backend: str, tmp_path: Path, agents=AGENTS) -> tuple[Database, str, Context]:
    """A migrated store with presets and agents, plus the URL other processes open it by."""
    db = make_db(backend, tmp_path)
    url = PG_URL if backend == "postgres" else sqlite_url(tmp_path / "test.db")
    system = Context(db, FixedClock(T0), "system")
    install_shipped_presets(system)
    for name, tier in agents:
        agent_svc.upsert_agent(system, name, tier)
    return db, url, system


def bulk_tickets(ctx: Context, count: int, prefix: str = "Printer offline") -> list[int]:
    """``count`` new, unassigned tickets through the real creation path, in one transaction."""
    customer = ti.CustomerInput(email="jana@brightlane.example", name="Jana Novak",
                                customer_number="C-10001", domain="brightlane.example")
    with ctx.db.transaction() as s:
        return [ti.create_in_session(s, ctx, f"{prefix} {i}", "It stopped printing.", customer)
                for i in range(count)]


def make_pending(ctx: Context, numbers: list[int], agent: str) -> None:
    """What ``request_info`` does (assign, first response, open → pending, timers), for many tickets at once."""
    with ctx.db.transaction() as s:
        who = tb.agent_named(s, agent)
        now = ctx.clock.now()
        for number in numbers:
            ticket = tb.load_ticket(s, number, lock=True)
            ticket.assignee_id = who.id
            tb.audit(s, ctx, ticket, "assigned", "assignee", None, agent)
            tc.set_status(s, ctx, ticket, Status.OPEN)
            tb.add_message(s, ctx, ticket, "public", agent, "Could you send the printer model?")
            ticket.first_response_at = now
            tb.audit(s, ctx, ticket, "info_requested")
            tc.set_status(s, ctx, ticket, Status.PENDING)
            tb.touch(ctx, ticket)


CHILD_TABLES = ("messages", "audit_events", "timers")


def clone_ticket(s, template_number: int, count: int, *, children=CHILD_TABLES) -> list[int]:
    """``count`` copies of a ticket made by the services, in two or three SQL statements.

    Each copy gets the next ticket numbers from the counter (as ``create_in_session``
    would), its own subject, no external reference, and copies of the template's
    rows in ``children`` (messages, audit events, timers) pointing at it. Works on
    SQLite and PostgreSQL: the series is a recursive CTE.
    """
    from sqlalchemy import text

    from agent_tui.store.models import Ticket

    if count <= 0:
        return []
    tid = s.execute(text("SELECT id FROM tickets WHERE number = :n"), {"n": template_number}).scalar_one()
    last = s.execute(text("UPDATE counters SET value = value + :c WHERE name = 'ticket' RETURNING value"),
                     {"c": count}).scalar_one()
    first = last - count + 1
    special = {"number": ":first + seq.n - 1", "external_ref": "NULL",
               "subject": "t.subject || ' ' || CAST(seq.n AS TEXT)"}
    cols = [c.name for c in Ticket.__table__.columns if c.name != "id"]
    exprs = [special.get(c, f"t.{c}") for c in cols]
    series = ("WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < :count) ")
    s.execute(text(f"INSERT INTO tickets ({', '.join(cols)}) {series}"
                   f"SELECT {', '.join(exprs)} FROM tickets t CROSS JOIN seq WHERE t.id = :tid"),
              {"count": count, "first": first, "tid": tid})
    from agent_tui.store.models import SQLModel

    for table in children:
        child_cols = [c.name for c in SQLModel.metadata.tables[table].columns if c.name not in ("id", "ticket_id")]
        s.execute(text(
            f"INSERT INTO {table} (ticket_id, {', '.join(child_cols)}) "
            f"SELECT t.id, {', '.join('x.' + c for c in child_cols)} FROM tickets t "
            f"JOIN {table} x ON x.ticket_id = :tid WHERE t.number BETWEEN :first AND :last ORDER BY t.id, x.id"),
            {"tid": tid, "first": first, "last": last})
    return list(range(first, last + 1))
