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

from sqlalchemy import case, or_, type_coerce
from sqlmodel import col, select

from agent_tui.domain.lifecycle import Status
from agent_tui.services.context import Context
from agent_tui.store.db import retry_transient
from agent_tui.store.models import AuditEvent, Ticket
from agent_tui.store.types import UTCDateTime

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
        # Only warnings whose clock still runs with its deadline ahead, decided in SQL, and only the columns
        # an alert shows: a store keeps every warning ever fired (20,000 rows read as whole tickets took a
        # second at 100,000 tickets, on the way to the first painted queue).
        running = or_(
            (AuditEvent.action == "first_response_warning") & col(Ticket.first_response_at).is_(None)
            & (Ticket.first_response_due > now),
            (AuditEvent.action == "next_update_warning") & (Ticket.next_update_due > now),
            (AuditEvent.action == "resolution_warning") & (Ticket.resolution_due > now))
        due = case((AuditEvent.action == "first_response_warning", Ticket.first_response_due),
                   (AuditEvent.action == "next_update_warning", Ticket.next_update_due),
                   else_=Ticket.resolution_due)
        stmt = (select(AuditEvent.action, AuditEvent.at, AuditEvent.details, Ticket.number, Ticket.subject,
                       Ticket.assignee_id, type_coerce(due, UTCDateTime))
                .join(Ticket, col(Ticket.id) == AuditEvent.ticket_id)
                .where(col(AuditEvent.action).in_(list(WARNINGS)), mine, running,
                       col(Ticket.sla_paused_at).is_(None),
                       col(Ticket.status).in_((Status.NEW.value, Status.OPEN.value))))
        if since is not None:
            stmt = stmt.where(AuditEvent.at > since)
        out: dict[tuple, SlaAlert] = {}
        for action, at, details, number, subject, assignee_id, due_at in s.exec(stmt).all():
            clock = WARNINGS[action]
            warned_due = (details or {}).get("due")
            if clock == "next update" and warned_due and warned_due != due_at.isoformat():
                continue  # it warned of an update since given: the clock restarted
            assignee = agent.name if assignee_id == agent.id else None
            alert = SlaAlert(number, subject, clock, due_at, at, assignee)
            out.setdefault(alert.key, alert)
    return sorted(out.values(), key=lambda a: (a.due_at, a.number))
