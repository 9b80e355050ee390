"""Issue 16's invariants as Hypothesis properties over a ticket's clocks (``domain.sla_clocks``).

A ticket on the shipped calendars, each clock on a calendar of its own, with any targets (every clock
optional) and any update-clock mode, goes through any sequence of events: customer messages, agents'
responses, pauses and resumes, and retargets (a severity, calendar or policy change). After every event:

* a met clock stays met: a first response in time keeps its outcome whatever happens later (and one
  too late stays missed);
* a passed deadline never moves: a running clock whose deadline had passed stays where it fell until it
  stops (an agent's response answers an update clock, which starts again);
* pausing moves a running deadline by exactly the paused business time: to the minute when the pause
  starts and ends on whole minutes, and never by less nor by a minute more otherwise (due times are whole
  minutes, rounded up).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent_tui.domain import sla_clocks as sc
from agent_tui.domain.calendar import TWENTY_FOUR_SEVEN, business_minutes_between, calendars_from_toml
from agent_tui.domain.policy import SlaTarget, UpdateMode, UpdateRules

PROPS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PRESETS = [*calendars_from_toml((Path(__file__).resolve().parents[2] / "data" / "calendars.toml").read_text()).values()]
PRESETS += [TWENTY_FOUR_SEVEN] if not any(c.name == "24x7" for c in PRESETS) else []
START = st.datetimes(datetime(2025, 1, 1), datetime(2027, 12, 1)).map(lambda d: d.replace(tzinfo=UTC))
WHOLE_MINUTE_START = START.map(lambda d: d.replace(second=0, microsecond=0))
GAP = st.integers(1, 6 * 24 * 60).map(lambda m: timedelta(minutes=m))  # a minute to six days
SECONDS = st.integers(0, 59)
TARGET_MIN = st.one_of(st.none(), st.integers(15, 80 * 60).map(float))


@dataclass
class Ticket:
    """The clock fields of a ticket (``sla_clocks.ClockFields``), as the store's row has them."""

    status: str = "open"
    created_at: datetime = datetime(2026, 1, 1, tzinfo=UTC)
    urgency: int = 0
    sla_due_at: datetime | None = None
    sla_calendar: str | None = None
    first_response_calendar: str = ""
    next_update_calendar: str = ""
    sla_running_since: datetime | None = None
    sla_business_min: float = 0.0
    first_response_used_min: float | None = None
    sla_paused_at: datetime | None = None
    sla_paused_seconds: float = 0.0
    first_response_target_min: float | None = None
    resolution_target_min: float | None = None
    next_update_target_min: float | None = None
    first_response_due: datetime | None = None
    resolution_due: datetime | None = None
    next_update_due: datetime | None = None
    update_contact_due: datetime | None = None
    update_unanswered_due: datetime | None = None
    unanswered_since: datetime | None = None
    first_response_at: datetime | None = None
    first_response_business_min: float | None = None
    first_response_met: bool | None = None
    last_contact_at: datetime | None = None
    history: list = field(default_factory=list)


@st.composite
def clocks(draw: st.DrawFn) -> tuple[sc.ClockCalendars, SlaTarget, UpdateRules]:
    cals = sc.ClockCalendars(*(draw(st.sampled_from(PRESETS)) for _ in range(3)))
    fr, res, nu = (draw(TARGET_MIN) for _ in range(3))
    if fr is not None and res is not None and res < fr:
        fr, res = res, fr

    def td(value: float | None) -> timedelta | None:
        return None if value is None else timedelta(minutes=value)

    target = SlaTarget(td(fr), td(res), td(nu), cals.resolution.name, cals.first_response.name,
                       cals.next_update.name)
    rules = UpdateRules(draw(st.sampled_from(list(UpdateMode))), draw(st.booleans()))
    return cals, target, rules


EVENTS = st.lists(st.tuples(st.sampled_from(["customer", "respond", "pause", "resume", "retarget"]), GAP, SECONDS,
                            clocks()), min_size=1, max_size=12)


def running(t: Ticket) -> dict[str, datetime]:
    """The running clocks' deadlines by field."""
    out = {f: getattr(t, f) for f in ("resolution_due", "update_contact_due", "update_unanswered_due")
           if getattr(t, f) is not None}
    if t.first_response_at is None and t.first_response_due is not None:
        out["first_response_due"] = t.first_response_due
    return out


def calendar_of(cals: sc.ClockCalendars, name: str):
    return {"first_response_due": cals.first_response, "resolution_due": cals.resolution}.get(name, cals.next_update)


@PROPS
@given(START, clocks(), EVENTS)
def test_a_met_clock_stays_met_and_a_passed_deadline_never_moves(start, first, events):
    cals, target, rules = first
    t = Ticket(created_at=start)
    sc.start_clocks(t, target, cals, start, rules)
    now = start
    outcome = None
    for kind, gap, seconds, (new_cals, new_target, new_rules) in events:
        now = now + gap + timedelta(seconds=seconds)
        before = running(t)
        reference = t.sla_paused_at or now  # while paused no time runs: a deadline after the pause has not passed
        if kind == "customer":
            sc.record_customer_message(t, cals, now, rules)
        elif kind == "respond":
            sc.record_response(t, cals, now, rules)
        elif kind == "pause":
            sc.pause(t, cals, now)
        elif kind == "resume":
            sc.unpause(t, cals, now)
        else:
            sc.retarget(t, new_target, cals, new_cals, now, new_rules)
            cals, rules = new_cals, new_rules
        # a passed deadline never moves: it stays where it fell until the clock stops (no such clock any more,
        # or an agent's response answers the update clock, which then starts again)
        for name, due in before.items():
            if due <= reference and not (kind == "respond" and name.startswith("update_")):
                assert getattr(t, name) in (due, None), (kind, name, due, getattr(t, name))
        # a met clock stays met (and a missed one missed)
        met = sc.first_response_met(t)
        if outcome is not None:
            assert met is outcome, (kind, outcome, met)
        elif t.first_response_at is not None and met is not None:
            outcome = met


@st.composite
def pauses(draw: st.DrawFn, start_strategy):
    start = draw(start_strategy)
    whole = start.second == 0 and start.microsecond == 0
    spans, at = [], start
    for gap, length in draw(st.lists(st.tuples(GAP, GAP), min_size=1, max_size=5)):
        extra = timedelta() if whole else timedelta(seconds=draw(SECONDS))
        paused = at + gap + extra
        spans.append((paused, paused + length))
        at = paused + length
    return start, spans


def _pausing_moves_by_the_paused_time(case, first, exact: bool) -> None:
    (start, spans), (cals, target, rules) = case, first
    t = Ticket(created_at=start)
    sc.start_clocks(t, target, cals, start, rules)
    for paused, resumed in spans:
        sc.pause(t, cals, paused)
        before = running(t)
        sc.unpause(t, cals, resumed)
        for name, due in before.items():
            cal = calendar_of(cals, name)
            moved = business_minutes_between(cal, due, getattr(t, name))
            if due <= paused:
                assert getattr(t, name) == due  # passed before the pause: it stays
                continue
            paused_min = business_minutes_between(cal, paused, resumed)
            if exact:
                assert abs(moved - paused_min) < 1e-6, (name, moved, paused_min)
            else:  # due times are whole minutes, rounded up: never earlier, less than a minute later
                assert -1e-6 <= moved - paused_min < 1, (name, moved, paused_min)


@PROPS
@given(pauses(WHOLE_MINUTE_START), clocks())
def test_pausing_moves_a_running_deadline_by_exactly_the_paused_business_time(case, first):
    _pausing_moves_by_the_paused_time(case, first, exact=True)


@PROPS
@given(pauses(START), clocks())
def test_with_seconds_the_move_is_the_paused_time_rounded_up_to_the_minute(case, first):
    _pausing_moves_by_the_paused_time(case, first, exact=False)
