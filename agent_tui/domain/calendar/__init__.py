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

Modules
-------
``model`` (the :class:`Calendar` and its per-day conversion), ``arith`` (business-time
arithmetic), ``display`` (countdowns in words), ``parse`` (configuration, checked by pydantic).
Callers import the names re-exported here.

Pure Python, no I/O.
"""

from agent_tui.domain.calendar.arith import (
    add_business_minutes,
    business_minutes_between,
    business_minutes_between_excluding,
    is_open,
    next_closing,
    next_opening,
)
from agent_tui.domain.calendar.display import ENGLISH as ENGLISH_WORDS, CountdownWords, at_closing, describe_remaining
from agent_tui.domain.calendar.model import (
    DAY_NAMES,
    TWENTY_FOUR_SEVEN,
    Calendar,
    holidays_package_available,
)
from agent_tui.domain.calendar.parse import (
    CalendarTable,
    calendar_from_dict,
    calendar_to_dict,
    calendars_from_tables,
    calendars_from_toml,
)

__all__ = [
    "DAY_NAMES",
    "TWENTY_FOUR_SEVEN",
    "Calendar",
    "CalendarTable",
    "add_business_minutes",
    "business_minutes_between",
    "business_minutes_between_excluding",
    "calendar_from_dict",
    "calendar_to_dict",
    "calendars_from_tables",
    "calendars_from_toml",
    "at_closing",
    "describe_remaining",
    "CountdownWords",
    "ENGLISH_WORDS",
    "holidays_package_available",
    "is_open",
    "next_closing",
    "next_opening",
]
