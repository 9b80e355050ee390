"""Agent collision: who else has a ticket open right now (heartbeats, ephemeral)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete
from sqlmodel import select

from agent_tui.services.context import Context
from agent_tui.store.db import retry_transient
from agent_tui.store.models import Presence

FRESH = timedelta(seconds=45)  # a screen heartbeats every 15 s


@retry_transient
def heartbeat(ctx: Context, number: int, client: str) -> None:
    """Record that ``ctx.actor`` (this client) is looking at ticket ``number``."""
    now = ctx.clock.now()
    with ctx.db.transaction() as s:
        row = s.exec(select(Presence).where(Presence.agent == ctx.actor, Presence.ticket_number == number,
                                            Presence.client == client)).first()
        if row is None:
            s.add(Presence(agent=ctx.actor, ticket_number=number, client=client, seen_at=now))
        else:
            row.seen_at = now
        s.execute(delete(Presence).where(Presence.seen_at < now - FRESH * 4))


@retry_transient
def leave(ctx: Context, number: int, client: str) -> None:
    with ctx.db.transaction() as s:
        s.execute(delete(Presence).where(Presence.agent == ctx.actor, Presence.ticket_number == number,
                                         Presence.client == client))


@retry_transient
def viewers(ctx: Context, number: int, client: str | None = None) -> list[str]:
    """Other agents (or this agent in another window) with the ticket open in the last 45 s."""
    since = ctx.clock.now() - FRESH
    with ctx.db.read() as s:
        rows = s.exec(select(Presence.agent, Presence.client).where(
            Presence.ticket_number == number, Presence.seen_at >= since)).all()
    return sorted({agent for agent, c in rows if not (agent == ctx.actor and c == client)})
