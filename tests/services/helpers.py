"""Small readers the service stories share."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select

from agent_tui.services import Context
from agent_tui.store.models import AuditEvent, Ticket, Timer


def audit_count(ctx: Context) -> int:
    with ctx.db.read() as s:
        return int(s.exec(select(func.count()).select_from(AuditEvent)).one())


def ticket_count(ctx: Context) -> int:
    with ctx.db.read() as s:
        return int(s.exec(select(func.count()).select_from(Ticket)).one())


def actions(detail) -> list[str]:
    return [e.action for e in detail.events]


def timers(ctx: Context, number: int) -> list[tuple[str, str]]:
    with ctx.db.read() as s:
        tid = s.exec(select(Ticket.id).where(Ticket.number == number)).one()
        return [(t.kind, t.state) for t in s.exec(select(Timer).where(Timer.ticket_id == tid).order_by(Timer.id))]
