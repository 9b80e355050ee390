"""Migration 0006 recomputes the stored queue key of existing tickets: the deadline that matters now."""

from __future__ import annotations

from datetime import timedelta

from alembic import command
from alembic.script import ScriptDirectory
from sqlmodel import select

from agent_tui.services import ticket_actions as ta

from agent_tui.services import ticket_queries as tq
from agent_tui.store.migrate import alembic_config, upgrade
from agent_tui.store.models import Ticket
from tests.conftest import T0, new_ticket


def test_upgrade_recomputes_a_stale_queue_key(ctx, clock):
    clock.set(T0)
    stale = ta.assign(ctx, new_ticket(ctx).number).number
    kept = new_ticket(ctx).number
    solved = ta.assign(ctx, new_ticket(ctx).number).number
    ta.reply(ctx, solved, "done")
    ta.solve(ctx, solved, "fixed")
    with ctx.db.transaction() as s:  # an old key: first response although resolution falls due first
        t = s.exec(select(Ticket).where(Ticket.number == stale)).one()
        t.resolution_due = T0 + timedelta(minutes=30)
        t.sla_due_at = t.first_response_due
    cfg = alembic_config()
    before = ScriptDirectory.from_config(cfg).get_revision("0006").down_revision
    with ctx.db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, before)
    upgrade(ctx.db)
    with ctx.db.read() as s:
        keys = {t.number: (t.sla_due_at, t.first_response_due) for t in s.exec(select(Ticket)).all()}
    assert keys[stale][0] == T0 + timedelta(minutes=30)
    assert keys[kept][0] == keys[kept][1]
    assert keys[solved][0] is None
    assert [r.number for r in tq.list_tickets(ctx)] == [stale, kept]
