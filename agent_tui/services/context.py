"""What every use case needs: the database, the clock and who is acting."""

from __future__ import annotations

from dataclasses import dataclass, replace

from agent_tui.domain.clock import Clock, SystemClock
from agent_tui.store.db import Database
from agent_tui.store.search import KbIndex, kb_index_for


@dataclass
class Context:
    db: Database
    clock: Clock
    actor: str = "system"
    quiet: bool = False  # use cases return None instead of a TicketDetail (bulk work)

    def as_actor(self, actor: str) -> Context:
        return replace(self, actor=actor)

    @property
    def kb_index(self) -> KbIndex:
        return kb_index_for(self.db.dialect)


def make_context(db: Database, actor: str = "system", clock: Clock | None = None) -> Context:
    return Context(db=db, clock=clock or SystemClock(), actor=actor)
