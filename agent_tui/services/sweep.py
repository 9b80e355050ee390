"""Apply every due timer exactly once, however many clients sweep at the same moment.

Due timers are found without a lock; then their tickets are locked
(``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so concurrent sweeps split the work
and a ticket an agent or customer is changing right now is left for the next
sweep), and only then are the timers claimed with a conditional update
(``WHERE state = 'pending'``) that returns the rows it changed. Ticket first,
then its timers: the order every ticket action locks in, so a sweep and a
customer message cannot deadlock. Claimed timers are applied in the same
transaction as their effects and audit events.

Set-based per batch (issue 18): the claim returns each timer's ticket, kind and due instant; the
batch's timers, agents, customers and mail threads are read with one query each, and the audit
events, outbox mails (with their timeline rows), report spans and re-planned timers are written
with one statement per table (``services.bulk_rows``). What each timer does is still decided ticket
by ticket by the same code (``ticket_clocks.apply_timer``), so the rows are those of the one-by-one
path, in the same order.
"""

from __future__ import annotations

from collections import Counter as Tally
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import update
from sqlmodel import col, select

from agent_tui.domain.clock import ensure_utc
from agent_tui.domain.timers import TimerKind
from agent_tui.services import bulk_rows
from agent_tui.services.context import Context
from agent_tui.services.ticket_clocks import apply_timer, timer_still_due
from agent_tui.services.ticket_base import policy_for
from agent_tui.store.db import retry_transient
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


@retry_transient
def sweep(ctx: Context, now: datetime | None = None, *, batch_size: int = 500) -> SweepReport:
    at = ensure_utc(now) if now else ctx.clock.now()
    sweep_ctx = ctx.as_actor("system")
    if now is not None:
        from agent_tui.domain.clock import FixedClock

        sweep_ctx = Context(ctx.db, FixedClock(at), "system")
    fired: Tally[str] = Tally()
    report = SweepReport(at)
    touched: set[int] = set()
    busy: set[int] = set()  # tickets another client holds right now: left for the next sweep
    settings = None  # the mail settings, read by the first mail and kept for the whole sweep
    while True:
        with ctx.db.transaction() as s:
            due = select(Timer.id, Timer.ticket_id).where(Timer.state == "pending", Timer.due_at <= at)
            if busy:
                due = due.where(col(Timer.ticket_id).not_in(busy))
            candidates = s.exec(due.order_by(Timer.due_at, Timer.id).limit(batch_size)).all()
            if not candidates:
                break
            # Ticket first, then its timers: the order every ticket action locks in (sync_timers).
            wanted = sorted({ticket_id for _, ticket_id in candidates})
            tickets = {t.id: t for t in s.exec(
                select(Ticket).where(col(Ticket.id).in_(wanted)).order_by(Ticket.id).with_for_update(skip_locked=True)
            ).all()}
            busy.update(set(wanted) - tickets.keys())
            mine = [timer_id for timer_id, ticket_id in candidates if ticket_id in tickets]
            if not mine:
                continue
            claimed = s.execute(
                update(Timer).where(col(Timer.id).in_(mine), Timer.state == "pending")
                .values(state="fired", fired_at=at).returning(Timer.id, Timer.ticket_id, Timer.kind, Timer.due_at)
            ).all()
            if not claimed:
                continue
            # Set-based from here: the batch's timers, agents, customers and mail threads read once; the
            # audit events, mails, report spans and new timers written once per table (services.bulk_rows).
            sink = bulk_rows.install(s)
            try:
                sink.settings = settings
                sink.preload(s, [tickets[tid] for tid in sorted({row.ticket_id for row in claimed})])
                fired_rows = {t.id: t for ts in sink.timers.values() for t in ts}
                with s.no_autoflush:
                    for timer_id, ticket_id, kind_value, due_at in sorted(claimed, key=lambda r: (r[3], r[0])):
                        ticket = tickets[ticket_id]
                        kind = TimerKind(kind_value)
                        if not timer_still_due(ticket, kind, due_at, policy_for(s, ticket)):
                            fired_rows[timer_id].state = "cancelled"
                            report.skipped += 1
                            continue
                        apply_timer(s, sweep_ctx, ticket, kind)
                        fired[kind.value] += 1
                        touched.add(ticket.number)
                settings = sink.settings
                sink.write(s)
            finally:
                bulk_rows.uninstall(s)
    report.fired = dict(fired)
    report.tickets = sorted(touched)
    return report
