"""SLA clocks: deadlines, pauses and states.

Deadlines are stored as instants so the queue can sort by them in SQL. While a
ticket waits on the customer or a third party (pending, on_hold) its SLA clock
is paused: on resume every running deadline moves forward by the paused span,
so paused time never counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from agent_tui.domain.policy import SlaTarget


class SlaState(StrEnum):
    OK = "ok"
    WARNING = "warning"
    BREACHED = "breached"
    PAUSED = "paused"
    MET = "met"
    NONE = "none"


@dataclass(frozen=True)
class Deadlines:
    first_response_due: datetime
    resolution_due: datetime


def initial_deadlines(created_at: datetime, target: SlaTarget, paused_total: timedelta = timedelta()) -> Deadlines:
    return Deadlines(created_at + target.first_response + paused_total, created_at + target.resolution + paused_total)


def resume_shift(paused_at: datetime, now: datetime) -> timedelta:
    """How far running deadlines move when a pause ends."""
    return max(now - paused_at, timedelta())


def remaining(due: datetime, now: datetime, paused_at: datetime | None) -> timedelta:
    """Time left before ``due``; frozen at the moment the pause began."""
    reference = paused_at if paused_at is not None else now
    return due - reference


def state(
    due: datetime | None,
    total: timedelta,
    now: datetime,
    paused_at: datetime | None,
    warning_fraction: float,
    met_at: datetime | None = None,
) -> SlaState:
    if due is None:
        return SlaState.NONE
    if met_at is not None:
        return SlaState.MET if met_at <= due else SlaState.BREACHED
    left = remaining(due, now, paused_at)
    if left < timedelta():
        return SlaState.BREACHED
    if paused_at is not None:
        return SlaState.PAUSED
    if left <= total * (1 - warning_fraction):
        return SlaState.WARNING
    return SlaState.OK


def active_elapsed(created_at: datetime, now: datetime, paused_total: timedelta, paused_at: datetime | None) -> timedelta:
    """Time the SLA clock has run: wall time minus every paused span."""
    current_pause = (now - paused_at) if paused_at is not None else timedelta()
    return now - created_at - paused_total - current_pause


def format_remaining(delta: timedelta) -> str:
    """Compact countdown: '2d 03h', '3h 20m', '12m 05s', '-1h 05m' (overdue)."""
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{sign}{days}d {hours:02d}h"
    if hours:
        return f"{sign}{hours}h {minutes:02d}m"
    return f"{sign}{minutes}m {secs:02d}s"
