"""Apply every due timer exactly once, however many clients sweep at the same moment.

Timers are claimed with a conditional update (``WHERE state = 'pending'``)
that returns the rows it changed; only those are applied, in the same
transaction as their effects and audit events. On PostgreSQL the candidate
rows are also locked with ``SKIP LOCKED`` so concurrent sweeps split the work.
"""

from __future__ import annotations

from collections import Counter as Tally
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import update
from sqlmodel import col, select

from agent_tui.domain.clock import ensure_utc
from agent_tui.domain.timers import TimerKind
from agent_tui.services.context import Context
from agent_tui.services.tickets import apply_timer, timer_still_due, _policy_for
from agent_tui.store.models import Ticket, Timer


@dataclass
class SweepReport:
    now: datetime
    fired: dict[str, int] = field(default_factory=dict)
    skipped: int = 0
    tickets: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.fired.values())


def sweep(ctx: Context, now: datetime | None = None, *, batch_size: int = 500) -> SweepReport:
    at = ensure_utc(now) if now else ctx.clock.now()
    sweep_ctx = ctx.as_actor("system")
    if now is not None:
        from agent_tui.domain.clock import FixedClock

        sweep_ctx = Context(ctx.db, FixedClock(at), "system")
    fired: Tally[str] = Tally()
    report = SweepReport(at)
    touched: set[int] = set()
    while True:
        with ctx.db.transaction() as s:
            candidates = s.exec(
                select(Timer.id).where(Timer.state == "pending", Timer.due_at <= at)
                .order_by(Timer.due_at, Timer.id).limit(batch_size).with_for_update(skip_locked=True)
            ).all()
            if not candidates:
                break
            claimed = s.execute(
                update(Timer).where(col(Timer.id).in_(candidates), Timer.state == "pending")
                .values(state="fired", fired_at=at).returning(Timer.id)
            ).scalars().all()
            if not claimed:
                continue
            timers = s.exec(select(Timer).where(col(Timer.id).in_(claimed)).order_by(Timer.due_at, Timer.id)).all()
            for timer in timers:
                ticket = s.exec(select(Ticket).where(Ticket.id == timer.ticket_id).with_for_update()).one()
                kind = TimerKind(timer.kind)
                if not timer_still_due(ticket, kind, timer.due_at, _policy_for(s, ticket)):
                    timer.state = "cancelled"
                    report.skipped += 1
                    continue
                apply_timer(s, sweep_ctx, ticket, kind)
                fired[kind.value] += 1
                touched.add(ticket.number)
    report.fired = dict(fired)
    report.tickets = sorted(touched)
    return report


def next_due(ctx: Context) -> datetime | None:
    """When the next timer falls due (the app schedules its next sweep by it)."""
    with ctx.db.read() as s:
        return s.exec(select(Timer.due_at).where(Timer.state == "pending").order_by(Timer.due_at).limit(1)).first()
