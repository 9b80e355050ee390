"""Building shared stores for the concurrency tests, fast: one transaction for all tickets."""

from __future__ import annotations

from pathlib import Path

from agent_tui.domain.clock import FixedClock
from agent_tui.domain.lifecycle import Status
from agent_tui.services import agents as agent_svc
from agent_tui.services import tickets as tk
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
    customer = tk.CustomerInput(email="jana@brightlane.example", name="Jana Novak",
                                customer_number="C-10001", domain="brightlane.example")
    with ctx.db.transaction() as s:
        return [tk.create_in_session(s, ctx, f"{prefix} {i}", "It stopped printing.", customer)
                for i in range(count)]


def make_pending(ctx: Context, numbers: list[int], agent: str) -> None:
    """What ``request_info`` does (assign, first response, open → pending, timers), for many tickets at once."""
    with ctx.db.transaction() as s:
        who = tk._agent(s, agent)
        now = ctx.clock.now()
        for number in numbers:
            ticket = tk._load(s, number, lock=True)
            ticket.assignee_id = who.id
            tk._audit(s, ctx, ticket, "assigned", "assignee", None, agent)
            tk._set_status(s, ctx, ticket, Status.OPEN)
            tk._add_message(s, ctx, ticket, "public", agent, "Could you send the printer model?")
            ticket.first_response_at = now
            tk._audit(s, ctx, ticket, "info_requested")
            tk._set_status(s, ctx, ticket, Status.PENDING)
            tk._touch(ctx, ticket)
