"""Calendars from configuration: ``[calendar.NAME]`` TOML tables checked by a pydantic model.

Every problem is reported as :class:`~agent_tui.errors.InvalidInput` naming the calendar, the
field (``hours.mon[1]``) and the offending value; a file's problems also name the file.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, ValidationError

from agent_tui.domain.calendar.model import DAY_NAMES, Calendar, Interval, _hhmm, zone_problem
from agent_tui.domain.validation import explain
from agent_tui.errors import InvalidInput
from agent_tui.i18n import N_, _

_HHMM = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")
END_OF_DAY_WRITTEN = 23 * 60 + 59  # "09:00-23:59" is how many helpdesks write "until the end of the day"
_NIGHT_SHIFT = N_("(split a night shift into ...-24:00 and 00:00-... on the next day)")


def _parse_hhmm(text: str) -> int:
    m = _HHMM.match(text)
    if not m:
        raise ValueError(_("{text!r} is not a time like 09:00").format(text=text))
    hour, minute = int(m.group(1)), int(m.group(2))
    if minute > 59 or hour > 24 or (hour == 24 and minute):
        raise ValueError(_("{text!r} is not a time between 00:00 and 24:00").format(text=text))
    return hour * 60 + minute


def _interval(raw: object) -> Interval:
    if not isinstance(raw, str) or raw.count("-") != 1:
        raise ValueError(_('interval {raw!r} must look like "09:00-17:00"').format(raw=raw))
    left, right = raw.split("-")
    start, end = _parse_hhmm(left), _parse_hhmm(right)
    if end == END_OF_DAY_WRITTEN:
        end = 24 * 60  # issue 16: a day written to end at "23:59" ends at midnight, not a minute before
    if end <= start:
        raise ValueError(_("{interval} ends before it starts {hint}").format(
            interval=raw.strip(), hint=_(_NIGHT_SHIFT)))
    return (start, end)


def _days(key: object) -> tuple[int, ...]:
    k = str(key).strip().lower()
    if k in ("daily", "all", "every_day"):
        return tuple(range(7))
    if k == "weekdays":
        return tuple(range(5))
    if k == "weekend":
        return (5, 6)
    if "-" in k:
        first, _sep, last = k.partition("-")
        if first in DAY_NAMES and last in DAY_NAMES:
            i, j = DAY_NAMES.index(first), DAY_NAMES.index(last)
            if i <= j:
                return tuple(range(i, j + 1))
    elif k in DAY_NAMES:
        return (DAY_NAMES.index(k),)
    raise ValueError(_("{key!r} is not a weekday or range like mon, mon-fri, weekdays, weekend, daily").format(key=key))


def _one_or_list(value: object) -> object:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, (list, tuple)):
        raise ValueError(_('must be a list like ["09:00-17:00"]'))
    return value


def _hours_table(value: object) -> object:
    if not isinstance(value, Mapping) or not value:
        raise ValueError(_(_NO_HOURS))
    return value


def _week(table: dict[tuple[int, ...], list[Interval]]) -> tuple[tuple[Interval, ...], ...]:
    week: list[list[Interval] | None] = [None] * 7
    for days, intervals in table.items():
        for d in days:
            if week[d] is not None:
                raise ValueError(_("{day} is given more than once in [hours]").format(day=DAY_NAMES[d]))
            week[d] = intervals
    return tuple(tuple(day or ()) for day in week)


def _as_list(value: object) -> object:
    if not isinstance(value, (list, tuple)):
        raise ValueError(_("must be a list"))
    return value


def _holiday(raw: object) -> date:
    if isinstance(raw, datetime):
        raise ValueError(_("holiday {raw!r} must be a date, not a date and time").format(raw=raw))
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            pass
    raise ValueError(_("holiday {raw!r} is not a date like 2026-04-06").format(raw=raw))


def _month_day(raw: object) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d{1,2})-(\d{1,2})\s*", raw) if isinstance(raw, str) else None
    if m is None:
        raise ValueError(_('yearly holiday {raw!r} must look like "12-25" (month-day)').format(raw=raw))
    month, day = int(m.group(1)), int(m.group(2))
    try:
        date(2024, month, day)  # a leap year, so 02-29 is allowed
    except ValueError:
        raise ValueError(_("yearly holiday {month!r}-{day!r} is not a calendar date").format(
            month=month, day=day)) from None
    return (month, day)


def _timezone(value: object) -> str:
    problem = zone_problem(value)
    if problem is not None:
        raise ValueError(problem.removeprefix("timezone "))
    return str(value).strip()


def _region(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError(_('must be a code like "DE" or "DE-BE"'))
    return value.strip()


_NO_HOURS = N_('has no [hours] table (e.g. mon-fri = ["09:00-17:00"])')
Intervals = Annotated[list[Annotated[Interval, BeforeValidator(_interval)]], BeforeValidator(_one_or_list)]
Days = Annotated[tuple[int, ...], BeforeValidator(_days)]


class CalendarTable(BaseModel):
    """One ``[calendar.NAME]`` table as written in configuration (see :func:`calendar_from_dict`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    timezone: Annotated[str, BeforeValidator(_timezone)]
    # Validated as {days: intervals}, then turned into the week (seven tuples of intervals, Monday first).
    hours: Annotated[dict[Days, Intervals], BeforeValidator(_hours_table), AfterValidator(_week)]
    holidays: Annotated[list[Annotated[date, BeforeValidator(_holiday)]], BeforeValidator(_as_list)] = []
    yearly_holidays: Annotated[list[Annotated[tuple[int, int], BeforeValidator(_month_day)]],
                               BeforeValidator(_as_list)] = []
    region: Annotated[str | None, BeforeValidator(_region)] = None
    description: Annotated[str, BeforeValidator(str)] = ""


_MISSING = {"timezone": N_("has no timezone (an IANA name such as 'Europe/Berlin')"), "hours": _NO_HOURS}


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
        sun = ["12:00-23:59"]                        # an interval ending 23:59 (or 24:00) runs to midnight

    Every problem is reported as :class:`InvalidInput` naming the calendar, the field and the
    offending value (all of the table's problems at once).
    """
    label = _("calendar {name!r}").format(name=name)
    if not isinstance(data, Mapping):
        raise InvalidInput(_("{label} must be a table").format(label=label))
    try:
        table = CalendarTable.model_validate(dict(data))
    except ValidationError as exc:
        lines = explain(exc, known=CalendarTable.model_fields, missing=_MISSING)
        raise InvalidInput(f"{label}: " + "; ".join(lines)) from None
    return Calendar(
        name=name,
        timezone=table.timezone,
        hours=table.hours,  # type: ignore[arg-type]  # the week, built by _week
        holidays=frozenset(table.holidays),
        yearly_holidays=frozenset(table.yearly_holidays),
        region=table.region,
        description=table.description,
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


def calendars_from_tables(doc: Mapping[str, object], source: str = "calendars file") -> dict[str, Calendar]:
    """The calendars of a parsed ``calendars.toml`` document; problems name ``source`` (the file)."""
    tables = doc.get("calendar")
    if not isinstance(tables, Mapping) or not tables:
        raise InvalidInput(_("{source} has no [calendar.NAME] tables").format(source=source))
    out: dict[str, Calendar] = {}
    for name, table in tables.items():
        try:
            out[str(name)] = calendar_from_dict(str(name), table)
        except InvalidInput as exc:
            raise InvalidInput(f"{source}: {exc.message}") from None
    return out


def calendars_from_toml(text: str, source: str = "calendars file") -> dict[str, Calendar]:
    """Parse a ``calendars.toml`` document (``[calendar.NAME]`` tables); the caller reads the file."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(_("{source} is not valid TOML: {exc}").format(source=source, exc=exc)) from None
    return calendars_from_tables(doc, source)
