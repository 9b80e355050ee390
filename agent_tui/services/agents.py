"""Agents: who works which tier."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import select

from agent_tui.domain.escalation import parse_tier
from agent_tui.domain.text import clean, one_line
from agent_tui.errors import InvalidInput, NotFound
from agent_tui.i18n import _
from agent_tui.services.context import SYSTEM, Context
from agent_tui.store.db import insert_or_ignore, retry_transient
from agent_tui.store.models import Agent, AuditEvent


@dataclass(frozen=True)
class AgentView:
    name: str
    display_name: str
    tier: str
    active: bool
    email: str = ""


@retry_transient
def upsert_agent(ctx: Context, name: str, tier: str = "tier1", display_name: str = "",
                 email: str | None = None) -> AgentView:
    """Add an agent, or change their tier, display name or (given) e-mail address ("" removes it)."""
    key = clean(name).strip()
    address = None if email is None else clean(email).strip().casefold()
    if address and (len(address) > 320 or address.count("@") != 1 or any(c.isspace() for c in address)
                    or not all(address.split("@"))):
        raise InvalidInput(_("{email!r} is not an e-mail address").format(email=email))
    if not key or len(key) > 80 or any(c.isspace() for c in key):
        raise InvalidInput(_("agent name {name!r} must be one word of at most 80 characters").format(name=name))
    if key.casefold() == SYSTEM:
        # Reserved: the sweep and imports act as 'system', which no agent rule applies to.
        raise InvalidInput(_("agent name {key!r} is reserved for the system (timers, imports); choose another").format(
            key=key))
    t = parse_tier(tier)
    with ctx.db.transaction() as s:
        now = ctx.clock.now()
        # Insert-on-conflict: two clients adding the same new agent make one row and no error.
        new_id = insert_or_ignore(s, Agent, name=key, tier=t.value, display_name=one_line(display_name or key, 200),
                                  active=True, created_at=now, email=address or "")
        if new_id is not None:
            agent = s.get(Agent, new_id)
            s.add(AuditEvent(at=now, actor=ctx.actor, action="agent_added", field="tier",
                             after=t.value, details={"agent": key}))
        else:
            agent = s.exec(select(Agent).where(Agent.name == key).with_for_update()).one()
            if agent.tier != t.value or (display_name and agent.display_name != one_line(display_name, 200)):
                s.add(AuditEvent(at=now, actor=ctx.actor, action="agent_changed", field="tier",
                                 before=agent.tier, after=t.value, details={"agent": key}))
                agent.tier = t.value
                if display_name:
                    agent.display_name = one_line(display_name, 200)
            if address is not None and agent.email != address:
                s.add(AuditEvent(at=now, actor=ctx.actor, action="agent_changed", field="email",
                                 before=agent.email or None, after=address or None, details={"agent": key}))
                agent.email = address
        return AgentView(agent.name, agent.display_name, agent.tier, agent.active, agent.email)


@retry_transient
def get_agent(ctx: Context, name: str) -> AgentView:
    with ctx.db.read() as s:
        agent = s.exec(select(Agent).where(Agent.name == name)).first()
        if agent is None:
            raise NotFound(_("no agent named {name!r}").format(name=name))
        return AgentView(agent.name, agent.display_name, agent.tier, agent.active, agent.email)


@retry_transient
def list_agents(ctx: Context) -> list[AgentView]:
    with ctx.db.read() as s:
        return [AgentView(a.name, a.display_name, a.tier, a.active, a.email)
                for a in s.exec(select(Agent).order_by(Agent.tier, Agent.name)).all()]
