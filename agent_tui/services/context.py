"""What every use case needs: the database, the clock and who is acting."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, tzinfo
from typing import TYPE_CHECKING

from agent_tui.domain.clock import Clock
from agent_tui.errors import NotFound
from agent_tui.i18n import _
from agent_tui.store.db import Database
from agent_tui.store.search import KbIndex, kb_index_for

if TYPE_CHECKING:
    from sqlmodel import Session

    from agent_tui.store.models import Agent

SYSTEM = "system"


@dataclass
class Context:
    db: Database
    clock: Clock
    actor: str = SYSTEM
    quiet: bool = False  # use cases return None instead of a TicketDetail (bulk work)
    for_customer: bool = False  # ``actor`` is a customer's address (intake, demo replay), not an agent
    tz: tzinfo = UTC  # the agent's one time zone for every time shown (set at the edge: config.agent_timezone)

    def __post_init__(self) -> None:
        # The actor is outside text (--agent, AGENT_TUI_AGENT): it is written to every audit row and
        # shown in toasts and headers, so it is sanitized here, once, and must fit the actor columns.
        from agent_tui.domain.text import clean
        from agent_tui.errors import InvalidInput

        self.actor = clean(self.actor).strip()
        if len(self.actor) > 80:
            raise InvalidInput(_("agent name is too long ({count:,} characters; the limit is 80)").format(
                count=len(self.actor)))

    def as_actor(self, actor: str) -> Context:
        return replace(self, actor=actor, for_customer=False)

    def as_customer(self, address: str) -> Context:
        """Act for a customer (their ticket, their message): the actor is their address, not an agent."""
        return replace(self, actor=address, for_customer=True)

    @property
    def kb_index(self) -> KbIndex:
        return kb_index_for(self.db.dialect)

    def acting_agent(self, session: Session) -> Agent | None:
        """The agent this context acts as, checked in the store; None for the system or a customer.

        Every audited service action goes through here, so an unknown ``--agent ghost`` can change
        nothing (the audit trail would otherwise name someone who does not exist).
        """
        if self.for_customer or self.actor == SYSTEM:
            return None
        from sqlmodel import select

        from agent_tui.store.models import Agent

        known: dict[str, Agent] = session.info.setdefault("agent_tui_actors", {})
        agent = known.get(self.actor)
        if agent is None:  # loaded already in this session (as a ticket's assignee): no second query
            agent = next((o for o in list(session.identity_map.values())
                          if isinstance(o, Agent) and o.name == self.actor), None)
        if agent is None:
            agent = session.exec(select(Agent).where(Agent.name == self.actor)).first()
            if agent is None:
                raise NotFound(_("unknown agent {actor!r}: pass --agent NAME (see 'agent-tui agent list') or "
                                 "add it with 'agent-tui agent add {actor}'").format(actor=self.actor))
            known[self.actor] = agent
        return agent

