"""Export: every ticket with its conversation and audit trail, from one consistent snapshot.

The whole export reads one snapshot of the store (``Database.snapshot``): a ticket created,
changed or closed while it runs is exported as it was when the export began, or not at all if it
did not exist yet — never twice, never skipped because the order moved. Tickets are read in pages
by id (keyset, not OFFSET) and handed out one at a time, so the export's memory does not grow with
the store.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlmodel import col, select

from agent_tui.services.context import Context
from agent_tui.services.ticket_queries import detail
from agent_tui.services.views import TicketDetail
from agent_tui.store.models import Ticket

ALL_STATUSES = ("new", "open", "pending", "on_hold", "solved", "closed")


def export_tickets(ctx: Context, statuses: Sequence[str] = ALL_STATUSES, *, batch: int = 200
                   ) -> Iterator[TicketDetail]:
    """Each ticket in ``statuses`` once, oldest first (by id), as of the moment the export starts."""
    wanted = list(statuses or ALL_STATUSES)
    with ctx.db.snapshot() as s:
        last = 0
        while True:
            page = s.exec(select(Ticket).where(col(Ticket.status).in_(wanted), col(Ticket.id) > last)
                          .order_by(col(Ticket.id)).limit(batch)).all()
            if not page:
                return
            for ticket in page:
                yield detail(s, ctx, ticket)
            last = page[-1].id  # type: ignore[assignment]
            s.expunge_all()  # the identity map stays one page big


def store_has_tickets(ctx: Context) -> bool:
    """Whether the store holds any ticket (the demo refuses to fill a store that does)."""
    with ctx.db.read() as s:
        return s.exec(select(Ticket.id).limit(1)).first() is not None
