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

    def __post_init__(self) -> None:
        # The actor is outside text (--agent, AGENT_TUI_AGENT): it is written to every audit row and
        # shown in toasts and headers, so it is sanitized here, once, and must fit the actor columns.
        from agent_tui.domain.text import clean
        from agent_tui.errors import InvalidInput

        self.actor = clean(self.actor).strip()
        if len(self.actor) > 80:
            raise InvalidInput(f"agent name is too long ({len(self.actor):,} characters; the limit is 80)")

    def as_actor(self, actor: str) -> Context:
        return replace(self, actor=actor)

    @property
    def kb_index(self) -> KbIndex:
        return kb_index_for(self.db.dialect)


def make_context(db: Database, actor: str = "system", clock: Clock | None = None) -> Context:
    return Context(db=db, clock=clock or SystemClock(), actor=actor)
