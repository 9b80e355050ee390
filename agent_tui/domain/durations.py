"""The one way agent-tui writes a length of time.

``compact`` is what screens and the CLI show (a countdown cell, a header, a report): ``2d 03h``,
``3h 20m``, ``12m 05s``, ``-1h 05m`` overdue; business time is written in hours and minutes only
(``days=False, seconds=False``: "26h 10m" of business time is not "1d 02h"). ``words`` is the form a
customer reads in a message ("3 days", "36 hours").
"""

from __future__ import annotations

import math
from datetime import timedelta


def compact(seconds: float, *, days: bool = True, with_seconds: bool = True) -> str:
    """``seconds`` (negative: overdue) as ``2d 03h`` / ``3h 20m`` / ``12m 05s``, truncated toward zero."""
    sign = "-" if seconds < 0 else ""
    whole = int(math.floor(abs(seconds) + 1e-6))
    if not with_seconds:
        whole -= whole % 60
    d, rest = divmod(whole, 86400) if days else (0, whole)
    hours, rest = divmod(rest, 3600)
    mins, secs = divmod(rest, 60)
    if d:
        return f"{sign}{d}d {hours:02d}h"
    if hours:
        return f"{sign}{hours}h {mins:02d}m"
    if with_seconds:
        return f"{sign}{mins}m {secs:02d}s"
    return f"{sign}{mins}m"


def compact_business(minutes: float) -> str:
    """Business minutes (negative: overdue) as ``3h 20m`` / ``45m``: hours and minutes, no days."""
    return compact(minutes * 60, days=False, with_seconds=False)


def words(td: timedelta) -> str:
    """For a customer's message: whole days as ``3 days``, anything else in hours (``36 hours``)."""
    hours = td.total_seconds() / 3600
    if hours >= 24 and hours % 24 == 0:
        n = int(hours // 24)
        return f"{n} day{'s' if n != 1 else ''}"
    return f"{hours:g} hour{'s' if hours != 1 else ''}"
