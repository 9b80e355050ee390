"""Business-time arithmetic: adding business minutes, measuring them (with paused spans left out),
open/next opening/next closing. Every function takes aware datetimes and answers in UTC."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime

from agent_tui.domain.calendar.model import (
    _MAX_CLOSED_RUN_DAYS,
    _US_PER_MIN,
    Calendar,
    _from_us,
    _to_us,
)
from agent_tui.errors import InvalidInput
from agent_tui.i18n import _


def _minutes_to_us(minutes: float) -> int:
    try:
        value = float(minutes)
    except (TypeError, ValueError):
        raise InvalidInput(_("business minutes must be a number, got {minutes!r}").format(minutes=minutes)) from None
    if not math.isfinite(value) or value < 0:
        raise InvalidInput(_("business minutes must be zero or more, got {minutes!r}").format(minutes=minutes))
    return round(value * _US_PER_MIN)


def _closed_too_long(cal: Calendar) -> InvalidInput:
    return InvalidInput(f"calendar {cal.name!r} has no business hours for {_MAX_CLOSED_RUN_DAYS} days in a row")


def _add_us(cal: Calendar, start_us: int, amount: int, local_ordinal: int | None = None) -> int:
    if local_ordinal is None:
        local_ordinal = cal._local_ordinal(start_us)
    o = local_ordinal - 1  # one day early: a fold can put the instant in yesterday's spans
    cursor = start_us
    rem = amount
    closed_run = 0
    while True:
        if (o + 6) % 7 == 0:  # a Monday: skip whole weeks that the remainder outlasts
            total, first, _last = cal._week(o)
            if first >= cursor and rem > total:
                rem -= total
                closed_run = closed_run + 7 if total == 0 else 0
                if closed_run > _MAX_CLOSED_RUN_DAYS:
                    raise _closed_too_long(cal)
                o += 7
                continue
        spans = cal._day(o)
        for s, e in spans:
            if e <= cursor:
                continue
            s = s if s > cursor else cursor
            avail = e - s
            if rem <= avail:
                return s + rem  # lands at most on the closing instant, never after it
            rem -= avail
            cursor = e
        closed_run = closed_run + 1 if not spans else 0
        if closed_run > _MAX_CLOSED_RUN_DAYS:
            raise _closed_too_long(cal)
        o += 1


def _between_us(cal: Calendar, a: int, b: int) -> int:
    """Open microseconds in [a, b); requires a <= b."""
    if a >= b:
        return 0
    o = cal._local_ordinal(a) - 1
    last = cal._local_ordinal(b) + 1
    total = 0
    while o <= last:
        if (o + 6) % 7 == 0:
            week_total, first, week_last = cal._week(o)
            if first >= a and week_last <= b:
                total += week_total
                o += 7
                continue
        for s, e in cal._day(o):
            if s >= b:
                return total
            if e <= a:
                continue
            total += (e if e < b else b) - (s if s > a else a)
        o += 1
    return total


def _open_at(cal: Calendar, us: int) -> bool:
    o = cal._local_ordinal(us)
    for day in (o - 1, o, o + 1):
        for s, e in cal._day(day):
            if s <= us < e:
                return True
    return False


def _next_open_us(cal: Calendar, us: int) -> int:
    return _add_us(cal, us, 0)


def add_business_minutes(cal: Calendar, start: datetime, minutes: float) -> datetime:
    """The instant at which ``minutes`` business minutes have passed since ``start``.

    Counting begins at ``start`` if the calendar is open then, otherwise at the
    next opening (so ``minutes=0`` from a closed instant gives the next
    opening). The result is never inside closed hours: if the count runs out
    exactly at a closing time, that closing instant is returned, not the next
    opening. ``minutes`` may be fractional; negative values are refused.
    """
    start_us = _to_us(start, "start")
    amount = _minutes_to_us(minutes)
    if cal._always_open:
        return _from_us(start_us + amount)
    return _from_us(_add_us(cal, start_us, amount, start.astimezone(cal._zone).toordinal()))


def business_minutes_between(cal: Calendar, a: datetime, b: datetime) -> float:
    """Business minutes elapsed from ``a`` to ``b``.

    Antisymmetric: negative when ``b`` is before ``a`` (so a countdown to an
    overdue deadline goes negative), ``0.0`` when they are equal.
    """
    a_us, b_us = _to_us(a, "a"), _to_us(b, "b")
    if b_us < a_us:
        return -business_minutes_between(cal, b, a)
    if cal._always_open:
        return (b_us - a_us) / _US_PER_MIN
    return _between_us(cal, a_us, b_us) / _US_PER_MIN


def business_minutes_between_excluding(
    cal: Calendar,
    a: datetime,
    b: datetime,
    paused_spans: Sequence[tuple[datetime, datetime | None]],
) -> float:
    """Like :func:`business_minutes_between`, with paused time never counting.

    ``paused_spans`` are ``(start, end)`` pairs (``end=None``: still paused);
    they may overlap, touch, or reach outside ``[a, b]`` — overlapping spans
    are merged, so no paused minute is subtracted twice. Negative when
    ``b < a``, like :func:`business_minutes_between`.
    """
    a_us, b_us = _to_us(a, "a"), _to_us(b, "b")
    if b_us < a_us:
        return -business_minutes_between_excluding(cal, b, a, paused_spans)
    clipped: list[tuple[int, int]] = []
    for i, span in enumerate(paused_spans):
        try:
            p_start, p_end = span
        except (TypeError, ValueError):
            raise InvalidInput(_("paused span #{number} must be a (start, end) pair").format(number=i + 1)) from None
        s = _to_us(p_start, f"paused span #{i + 1} start")
        e = b_us if p_end is None else _to_us(p_end, f"paused span #{i + 1} end")
        if e < s:
            raise InvalidInput(_("paused span #{number} ends before it starts").format(number=i + 1))
        s, e = max(s, a_us), min(e, b_us)
        if s < e:
            clipped.append((s, e))
    clipped.sort()
    merged: list[list[int]] = []
    for s, e in clipped:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])

    def measure(x: int, y: int) -> int:
        return (y - x) if cal._always_open else _between_us(cal, x, y)

    total = measure(a_us, b_us) - sum(measure(s, e) for s, e in merged)
    return total / _US_PER_MIN


def is_open(cal: Calendar, instant: datetime) -> bool:
    """Whether the desk is open at ``instant`` (intervals are half-open: closed at the closing time)."""
    us = _to_us(instant)
    return cal._always_open or _open_at(cal, us)


def next_opening(cal: Calendar, instant: datetime) -> datetime:
    """``instant`` itself if the desk is open then, otherwise the next opening."""
    us = _to_us(instant)
    if cal._always_open:
        return _from_us(us)
    return _from_us(_next_open_us(cal, us))


def next_closing(cal: Calendar, instant: datetime) -> datetime | None:
    """End of the open period containing ``instant`` or, if closed, of the next one.

    Touching intervals (lunch-less days, shifts across midnight) are one
    period. ``None`` if the calendar never closes (within three years).
    """
    us = _to_us(instant)
    if cal._always_open:
        return None
    start = _next_open_us(cal, us)
    end = start
    o = cal._local_ordinal(start) - 1
    for _day in range(_MAX_CLOSED_RUN_DAYS):
        for s, e in cal._day(o):
            if e <= end:
                continue
            if s > end:
                return _from_us(end)
            end = e
        o += 1
    return None
