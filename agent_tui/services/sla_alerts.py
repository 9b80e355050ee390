"""SLA warnings for the agent in the app (issue 16): a clock N business minutes before its breach.

The sweep (whoever runs it: any agent's app, or ``agent-tui sweep``) fires each clock's warning
timer once and records it (``first_response_warning``, ``next_update_warning``,
``resolution_warning`` in the audit log, ``services.ticket_clocks.apply_timer``). Here an agent asks
which of those still apply to them: the ticket is theirs, or unassigned in their tier, and the clock
it warns of still runs with its deadline ahead. The app shows each once as an alert.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_
from sqlmodel import col, select

from agent_tui.domain.lifecycle import Status
from agent_tui.services.context import Context
from agent_tui.store.db import retry_transient
from agent_tui.store.models import AuditEvent, Ticket

WARNINGS = {"first_response_warning": "first response", "next_update_warning": "next update",
            "resolution_warning": "resolution"}


@dataclass(frozen=True)
class SlaAlert:
    number: int
    subject: str
    clock: str  # "first response" | "next update" | "resolution"
    due_at: datetime
    warned_at: datetime
    assignee: str | None  # None: unassigned, for the whole tier

    @property
    def key(self) -> tuple[int, str, datetime]:
        """One alert per ticket, clock and deadline (an update clock warns again for its next deadline)."""
        return (self.number, self.clock, self.due_at)


def _running_due(ticket: Ticket, clock: str) -> datetime | None:
    if clock == "first response":
        return ticket.first_response_due if ticket.first_response_at is None else None
    if clock == "next update":
        return ticket.next_update_due
    return ticket.resolution_due


@retry_transient
def alerts_for(ctx: Context, since: datetime | None = None) -> list[SlaAlert]:
    """The SLA warnings that concern the acting agent now (recorded after ``since``, when given): on tickets
    assigned to them, or unassigned in their tier; only while the clock still runs and has not passed its
    deadline. Most urgent first."""
    now = ctx.clock.now()
    with ctx.db.read() as s:
        agent = ctx.acting_agent(s)
        if agent is None:
            return []
        mine = or_(Ticket.assignee_id == agent.id,
                   Ticket.assignee_id.is_(None) & (Ticket.tier == agent.tier))  # type: ignore[union-attr]
        stmt = (select(AuditEvent.action, AuditEvent.at, AuditEvent.details, Ticket)
                .join(Ticket, col(Ticket.id) == AuditEvent.ticket_id)
                .where(col(AuditEvent.action).in_(list(WARNINGS)), mine,
                       col(Ticket.status).in_((Status.NEW.value, Status.OPEN.value))))
        if since is not None:
            stmt = stmt.where(AuditEvent.at > since)
        out: dict[tuple, SlaAlert] = {}
        for action, at, details, ticket in s.exec(stmt).all():
            clock = WARNINGS[action]
            due = _running_due(ticket, clock)
            if due is None or due <= now or ticket.sla_paused_at is not None:
                continue
            warned_due = (details or {}).get("due")
            if clock == "next update" and warned_due and warned_due != due.isoformat():
                continue  # it warned of an update since given: the clock restarted
            assignee = agent.name if ticket.assignee_id == agent.id else None
            alert = SlaAlert(ticket.number, ticket.subject, clock, due, at, assignee)
            out.setdefault(alert.key, alert)
    return sorted(out.values(), key=lambda a: (a.due_at, a.number))
