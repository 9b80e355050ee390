"""The calendar model: :class:`Calendar`, its checks and its per-day conversion to UTC instants.

See the package docstring (:mod:`agent_tui.domain.calendar`) for how local hours become instants.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from agent_tui.errors import InvalidInput
from agent_tui.i18n import _

_NOT_LOADED: Any = object()
_holidays_pkg: Any = _NOT_LOADED  # the ``holidays`` package, imported on first use (60 ms a start otherwise)


def _holidays() -> Any:
    """The ``holidays`` package, or None: a declared dependency, kept optional so a trimmed install still
    runs without regions."""
    global _holidays_pkg
    if _holidays_pkg is _NOT_LOADED:
        try:
            import holidays as package
        except ImportError:  # pragma: no cover - depends on the environment
            package = None
        _holidays_pkg = package
    return _holidays_pkg

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
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
    return _holidays() is not None


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
        label = _("calendar {name!r}").format(name=self.name)
        set_ = object.__setattr__
        set_(self, "_zone", _zone(self.timezone, label))
        if len(self.hours) != 7:
            raise InvalidInput(_("{label}: business hours need seven weekdays (Monday first), got {count}").format(
                label=label, count=len(self.hours)))
        normalized = tuple(_check_intervals(day, DAY_NAMES[i], label) for i, day in enumerate(self.hours))
        set_(self, "hours", normalized)
        if not any(normalized):
            raise InvalidInput(_("{label} has no business hours on any weekday").format(label=label))
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
            raise InvalidInput(_("date out of range for business-hours arithmetic")) from None
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


# -- validation helpers (of an already parsed calendar; configuration text is parsed in parse.py) ------------------------------------------------------


def zone_problem(name: object) -> str | None:
    """Why ``name`` is not an IANA time zone, or None if it is one."""
    if not isinstance(name, str) or not name.strip():
        return "timezone must be an IANA zone name such as 'Europe/Berlin'"
    try:
        ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return f"unknown time zone {name!r} (use an IANA name such as 'Europe/Berlin')"
    return None


def _zone(name: object, label: str) -> ZoneInfo:
    problem = zone_problem(name)
    if problem is not None:
        raise InvalidInput(f"{label}: {problem}")
    return ZoneInfo(str(name).strip())


def _check_intervals(day: Iterable[Interval], day_name: str, label: str) -> tuple[Interval, ...]:
    items: list[Interval] = []
    for item in day:
        try:
            start, end = item
        except (TypeError, ValueError):
            raise InvalidInput(_("{label}: {day_name} interval {item!r} must be (start_minute, end_minute)").format(
                label=label, day_name=day_name, item=item)) from None
        if not (isinstance(start, int) and isinstance(end, int)):
            raise InvalidInput(_("{label}: {day_name} interval {item!r} must use whole minutes").format(
                label=label, day_name=day_name, item=item))
        if not (0 <= start <= _DAY_MIN and 0 <= end <= _DAY_MIN):
            raise InvalidInput(_("{label}: {day_name} {start}-{end} is outside 00:00-24:00").format(
                label=label, day_name=day_name, start=_hhmm(start), end=_hhmm(end)))
        if end <= start:
            raise InvalidInput(
                _("{label}: {day_name} {start}-{end} ends before it starts (split a night shift"
                  " into ...-24:00 and 00:00-... on the next day)").format(label=label, day_name=day_name, start=_hhmm(start), end=_hhmm(end))
            )
        items.append((start, end))
    items.sort()
    for (s1, e1), (s2, e2) in zip(items, items[1:]):
        if s2 < e1:
            raise InvalidInput(_("{label}: {day_name} intervals {s1}-{e1} and {s2}-{e2} overlap").format(
                label=label, day_name=day_name, s1=_hhmm(s1), e1=_hhmm(e1), s2=_hhmm(s2), e2=_hhmm(e2)))
    return tuple(items)


def _check_month_day(month: object, day: object, label: str) -> None:
    try:
        date(2024, month, day)  # type: ignore[arg-type]  # a leap year, so 02-29 is allowed
    except (TypeError, ValueError):
        raise InvalidInput(_("{label}: yearly holiday {month!r}-{day!r} is not a calendar date").format(
            label=label, month=month, day=day)) from None


def _region_holidays(region: str, label: str) -> Any:
    package = _holidays()
    if package is None:
        raise InvalidInput(
            _("{label}: region {region!r} needs the optional 'holidays' package, which is not "
              "installed; install it or list the closed dates under holidays / yearly_holidays").format(label=label, region=region)
        )
    country, _sep, subdiv = region.strip().partition("-")
    try:
        return package.country_holidays(country.upper(), subdiv=subdiv.upper() or None)
    except (NotImplementedError, KeyError, ValueError) as exc:
        raise InvalidInput(_("{label}: unknown holiday region {region!r} ({exc})").format(
            label=label, region=region, exc=exc)) from None


# -- time conversion -----------------------------------------------------------


def _to_us(value: datetime, what: str = "instant") -> int:
    if not isinstance(value, datetime):
        raise InvalidInput(_("{what} must be a datetime, got {type}").format(what=what, type=type(value).__name__))
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput(_("{what} {value} is a naive datetime; give it a time zone (UTC)").format(
            what=what, value=value.isoformat()))
    return (value - _EPOCH) // _US


def _from_us(us: int) -> datetime:
    seconds, micro = divmod(us, 1_000_000)
    try:
        return _EPOCH + timedelta(0, seconds, micro)
    except OverflowError:
        raise InvalidInput(_("date out of range for business-hours arithmetic")) from None


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


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


TWENTY_FOUR_SEVEN = Calendar(
    name="24x7",
    timezone="UTC",
    hours=(((0, _DAY_MIN),),) * 7,
    description="Always open: critical tickets get attention even out of hours (seed 000).",
)
