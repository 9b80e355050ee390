"""SLA clocks: deadlines, pauses and states.

Deadlines are stored as instants so the queue can sort by them in SQL. Targets
are business time on a calendar (see the business-hours section below); while
a ticket waits on the customer or a third party (pending, on_hold) its SLA
clock is paused and paused time never counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from agent_tui.domain.calendar import Calendar, add_business_minutes, business_minutes_between
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


class Clock(StrEnum):
    """The SLA clocks a ticket runs; the value is the full name shown in the ticket header."""

    FIRST_RESPONSE = "first response"
    NEXT_UPDATE = "next update"
    RESOLUTION = "resolution"

    @property
    def short(self) -> str:
        """The label in a queue cell: ``FR``, ``upd``, ``res``."""
        return CLOCK_SHORT[self]

    @property
    def key(self) -> str:
        """The name in policies and columns: ``first_response``, ``next_update``, ``resolution``."""
        return self.value.replace(" ", "_")


CLOCK_SHORT: dict[Clock, str] = {Clock.FIRST_RESPONSE: "FR", Clock.NEXT_UPDATE: "upd", Clock.RESOLUTION: "res"}


def deadline_that_matters(*, active: bool, first_response_at: datetime | None,
                          first_response_due: datetime | None, next_update_due: datetime | None,
                          resolution_due: datetime | None) -> tuple[Clock, datetime] | None:
    """The one deadline the queue shows and sorts by, and the ticket header marks.

    Of the clocks still running — first response until the first response, next update (after it, or
    before it where the policy runs it from creation), resolution — the one due first (on a tie: first response, then next update, then resolution).
    ``None`` for a solved or closed ticket (``active`` false) or one without deadlines. A paused
    ticket (pending, on hold) is judged on the same stored instants: a pause moves every running
    clock by the same business time and leaves passed ones where they fell, so which clock comes
    first does not depend on the pause.
    """
    if not active:
        return None
    candidates: list[tuple[datetime, int, Clock]] = []
    if first_response_at is None and first_response_due is not None:
        candidates.append((first_response_due, 0, Clock.FIRST_RESPONSE))
    if next_update_due is not None:  # runs after the first response, or before it where the policy says so
        candidates.append((next_update_due, 1, Clock.NEXT_UPDATE))
    if resolution_due is not None:
        candidates.append((resolution_due, 2, Clock.RESOLUTION))
    if not candidates:
        return None
    due, _, clock = min(candidates)
    return clock, due


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


# -- business hours (issue #6) -------------------------------------------------------
#
# A clock's target is N business minutes on a calendar. A ticket keeps, per clock
# family, the business minutes used before its current running segment and the
# instant that segment began; the due instant is then
#     due = add_business_minutes(calendar, segment start, target - used)
# and is stored, so the queue sorts by it in SQL. Pausing (pending, on hold,
# solved) freezes ``used``; resuming starts a new segment at the resume instant,
# so paused time never counts, inside or outside business hours.


def minutes(td: timedelta) -> float:
    return td.total_seconds() / 60


def ceil_minute(instant: datetime) -> datetime:
    """Due times are whole minutes, rounded up (issue 16): 10:00:00 stays, 10:00:01 is 10:01."""
    if instant.second == 0 and instant.microsecond == 0:
        return instant
    return instant.replace(second=0, microsecond=0) + timedelta(minutes=1)


def due_at(cal: Calendar, start: datetime, left_min: float) -> datetime:
    """The stored due of a clock with ``left_min`` business minutes left at ``start`` (negative: it ran
    out that long before): :func:`business_due` rounded up to the whole minute. A count that runs out
    exactly at a closing time is that instant (never the next opening); rounding up never crosses a
    closing, since openings and closings fall on whole minutes."""
    return ceil_minute(business_due(cal, start, left_min))


def business_due(cal: Calendar, start: datetime, left_min: float) -> datetime:
    """``start`` + ``left_min`` business minutes; a negative amount (already overdue) gives the
    instant that many business minutes *before* ``start`` (when the target ran out)."""
    if left_min >= 0:
        return add_business_minutes(cal, start, left_min)
    need = -left_min
    lo = start - timedelta(minutes=need)
    step = timedelta(minutes=need) + timedelta(days=1)
    for _ in range(64):  # widen until enough business time lies before start
        if business_minutes_between(cal, lo, start) >= need:
            break
        lo -= step
        step *= 2
    hi = start
    # smallest x with between(x, start) <= need: the closing instant if it ran out at a closing
    while hi - lo > timedelta(milliseconds=1):
        mid = lo + (hi - lo) / 2
        if business_minutes_between(cal, mid, start) <= need:
            hi = mid
        else:
            lo = mid
    return hi.replace(microsecond=(hi.microsecond // 1000) * 1000)


def resumed_due(cal: Calendar, due: datetime, paused_at: datetime, resumed_at: datetime) -> datetime:
    """Where a clock's deadline lies once a pause from ``paused_at`` to ``resumed_at`` ends.

    A deadline that had already passed when the pause began never moves: it stays where it fell,
    still overdue. A running one keeps the business minutes it had left at the pause, counted from
    the resume, so it moves later by exactly the business time paused.
    """
    if due <= paused_at:
        return due
    return add_business_minutes(cal, max(resumed_at, paused_at), business_minutes_between(cal, paused_at, due))


def retargeted_due(cal: Calendar, anchor: datetime, target_min: float, used_min: float,
                   old_due: datetime | None = None, old_target_min: float | None = None) -> datetime:
    """A clock's deadline under a (new) target of ``target_min`` business minutes.

    ``anchor`` is now, or the pause start while paused; ``used_min`` the business minutes the clock
    had used by then. With time left, the due is that much business time after ``anchor``. A clock
    already run out is never counted back from ``anchor`` (that would cross the pauses since and
    move the deadline later by their business time): when the old deadline had passed too, the new
    one is the old one shifted by the change of target, so an unchanged target keeps it in place.
    """
    left = target_min - used_min
    if left > 0:
        return business_due(cal, anchor, left)
    if old_due is not None and old_target_min is not None and old_due <= anchor:
        shift = target_min - old_target_min
        return old_due if abs(shift) < 1e-9 else business_due(cal, old_due, shift)
    return business_due(cal, anchor, left)


def used_minutes(cal: Calendar, used_before: float, running_since: datetime | None, at: datetime) -> float:
    """Business minutes a clock has run by ``at``: the closed segments plus the running one."""
    if running_since is None or at <= running_since:
        return used_before
    return used_before + business_minutes_between(cal, running_since, at)


def business_left(cal: Calendar, due: datetime, now: datetime, paused_at: datetime | None) -> float:
    """Business minutes left before ``due`` (negative when overdue), frozen while paused."""
    return business_minutes_between(cal, paused_at if paused_at is not None else now, due)


def warning_instant(cal: Calendar | None, running_since: datetime | None, due: datetime, total: timedelta,
                    warning_fraction: float) -> datetime | None:
    """When ``warning_fraction`` of the target is used (see :func:`warning_at`)."""
    return warning_at(cal, running_since, due, minutes(total * (1 - warning_fraction)))


def warning_at(cal: Calendar | None, running_since: datetime | None, due: datetime, lead_min: float) -> datetime | None:
    """The instant ``lead_min`` business minutes before ``due`` (issue 16: "warn N business minutes
    before a breach"), rounded up to the minute: ``None`` if the clock was already that close when the
    running segment began (the warning would only repeat). Without a calendar: wall-clock."""
    if cal is None or running_since is None:
        return due - timedelta(minutes=lead_min)
    left = business_minutes_between(cal, running_since, due)
    if left <= lead_min:
        return None
    return min(ceil_minute(add_business_minutes(cal, running_since, left - lead_min)), due)
