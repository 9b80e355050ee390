"""One injectable clock: every timer, countdown and audit stamp reads it.

Tests move a :class:`FixedClock` by days instead of patching ``datetime``
(freezegun hangs asyncio event loops, see RELIABILITY.md).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from typing import Protocol

from agent_tui.errors import InvalidInput


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
        raise InvalidInput(f"naive datetime {value.isoformat()} has no time zone")
    return value.astimezone(UTC)


def parse_instant(text: str) -> datetime:
    """Parse ISO 8601; a value without offset is taken as UTC."""
    raw = text.strip()
    if raw.endswith("Z") or raw.endswith("z"):
        raw = raw[:-1] + "+00:00"
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(f"not an ISO 8601 date/time: {text!r}") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def clock_from_env(environ: dict[str, str] | None = None) -> Clock:
    """``AGENT_TUI_NOW`` (ISO 8601) pins the clock for any command."""
    env = os.environ if environ is None else environ
    pinned = env.get("AGENT_TUI_NOW", "").strip()
    if pinned:
        return FixedClock(parse_instant(pinned))
    return SystemClock()
