"""Property tests (Hypothesis): what a pause does to a deadline, on the shipped calendars.

A deadline that had passed before a pause starts never moves; a running one moves later by exactly
the business time paused. Over any sequence of pauses the due is where the clock's running
(unpaused) business time reaches its target.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent_tui.domain.calendar import (
    add_business_minutes,
    business_minutes_between,
    business_minutes_between_excluding,
    calendars_from_toml,
)
from agent_tui.domain.sla import resumed_due, retargeted_due

PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PRESETS = list(calendars_from_toml((Path(__file__).resolve().parents[2] / "data" / "calendars.toml").read_text()).values())
EPS = 1e-3  # business minutes (deadlines are kept to the millisecond)
START = st.datetimes(datetime(2025, 1, 1), datetime(2028, 6, 1)).map(lambda d: d.replace(tzinfo=UTC))
# gaps and pauses from a minute to three weeks: pauses inside, across and outside business hours
SPAN = st.integers(1, 21 * 24 * 60).map(lambda m: timedelta(minutes=m))


@st.composite
def pause_sequences(draw: st.DrawFn):
    cal = draw(st.sampled_from(PRESETS))
    start = draw(START)
    target = draw(st.integers(1, 120 * 60))
    pauses, at = [], start
    for gap, length in draw(st.lists(st.tuples(SPAN, SPAN), min_size=1, max_size=6)):
        paused = at + gap
        pauses.append((paused, paused + length))
        at = paused + length
    return cal, start, float(target), pauses


@PROPS
@given(pause_sequences())
def test_a_passed_deadline_never_moves_and_a_running_one_moves_by_the_paused_business_time(case):
    cal, start, target, pauses = case
    due = add_business_minutes(cal, start, target)
    for paused, resumed in pauses:
        new = resumed_due(cal, due, paused, resumed)
        if due <= paused:
            assert new == due
        else:
            assert business_minutes_between(cal, due, new) == pytest.approx(
                business_minutes_between(cal, paused, resumed), abs=EPS)
        due = new
    # wherever it ends up, the due is where the running business time reaches the target
    assert business_minutes_between_excluding(cal, start, due, pauses) == pytest.approx(target, abs=EPS)


@PROPS
@given(pause_sequences(), st.integers(0, 6))
def test_a_recompute_under_the_same_target_keeps_every_deadline(case, after_last):
    cal, start, target, pauses = case
    due = add_business_minutes(cal, start, target)
    for paused, resumed in pauses:
        due = resumed_due(cal, due, paused, resumed)
    now = pauses[-1][1] + timedelta(days=after_last)
    used = business_minutes_between_excluding(cal, start, now, pauses)
    again = retargeted_due(cal, now, target, used, due, target)
    if due <= now:
        assert again == due
    else:  # still running: the same instant, up to the millisecond rounding of the calendar maths
        assert abs(business_minutes_between(cal, due, again)) <= EPS
