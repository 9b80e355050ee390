"""One injectable clock: every timer, countdown and audit stamp reads it.

Tests move a :class:`FixedClock` by days instead of patching ``datetime``
(freezegun hangs asyncio event loops, see RELIABILITY.md).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from typing import Protocol

from agent_tui.errors import InvalidInput
from agent_tui.i18n import _


class Clock(Protocol):
    def now(self) -> datetime:  # aware, UTC
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that only moves when told to."""

    def __init__(self, at: datetime) -> None:
        self._at = ensure_utc(at)

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        self._at = ensure_utc(at)

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        self._at = self._at + (delta or timedelta(**kwargs))
        return self._at


def ensure_utc(value: datetime) -> datetime:
    """Return ``value`` as an aware UTC datetime; naive datetimes are refused."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput(_("naive datetime {value} has no time zone").format(value=value.isoformat()))
    return value.astimezone(UTC)


# Instants a user may give: deadlines, reminders and report periods are computed years ahead and
# behind, and Python's datetime ends at 9999, so anything outside these years is refused.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2999


def parse_instant(text: str) -> datetime:
    """Parse ISO 8601; a value without offset is taken as UTC. Years outside 1900-2999 are refused."""
    raw = text.strip()
    if raw.endswith("Z") or raw.endswith("z"):
        raw = raw[:-1] + "+00:00"
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(_("not an ISO 8601 date/time: {text!r}").format(text=text)) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        value = value.astimezone(UTC)
        in_range = EARLIEST_YEAR <= value.year <= LATEST_YEAR
    except OverflowError:  # 0001-01-01T00:00+01:00 has no UTC instant
        in_range = False
    if not in_range:
        raise InvalidInput(_("date/time {text!r} is out of range: use a year from {first} to {last}").format(
            text=text, first=EARLIEST_YEAR, last=LATEST_YEAR))
    return value


def pinned_clock(pinned: str | None) -> Clock:
    """A clock fixed at ``pinned`` (ISO 8601), or the system clock when it is empty.

    The edge (``config.clock_from_env``) reads ``AGENT_TUI_NOW`` and passes it here.
    """
    pinned = (pinned or "").strip()
    if pinned:
        return FixedClock(parse_instant(pinned))
    return SystemClock()


def shown_at(at: datetime | None, zone: tzinfo, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """An instant as the agent reads it: in their zone (``Context.tz``), ``""`` for none."""
    return at.astimezone(zone).strftime(fmt) if at is not None else ""


def zone_name(zone: tzinfo) -> str:
    """How a zone is named to the agent (the header, the report): its IANA key, e.g. ``Europe/Berlin``."""
    return getattr(zone, "key", None) or str(zone)
