"""Property tests for business-hours arithmetic (Hypothesis).

Calendars are the shipped presets plus random ones in zones with and without
DST (both hemispheres); instants are spread over 2025-2028 so every run
crosses DST switches, weekends and holidays.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from agent_tui.domain.calendar import (
    TWENTY_FOUR_SEVEN,
    Calendar,
    add_business_minutes,
    business_minutes_between,
    business_minutes_between_excluding,
    calendar_from_dict,
    calendar_to_dict,
    calendars_from_toml,
    is_open,
    next_closing,
    next_opening,
)

PROPS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
US = timedelta(microseconds=1)
PRESETS = list(calendars_from_toml((Path(__file__).resolve().parents[2] / "data" / "calendars.toml").read_text()).values())
ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "America/Sao_Paulo",
    "America/Santiago",  # DST switches at midnight
    "Australia/Sydney",
    "Australia/Lord_Howe",  # 30-minute DST shift
    "Asia/Kolkata",
    "Europe/London",
    "UTC",
]


_CUTS = {
    step: st.lists(st.sets(st.sampled_from(range(0, 24 * 60 + 1, step)), max_size=4), min_size=7, max_size=7)
    for step in (15, 60)
}
_HOLIDAYS = st.frozensets(st.dates(date(2025, 1, 1), date(2028, 12, 31)), max_size=20)
_YEARLY = st.frozensets(st.tuples(st.integers(1, 12), st.integers(1, 28)), max_size=5)
_ZONES = st.sampled_from(ZONES)


@st.composite
def random_calendars(draw: st.DrawFn, whole_hours: bool = False) -> Calendar:
    week = []
    for cut_set in draw(_CUTS[60 if whole_hours else 15]):
        cuts = sorted(cut_set)
        cuts = cuts[: len(cuts) // 2 * 2]
        week.append(tuple((cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2)))
    assume(any(week))
    return Calendar(
        name="random",
        timezone=draw(_ZONES),
        hours=tuple(week),
        holidays=draw(_HOLIDAYS),
        yearly_holidays=draw(_YEARLY),
    )


calendars = st.one_of(st.sampled_from(PRESETS), random_calendars())
# 2026 DST switch days of ZONES: Europe, US, Sydney/Lord Howe/Santiago (April), Sydney/Lord Howe, Santiago (Sep).
_SWITCHES = [datetime(2026, m, d, tzinfo=UTC) for m, d in ((3, 29), (10, 25), (3, 8), (11, 1), (4, 5), (10, 4), (9, 6))]
instants = st.one_of(
    st.datetimes(datetime(2025, 1, 1), datetime(2028, 12, 31), timezones=st.just(UTC)),
    st.builds(
        lambda base, offset: base + timedelta(microseconds=offset),
        st.sampled_from(_SWITCHES),
        st.integers(-4 * 86_400_000_000, 2 * 86_400_000_000),
    ),
)
minutes = st.integers(0, 30 * 480)  # up to 30 business days of an office


@PROPS
@given(calendars, instants, minutes)
def test_add_then_measure_gives_the_same_minutes(cal, start, m):
    due = add_business_minutes(cal, start, m)
    assert due >= start
    assert due.tzinfo is UTC
    assert business_minutes_between(cal, start, due) == m


@PROPS
@given(calendars, instants, st.floats(0, 5000, allow_nan=False))
def test_fractional_minutes_round_trip(cal, start, m):
    due = add_business_minutes(cal, start, m)
    assert abs(business_minutes_between(cal, start, due) - m) < 1e-6


@PROPS
@given(calendars, instants, minutes)
def test_due_is_never_inside_closed_hours(cal, start, m):
    due = add_business_minutes(cal, start, m)
    if m == 0:
        assert is_open(cal, due)  # the next opening (or start itself)
        assert due == next_opening(cal, start)
    else:
        # the last counted microsecond was open: due is open or exactly a closing instant
        assert is_open(cal, due - US)
        if not is_open(cal, due):
            assert next_closing(cal, due - US) == due


@PROPS
@given(calendars, instants, minutes, minutes)
def test_more_minutes_never_give_an_earlier_due_time(cal, start, m1, m2):
    lo, hi = sorted((m1, m2))
    assert add_business_minutes(cal, start, lo) <= add_business_minutes(cal, start, hi)


@PROPS
@given(calendars, instants, minutes, st.integers(1, 30 * 480))
def test_adding_in_two_steps_equals_adding_once(cal, start, m1, m2):
    step = add_business_minutes(cal, start, m1)
    assert add_business_minutes(cal, step, m2) == add_business_minutes(cal, start, m1 + m2)


@PROPS
@given(calendars, instants, instants, instants)
def test_between_is_additive_and_antisymmetric(cal, a, b, c):
    a, b, c = sorted((a, b, c))
    ab, bc, ac = (business_minutes_between(cal, x, y) for x, y in ((a, b), (b, c), (a, c)))
    assert ab >= 0 and bc >= 0
    assert abs(ab + bc - ac) < 1e-6
    assert business_minutes_between(cal, c, a) == -ac
    assert ac <= (c - a) / timedelta(minutes=1)


pauses = st.lists(st.tuples(instants, st.integers(0, 10 * 24 * 60)), max_size=5)


@PROPS
@given(calendars, instants, st.integers(0, 60 * 24 * 60), pauses, st.randoms(use_true_random=False))
def test_paused_spans_never_count(cal, a, length, raw_spans, rnd):
    b = a + timedelta(minutes=length)
    spans = [(s, s + timedelta(minutes=n)) for s, n in raw_spans]
    got = business_minutes_between_excluding(cal, a, b, spans)
    # Reference: count the business minutes of [a, b) outside every span, piece by piece.
    cuts = sorted({a, b, *(x for s, e in spans for x in (s, e) if a < x < b)})
    expected = 0.0
    for x, y in zip(cuts, cuts[1:]):
        if not any(s <= x and y <= e for s, e in spans):
            expected += business_minutes_between(cal, x, y)
    assert abs(got - expected) < 1e-6
    assert 0 <= got <= business_minutes_between(cal, a, b) + 1e-6
    # Order and duplicates do not matter (overlaps are merged, never subtracted twice).
    shuffled = spans + spans[:2]
    rnd.shuffle(shuffled)
    assert abs(business_minutes_between_excluding(cal, a, b, shuffled) - got) < 1e-6
    # A pause covering everything leaves nothing.
    assert business_minutes_between_excluding(cal, a, b, [*spans, (a - timedelta(days=1), b)]) == 0


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(st.sampled_from(PRESETS), random_calendars(whole_hours=True)),
    instants.map(lambda d: d.replace(second=0, microsecond=0)),
    st.integers(0, 4 * 24 * 60),
)
def test_between_matches_a_minute_by_minute_count(cal, a, length):
    """Independent oracle: walk UTC minute by minute and read the local wall clock.

    With whole-hour boundaries, "is this local wall time inside an interval on a
    business day" agrees with the gap/fold rules (a nonexistent opening opens when
    the gap ends; a repeated hour counts both times only if the interval spans it).
    """
    zone = ZoneInfo(cal.timezone)
    count = 0
    t = a
    for _ in range(length):
        local = t.astimezone(zone)
        minute = local.hour * 60 + local.minute
        if not cal.is_holiday(local.date()) and any(s <= minute < e for s, e in cal.hours[local.weekday()]):
            count += 1
        t += timedelta(minutes=1)
    assert business_minutes_between(cal, a, a + timedelta(minutes=length)) == count


@PROPS
@given(calendars, instants)
def test_next_opening_and_closing_bracket_an_open_period(cal, t):
    opening = next_opening(cal, t)
    assert opening >= t
    assert is_open(cal, opening)
    if opening > t:
        assert business_minutes_between(cal, t, opening) == 0
        assert not is_open(cal, opening - US)
    closing = next_closing(cal, t)
    if closing is not None:
        assert closing > opening
        assert is_open(cal, closing - US)
        assert not is_open(cal, closing)
        assert business_minutes_between(cal, opening, closing) == (closing - opening) / timedelta(minutes=1)


@PROPS
@given(instants, st.integers(0, 10**6))
def test_twenty_four_seven_is_plain_arithmetic(start, m):
    assert add_business_minutes(TWENTY_FOUR_SEVEN, start, m) == start + timedelta(minutes=m)
    assert business_minutes_between(TWENTY_FOUR_SEVEN, start, start + timedelta(minutes=m)) == m


@PROPS
@given(random_calendars())
def test_dict_round_trip(cal):
    assert calendar_from_dict(cal.name, calendar_to_dict(cal)) == cal
