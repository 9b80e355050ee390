"""Countdowns in words, in the agent's time zone ("3h 20m business · due Tue 14:20 CET")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from agent_tui.domain.durations import compact_business

from agent_tui.domain.calendar.arith import business_minutes_between, is_open, next_opening
from agent_tui.domain.calendar.model import Calendar, _to_us, _zone

_JUST_BEFORE = timedelta(microseconds=1)


def at_closing(cal: Calendar, instant: datetime) -> bool:
    """Whether ``instant`` is a closing time of ``cal`` (open just before, closed at it): a due time
    there is that instant, shown "at closing" (issue 16), never the next opening."""
    return not cal.always_open and not is_open(cal, instant) and is_open(cal, instant - _JUST_BEFORE)

_DAY_LABELS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_LABELS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class CountdownWords:
    """The words of a countdown line (templates with named fields); English unless the edge passes its
    agent's language. ``instant(local, with_date)`` writes a local instant (None: ``Tue 14:20 CET``)."""

    left: str = "{left} business · due {due}"
    paused_until: str = "paused until {at} · {text}"
    overdue: str = "overdue · was due {due}"
    overdue_by: str = "overdue by {late} business · was due {due}"
    paused_left: str = "⏸ {left} business left (paused)"
    paused_overdue: str = "⏸ overdue by {late} business"
    met: str = "met"
    missed: str = "missed"
    at_closing: str = "{due} (at closing)"
    instant: Callable[[datetime, bool], str] | None = None


ENGLISH = CountdownWords()


def _agent_zone(agent_tz: str | tzinfo | None) -> tzinfo:
    if agent_tz is None:
        return UTC
    if isinstance(agent_tz, tzinfo):
        return agent_tz
    return _zone(agent_tz, "agent")


def _format_instant(instant: datetime, zone: tzinfo, *, with_date: bool) -> str:
    local = instant.astimezone(zone)
    day = _DAY_LABELS[local.weekday()]
    when = f"{day} {local.day} {_MONTH_LABELS[local.month - 1]}" if with_date else day
    return f"{when} {local:%H:%M} {local.tzname() or ''}".rstrip()


def describe_remaining(cal: Calendar, due: datetime, now: datetime, agent_tz: str | tzinfo | None,
                       words: CountdownWords = ENGLISH) -> str:
    """One line for a countdown, in the agent's time zone.

    * open: ``"3h 20m business · due Tue 14:20 CET"``
    * closed: ``"paused until Mon 09:00 CET · 3h 20m business · due Tue 14:20 CET"``
    * overdue: ``"overdue by 1h 05m business · was due Tue 14:20 CET"``
    * due at a closing time: ``"… · due Fri 17:00 CET (at closing)"``

    Remaining time is rounded down to the minute. Instants more than six days
    from ``now`` also show the date ("due Tue 14 Apr 14:20 CEST"). ``words``: the line in another language.
    """
    zone = _agent_zone(agent_tz)
    due_us, now_us = _to_us(due, "due"), _to_us(now, "now")

    def fmt(instant: datetime) -> str:
        with_date = abs(instant - now) >= timedelta(days=6)
        if words.instant is not None:
            return words.instant(instant.astimezone(zone), with_date)
        return _format_instant(instant, zone, with_date=with_date)

    shown_due = words.at_closing.format(due=fmt(due)) if at_closing(cal, due) else fmt(due)
    if due_us <= now_us:
        late = business_minutes_between(cal, due, now)
        if late < 1:
            return words.overdue.format(due=shown_due)
        return words.overdue_by.format(late=compact_business(late), due=shown_due)
    left = business_minutes_between(cal, now, due)
    text = words.left.format(left=compact_business(left), due=shown_due)
    if not is_open(cal, now):
        text = words.paused_until.format(at=fmt(next_opening(cal, now)), text=text)
    return text
