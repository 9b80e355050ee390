"""Business-hours calendars: the arithmetic behind SLA clocks that only run
while the support desk is open.

A :class:`Calendar` names an IANA time zone, the weekly opening hours as
local wall-clock intervals (several per weekday, e.g. 09:00–12:30 and
13:30–17:00), and the days it is closed: one-off dates, yearly (month, day)
dates and, optionally, a country/region holiday set from the ``holidays``
package (only if that package is installed; it is not a dependency).

Every function takes and returns aware datetimes and answers in UTC; a naive
datetime is refused with :class:`~agent_tui.errors.InvalidInput`.

How local hours become instants
-------------------------------
Each business day's intervals are converted to UTC for that very date with
``zoneinfo``, so daylight-saving changes need no special cases:

* a wall time that does not exist (the spring-forward gap, e.g. 02:30 on the
  last Sunday of March in Berlin) means the first instant after the gap
  (03:00 local): an interval 02:00–04:00 on that night lasts one real hour;
* a wall time that occurs twice (the autumn fold) means its first occurrence:
  an interval 00:00–03:00 on that night lasts four real hours.

Intervals are half-open: the calendar is open at 09:00:00 and closed at
17:00:00. Touching intervals (12:00–13:00 and 13:00–14:00, or Monday's
…–24:00 and Tuesday's 00:00–…) form one continuous open period.

Cost
----
Each local day is converted once per calendar and cached as integer
microseconds since the epoch; each week's open total is cached too, so a
computation costs O(days at both ends + weeks in between) and is exact
(holidays and DST weeks are just weeks with a different total).
The structurally always-open calendar (:data:`TWENTY_FOUR_SEVEN`) is plain
``timedelta`` arithmetic.

Pure Python, no I/O.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from agent_tui.errors import InvalidInput

try:  # a declared dependency; kept optional so a trimmed install still runs without regions
    import holidays as _holidays_pkg
except ImportError:  # pragma: no cover - depends on the environment
    _holidays_pkg = None

__all__ = [
    "DAY_NAMES",
    "TWENTY_FOUR_SEVEN",
    "Calendar",
    "add_business_minutes",
    "business_minutes_between",
    "business_minutes_between_excluding",
    "calendar_from_dict",
    "calendar_to_dict",
    "calendars_from_toml",
    "describe_remaining",
    "holidays_package_available",
    "is_open",
    "next_closing",
    "next_opening",
]

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_LABELS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_LABELS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)
_US_PER_MIN = 60_000_000
_DAY_MIN = 24 * 60
# Give up after this many consecutive closed days (a calendar whose yearly
# holidays cover every day would otherwise loop for ever).
_MAX_CLOSED_RUN_DAYS = 3 * 366
_MAX_CACHED_DAYS = 50_000

Interval = tuple[int, int]  # (start, end) in minutes after local midnight, 0 <= start < end <= 1440
Span = tuple[int, int]  # (start, end) in microseconds since the Unix epoch, UTC


def holidays_package_available() -> bool:
    """Whether country/region holiday sets (``region = "DE-BE"``) can be used."""
    return _holidays_pkg is not None


class _Cache:
    """Per-calendar memo of converted days and weekly totals (not part of equality)."""

    __slots__ = ("days", "weeks", "region")

    def __init__(self) -> None:
        self.days: dict[int, tuple[Span, ...]] = {}
        # Monday ordinal -> (open microseconds, first opening, last closing)
        self.weeks: dict[int, tuple[int, float, float]] = {}
        self.region: Any = None


@dataclass(frozen=True)
class Calendar:
    """Business hours of one desk.

    ``hours`` has seven entries, Monday first; each is a tuple of
    ``(start_minute, end_minute)`` local wall-clock intervals, sorted and not
    overlapping, ``0 <= start < end <= 1440`` (1440 is 24:00).
    ``holidays`` are one-off closed dates, ``yearly_holidays`` closed
    ``(month, day)`` pairs, ``region`` an ISO country code with an optional
    subdivision ("DE", "DE-BE", "BR-SP") looked up in the ``holidays``
    package. Build calendars from configuration with :func:`calendar_from_dict`.
    """

    name: str
    timezone: str
    hours: tuple[tuple[Interval, ...], ...]
    holidays: frozenset[date] = frozenset()
    yearly_holidays: frozenset[tuple[int, int]] = frozenset()
    region: str | None = None
    description: str = ""
    _zone: ZoneInfo = field(init=False, repr=False, compare=False, hash=False)
    _always_open: bool = field(init=False, repr=False, compare=False, hash=False)
    _cache: _Cache = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        label = f"calendar {self.name!r}"
        set_ = object.__setattr__
        set_(self, "_zone", _zone(self.timezone, label))
        if len(self.hours) != 7:
            raise InvalidInput(f"{label}: business hours need seven weekdays (Monday first), got {len(self.hours)}")
        normalized = tuple(_check_intervals(day, DAY_NAMES[i], label) for i, day in enumerate(self.hours))
        set_(self, "hours", normalized)
        if not any(normalized):
            raise InvalidInput(f"{label} has no business hours on any weekday")
        set_(self, "holidays", frozenset(self.holidays))
        yearly = frozenset(self.yearly_holidays)
        for month, day in yearly:
            _check_month_day(month, day, label)
        set_(self, "yearly_holidays", yearly)
        cache = _Cache()
        if self.region:
            cache.region = _region_holidays(self.region, label)
        set_(self, "_cache", cache)
        always = (
            all(day == ((0, _DAY_MIN),) for day in normalized)
            and not self.holidays
            and not yearly
            and not self.region
        )
        set_(self, "_always_open", always)

    @property
    def zone(self) -> ZoneInfo:
        return self._zone

    @property
    def always_open(self) -> bool:
        return self._always_open

    def weekly_minutes(self) -> int:
        """Nominal open minutes in a week without holidays or DST change."""
        return sum(e - s for day in self.hours for s, e in day)

    def is_holiday(self, day: date) -> bool:
        if day in self.holidays or (day.month, day.day) in self.yearly_holidays:
            return True
        region = self._cache.region
        return region is not None and day in region

    # -- cached conversion -------------------------------------------------

    def _day(self, ordinal: int) -> tuple[Span, ...]:
        cache = self._cache.days
        spans = cache.get(ordinal)
        if spans is None:
            if len(cache) > _MAX_CACHED_DAYS:
                cache.clear()
                self._cache.weeks.clear()
            spans = cache[ordinal] = self._convert_day(ordinal)
        return spans

    def _convert_day(self, ordinal: int) -> tuple[Span, ...]:
        try:
            day = date.fromordinal(ordinal)
        except (ValueError, OverflowError):
            raise InvalidInput("date out of range for business-hours arithmetic") from None
        intervals = self.hours[day.weekday()]
        if not intervals or self.is_holiday(day):
            return ()
        out: list[list[int]] = []
        for start, end in intervals:
            s = _wall_to_us(self._zone, day, start)
            e = _wall_to_us(self._zone, day, end)
            if e <= s:  # swallowed by a spring-forward gap
                continue
            if out and out[-1][1] >= s:
                out[-1][1] = max(out[-1][1], e)
            else:
                out.append([s, e])
        return tuple((s, e) for s, e in out)

    def _week(self, monday: int) -> tuple[int, float, float]:
        info = self._cache.weeks.get(monday)
        if info is None:
            total, first, last = 0, math.inf, -math.inf
            for o in range(monday, monday + 7):
                for s, e in self._day(o):
                    total += e - s
                    first = min(first, s)
                    last = max(last, e)
            info = self._cache.weeks[monday] = (total, first, last)
        return info

    def _local_ordinal(self, us: int) -> int:
        return _from_us(us).astimezone(self._zone).toordinal()


# -- validation helpers ------------------------------------------------------


def _zone(name: object, label: str) -> ZoneInfo:
    if not isinstance(name, str) or not name.strip():
        raise InvalidInput(f"{label}: timezone must be an IANA zone name such as 'Europe/Berlin'")
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InvalidInput(f"{label}: unknown time zone {name!r} (use an IANA name such as 'Europe/Berlin')") from None


def _check_intervals(day: Iterable[Interval], day_name: str, label: str) -> tuple[Interval, ...]:
    items: list[Interval] = []
    for item in day:
        try:
            start, end = item
        except (TypeError, ValueError):
            raise InvalidInput(f"{label}: {day_name} interval {item!r} must be (start_minute, end_minute)") from None
        if not (isinstance(start, int) and isinstance(end, int)):
            raise InvalidInput(f"{label}: {day_name} interval {item!r} must use whole minutes")
        if not (0 <= start <= _DAY_MIN and 0 <= end <= _DAY_MIN):
            raise InvalidInput(f"{label}: {day_name} {_hhmm(start)}-{_hhmm(end)} is outside 00:00-24:00")
        if end <= start:
            raise InvalidInput(
                f"{label}: {day_name} {_hhmm(start)}-{_hhmm(end)} ends before it starts "
                "(split a night shift into ...-24:00 and 00:00-... on the next day)"
            )
        items.append((start, end))
    items.sort()
    for (s1, e1), (s2, e2) in zip(items, items[1:]):
        if s2 < e1:
            raise InvalidInput(f"{label}: {day_name} intervals {_hhmm(s1)}-{_hhmm(e1)} and {_hhmm(s2)}-{_hhmm(e2)} overlap")
    return tuple(items)


def _check_month_day(month: object, day: object, label: str) -> None:
    try:
        date(2024, month, day)  # type: ignore[arg-type]  # a leap year, so 02-29 is allowed
    except (TypeError, ValueError):
        raise InvalidInput(f"{label}: yearly holiday {month!r}-{day!r} is not a calendar date") from None


def _region_holidays(region: str, label: str) -> Any:
    if _holidays_pkg is None:
        raise InvalidInput(
            f"{label}: region {region!r} needs the optional 'holidays' package, which is not installed; "
            "install it or list the closed dates under holidays / yearly_holidays"
        )
    country, _, subdiv = region.strip().partition("-")
    try:
        return _holidays_pkg.country_holidays(country.upper(), subdiv=subdiv.upper() or None)
    except (NotImplementedError, KeyError, ValueError) as exc:
        raise InvalidInput(f"{label}: unknown holiday region {region!r} ({exc})") from None


# -- time conversion -----------------------------------------------------------


def _to_us(value: datetime, what: str = "instant") -> int:
    if not isinstance(value, datetime):
        raise InvalidInput(f"{what} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput(f"{what} {value.isoformat()} is a naive datetime; give it a time zone (UTC)")
    return (value - _EPOCH) // _US


def _from_us(us: int) -> datetime:
    seconds, micro = divmod(us, 1_000_000)
    try:
        return _EPOCH + timedelta(0, seconds, micro)
    except OverflowError:
        raise InvalidInput("date out of range for business-hours arithmetic") from None


def _wall_to_us(zone: ZoneInfo, day: date, minute: int) -> int:
    """Local wall time -> epoch µs; gap times map to the end of the gap, fold times to their first occurrence."""
    if minute == _DAY_MIN:
        day = day + timedelta(days=1)
        minute = 0
    naive = datetime(day.year, day.month, day.day, minute // 60, minute % 60)
    first = naive.replace(tzinfo=zone)  # fold=0: first occurrence of an ambiguous time
    utc = first.astimezone(UTC)
    if utc.astimezone(zone).replace(tzinfo=None) == naive:
        return (utc - _EPOCH) // _US
    # Nonexistent (spring-forward gap): the transition lies between the two readings.
    other = naive.replace(tzinfo=zone, fold=1).astimezone(UTC)
    lo, hi = min(utc, other), max(utc, other)
    after = hi.astimezone(zone).utcoffset()
    lo_s, hi_s = int((lo - _EPOCH).total_seconds()), int((hi - _EPOCH).total_seconds())
    while hi_s - lo_s > 1:  # transitions fall on whole seconds
        mid = (lo_s + hi_s) // 2
        if (_EPOCH + timedelta(seconds=mid)).astimezone(zone).utcoffset() == after:
            hi_s = mid
        else:
            lo_s = mid
    return hi_s * 1_000_000


# -- the arithmetic --------------------------------------------------------------


def _minutes_to_us(minutes: float) -> int:
    try:
        value = float(minutes)
    except (TypeError, ValueError):
        raise InvalidInput(f"business minutes must be a number, got {minutes!r}") from None
    if not math.isfinite(value) or value < 0:
        raise InvalidInput(f"business minutes must be zero or more, got {minutes!r}")
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
            raise InvalidInput(f"paused span #{i + 1} must be a (start, end) pair") from None
        s = _to_us(p_start, f"paused span #{i + 1} start")
        e = b_us if p_end is None else _to_us(p_end, f"paused span #{i + 1} end")
        if e < s:
            raise InvalidInput(f"paused span #{i + 1} ends before it starts")
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
    for _ in range(_MAX_CLOSED_RUN_DAYS):
        for s, e in cal._day(o):
            if e <= end:
                continue
            if s > end:
                return _from_us(end)
            end = e
        o += 1
    return None


# -- display -------------------------------------------------------------------------


def _agent_zone(agent_tz: str | tzinfo | None) -> tzinfo:
    if agent_tz is None:
        return UTC
    if isinstance(agent_tz, tzinfo):
        return agent_tz
    return _zone(agent_tz, "agent")


def _format_duration(minutes: float) -> str:
    whole = int(math.floor(minutes + 1e-9))
    hours, mins = divmod(whole, 60)
    return f"{hours}h {mins:02d}m" if hours else f"{mins}m"


def _format_instant(instant: datetime, zone: tzinfo, *, with_date: bool) -> str:
    local = instant.astimezone(zone)
    day = _DAY_LABELS[local.weekday()]
    when = f"{day} {local.day} {_MONTH_LABELS[local.month - 1]}" if with_date else day
    return f"{when} {local:%H:%M} {local.tzname() or ''}".rstrip()


def describe_remaining(cal: Calendar, due: datetime, now: datetime, agent_tz: str | tzinfo | None) -> str:
    """One line for a countdown, in the agent's time zone.

    * open: ``"3h 20m business · due Tue 14:20 CET"``
    * closed: ``"paused until Mon 09:00 CET · 3h 20m business · due Tue 14:20 CET"``
    * overdue: ``"overdue by 1h 05m business · was due Tue 14:20 CET"``

    Remaining time is rounded down to the minute. Instants more than six days
    from ``now`` also show the date ("due Tue 14 Apr 14:20 CEST").
    """
    zone = _agent_zone(agent_tz)
    due_us, now_us = _to_us(due, "due"), _to_us(now, "now")

    def fmt(instant: datetime) -> str:
        return _format_instant(instant, zone, with_date=abs(instant - now) >= timedelta(days=6))

    if due_us <= now_us:
        late = business_minutes_between(cal, due, now)
        if late < 1:
            return f"overdue · was due {fmt(due)}"
        return f"overdue by {_format_duration(late)} business · was due {fmt(due)}"
    left = business_minutes_between(cal, now, due)
    text = f"{_format_duration(left)} business · due {fmt(due)}"
    if not is_open(cal, now):
        text = f"paused until {fmt(next_opening(cal, now))} · {text}"
    return text


# -- configuration ------------------------------------------------------------------------

_HHMM = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _parse_hhmm(text: str, label: str) -> int:
    m = _HHMM.match(text)
    if not m:
        raise InvalidInput(f"{label}: {text!r} is not a time like 09:00")
    hour, minute = int(m.group(1)), int(m.group(2))
    if minute > 59 or hour > 24 or (hour == 24 and minute):
        raise InvalidInput(f"{label}: {text!r} is not a time between 00:00 and 24:00")
    return hour * 60 + minute


def _parse_interval(raw: object, label: str) -> Interval:
    if not isinstance(raw, str) or raw.count("-") != 1:
        raise InvalidInput(f"{label}: interval {raw!r} must look like \"09:00-17:00\"")
    left, right = raw.split("-")
    start, end = _parse_hhmm(left, label), _parse_hhmm(right, label)
    if end <= start:
        raise InvalidInput(
            f"{label}: {raw.strip()} ends before it starts "
            "(split a night shift into ...-24:00 and 00:00-... on the next day)"
        )
    return (start, end)


def _parse_days(key: str, label: str) -> list[int]:
    k = key.strip().lower()
    if k in ("daily", "all", "every_day"):
        return list(range(7))
    if k == "weekdays":
        return list(range(5))
    if k == "weekend":
        return [5, 6]
    if "-" in k:
        first, _, last = k.partition("-")
        if first in DAY_NAMES and last in DAY_NAMES:
            i, j = DAY_NAMES.index(first), DAY_NAMES.index(last)
            if i <= j:
                return list(range(i, j + 1))
    elif k in DAY_NAMES:
        return [DAY_NAMES.index(k)]
    raise InvalidInput(f"{label}: {key!r} is not a weekday or range like mon, mon-fri, weekdays, weekend, daily")


def _parse_date(raw: object, label: str) -> date:
    if isinstance(raw, datetime):
        raise InvalidInput(f"{label}: holiday {raw!r} must be a date, not a date and time")
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            pass
    raise InvalidInput(f"{label}: holiday {raw!r} is not a date like 2026-04-06")


def _parse_month_day(raw: object, label: str) -> tuple[int, int]:
    if isinstance(raw, str):
        m = re.fullmatch(r"\s*(\d{1,2})-(\d{1,2})\s*", raw)
        if m:
            md = (int(m.group(1)), int(m.group(2)))
            _check_month_day(*md, label)
            return md
    raise InvalidInput(f"{label}: yearly holiday {raw!r} must look like \"12-25\" (month-day)")


def calendar_from_dict(name: str, data: Mapping[str, object]) -> Calendar:
    """Build a calendar from configuration (a TOML table)::

        timezone = "Europe/Berlin"
        description = "..."
        holidays = ["2026-04-03", "2026-04-06"]     # one-off closed dates
        yearly_holidays = ["01-01", "12-25"]         # month-day, every year
        region = "DE-BE"                             # optional, needs the 'holidays' package
        [hours]
        mon-fri = ["09:00-12:30", "13:30-17:00"]     # keys: mon..sun, ranges, weekdays, weekend, daily
        sat = ["10:00-14:00"]

    Every problem is reported as :class:`InvalidInput` naming the calendar
    and the offending value.
    """
    label = f"calendar {name!r}"
    if not isinstance(data, Mapping):
        raise InvalidInput(f"{label} must be a table")
    known = {"timezone", "hours", "holidays", "yearly_holidays", "region", "description"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise InvalidInput(f"{label}: unknown field(s) {', '.join(unknown)} (expected {', '.join(sorted(known))})")
    if "timezone" not in data:
        raise InvalidInput(f"{label} has no timezone (an IANA name such as 'Europe/Berlin')")
    raw_hours = data.get("hours")
    if not isinstance(raw_hours, Mapping) or not raw_hours:
        raise InvalidInput(f"{label} has no [hours] table (e.g. mon-fri = [\"09:00-17:00\"])")
    week: list[list[Interval] | None] = [None] * 7
    for key, value in raw_hours.items():
        days = _parse_days(str(key), label)
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, (list, tuple)):
            raise InvalidInput(f"{label}: hours.{key} must be a list like [\"09:00-17:00\"]")
        intervals = [_parse_interval(v, f"{label} hours.{key}") for v in value]
        for d in days:
            if week[d] is not None:
                raise InvalidInput(f"{label}: {DAY_NAMES[d]} is given more than once in [hours]")
            week[d] = intervals
    hours = tuple(tuple(day or ()) for day in week)

    def as_list(field_name: str) -> list[object]:
        raw = data.get(field_name, [])
        if not isinstance(raw, (list, tuple)):
            raise InvalidInput(f"{label}: {field_name} must be a list")
        return list(raw)

    one_off = frozenset(_parse_date(v, label) for v in as_list("holidays"))
    yearly = frozenset(_parse_month_day(v, label) for v in as_list("yearly_holidays"))
    region = data.get("region")
    if region is not None and (not isinstance(region, str) or not region.strip()):
        raise InvalidInput(f"{label}: region must be a code like \"DE\" or \"DE-BE\"")
    return Calendar(
        name=name,
        timezone=_zone(data["timezone"], label).key,  # validated and stripped
        hours=hours,
        holidays=one_off,
        yearly_holidays=yearly,
        region=region.strip() if isinstance(region, str) else None,
        description=str(data.get("description", "")),
    )


def calendar_to_dict(cal: Calendar) -> dict[str, object]:
    """The inverse of :func:`calendar_from_dict`; consecutive identical days become ranges (mon-fri)."""
    hours: dict[str, list[str]] = {}
    i = 0
    while i < 7:
        j = i
        while j + 1 < 7 and cal.hours[j + 1] == cal.hours[i]:
            j += 1
        if cal.hours[i]:
            key = DAY_NAMES[i] if i == j else f"{DAY_NAMES[i]}-{DAY_NAMES[j]}"
            hours[key] = [f"{_hhmm(s)}-{_hhmm(e)}" for s, e in cal.hours[i]]
        i = j + 1
    out: dict[str, object] = {"timezone": cal.timezone}
    if cal.description:
        out["description"] = cal.description
    out["hours"] = hours
    if cal.holidays:
        out["holidays"] = [d.isoformat() for d in sorted(cal.holidays)]
    if cal.yearly_holidays:
        out["yearly_holidays"] = [f"{m:02d}-{d:02d}" for m, d in sorted(cal.yearly_holidays)]
    if cal.region:
        out["region"] = cal.region
    return out


def calendars_from_toml(text: str) -> dict[str, Calendar]:
    """Parse a ``calendars.toml`` document (``[calendar.NAME]`` tables); the caller reads the file."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"calendars file is not valid TOML: {exc}") from None
    tables = doc.get("calendar")
    if not isinstance(tables, Mapping) or not tables:
        raise InvalidInput("calendars file has no [calendar.NAME] tables")
    return {str(name): calendar_from_dict(str(name), table) for name, table in tables.items()}


TWENTY_FOUR_SEVEN = Calendar(
    name="24x7",
    timezone="UTC",
    hours=(((0, _DAY_MIN),),) * 7,
    description="Always open: critical tickets get attention even out of hours (seed 000).",
)
