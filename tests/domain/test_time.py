"""SLA maths, the timers a ticket calls for, and the one injectable clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from agent_tui.domain import durations, sla
from agent_tui.config import clock_from_env
from agent_tui.domain.clock import FixedClock, ensure_utc, parse_instant, SystemClock
from agent_tui.domain.lifecycle import Status
from agent_tui.domain.policy import Policy, SlaTarget
from agent_tui.domain.severity import Severity
from agent_tui.domain.sla import SlaState
from agent_tui.domain.timers import TimerInputs, TimerKind, plan_timers
from agent_tui.errors import InvalidInput

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
H = timedelta(hours=1)
D = timedelta(days=1)


class TestSlaMaths:
    def test_paused_time_never_counts(self):
        # Ran 2 h, paused 5 h (finished), now paused again for 1 h.
        now = T0 + 8 * H
        assert sla.active_elapsed(T0, now, 5 * H, now - H) == 2 * H
        assert sla.active_elapsed(T0, now, 5 * H, None) == 3 * H
        assert sla.active_elapsed(T0, now, timedelta(), None) == 8 * H

    def test_initial_deadlines_add_the_paused_total(self):
        d = sla.initial_deadlines(T0, SlaTarget(H, 10 * H), 2 * H)
        assert (d.first_response_due, d.resolution_due) == (T0 + 3 * H, T0 + 12 * H)

    def test_resume_shift_is_the_paused_span_never_negative(self):
        assert sla.resume_shift(T0, T0 + 3 * D) == 3 * D
        assert sla.resume_shift(T0, T0 - H) == timedelta()

    def test_remaining_is_frozen_while_paused(self):
        due = T0 + 10 * H
        assert sla.remaining(due, T0 + 4 * H, None) == 6 * H
        assert sla.remaining(due, T0 + 40 * H, T0 + 4 * H) == 6 * H

    @pytest.mark.parametrize(("now", "paused_at", "met_at", "expected"), [
        (T0, None, None, SlaState.OK),
        (T0 + 7 * H, None, None, SlaState.OK),
        (T0 + 8 * H, None, None, SlaState.WARNING),  # 75 % of 10 h used: 2.5 h left
        (T0 + 10 * H, None, None, SlaState.WARNING),  # exactly due: not yet breached
        (T0 + 10 * H + timedelta(seconds=1), None, None, SlaState.BREACHED),
        (T0 + 50 * H, T0 + 2 * H, None, SlaState.PAUSED),
        (T0 + 50 * H, T0 + 11 * H, None, SlaState.BREACHED),
        (T0 + 50 * H, None, T0 + 9 * H, SlaState.MET),
        (T0 + 50 * H, None, T0 + 11 * H, SlaState.BREACHED),
    ], ids=["fresh", "70pct", "80pct", "at-due", "one-second-late", "paused", "paused-after-breach", "met",
            "met-late"])
    def test_states(self, now, paused_at, met_at, expected):
        assert sla.state(T0 + 10 * H, 10 * H, now, paused_at, 0.75, met_at) is expected

    def test_no_deadline_is_none(self):
        assert sla.state(None, H, T0, None, 0.75) is SlaState.NONE

    @pytest.mark.parametrize(("delta", "text"), [
        (2 * D + 3 * H + timedelta(minutes=59), "2d 03h"),
        (3 * H + timedelta(minutes=20), "3h 20m"),
        (timedelta(minutes=12, seconds=5), "12m 05s"),
        (-(H + timedelta(minutes=5)), "-1h 05m"),
        (timedelta(), "0m 00s"),
        (-D, "-1d 00h"),
    ])
    def test_format_remaining(self, delta, text):
        assert durations.compact(delta.total_seconds()) == text


POLICY = Policy(
    name="t",
    targets={s: SlaTarget(4 * H, 40 * H) for s in Severity},
    pending_autosolve_after=3 * D,
    solved_autoclose_after=4 * D,
    pending_reminder_after=1 * D,
    warning_fraction=0.75,
)


def _inputs(**over) -> TimerInputs:
    base = dict(status=Status.OPEN, severity=Severity.MODERATE, pending_since=None, solved_at=None,
                first_response_at=None, first_response_due=T0 + 4 * H, resolution_due=T0 + 40 * H,
                sla_paused_at=None)
    base.update(over)
    return TimerInputs(**base)


class TestPlanTimers:
    def test_an_open_unanswered_ticket_has_four_sla_alarms(self):
        plan = plan_timers(_inputs(), POLICY)
        assert plan == {
            TimerKind.FIRST_RESPONSE_WARNING: T0 + 3 * H,
            TimerKind.FIRST_RESPONSE_BREACH: T0 + 4 * H,
            TimerKind.RESOLUTION_WARNING: T0 + 30 * H,
            TimerKind.RESOLUTION_BREACH: T0 + 40 * H,
        }

    def test_answered_tickets_only_watch_resolution(self):
        plan = plan_timers(_inputs(first_response_at=T0 + H), POLICY)
        assert set(plan) == {TimerKind.RESOLUTION_WARNING, TimerKind.RESOLUTION_BREACH}

    def test_pending_has_reminder_and_autosolve_and_no_sla_alarms(self):
        plan = plan_timers(_inputs(status=Status.PENDING, pending_since=T0, sla_paused_at=T0), POLICY)
        assert plan == {TimerKind.PENDING_REMINDER: T0 + D, TimerKind.PENDING_AUTOSOLVE: T0 + 3 * D}

    def test_without_a_reminder_in_the_policy_there_is_none(self):
        from dataclasses import replace

        plan = plan_timers(_inputs(status=Status.PENDING, pending_since=T0), replace(POLICY, pending_reminder_after=None))
        assert plan == {TimerKind.PENDING_AUTOSOLVE: T0 + 3 * D}

    def test_solved_has_only_autoclose(self):
        assert plan_timers(_inputs(status=Status.SOLVED, solved_at=T0), POLICY) == {
            TimerKind.SOLVED_AUTOCLOSE: T0 + 4 * D}

    @pytest.mark.parametrize("status", [Status.ON_HOLD, Status.CLOSED])
    def test_on_hold_and_closed_have_no_timers(self, status):
        assert plan_timers(_inputs(status=status, sla_paused_at=T0), POLICY) == {}

    def test_a_paused_clock_has_no_alarms_even_if_open(self):
        assert plan_timers(_inputs(sla_paused_at=T0), POLICY) == {}

    def test_sla_alarms_are_once_per_ticket(self):
        assert TimerKind.RESOLUTION_BREACH.once_per_ticket
        assert not TimerKind.PENDING_AUTOSOLVE.once_per_ticket


class TestClock:
    def test_agent_tui_now_pins_the_clock(self):
        clock = clock_from_env({"AGENT_TUI_NOW": "2026-03-02T10:00:00+01:00"})
        assert clock.now() == T0 and clock.now().tzinfo is UTC

    @pytest.mark.parametrize("text", ["2026-03-02T09:00:00Z", "2026-03-02T09:00:00z", " 2026-03-02 09:00 ",
                                      "2026-03-02T04:00:00-05:00"])
    def test_iso_forms_all_mean_the_same_instant(self, text):
        assert parse_instant(text) == T0

    def test_no_offset_means_utc(self):
        assert parse_instant("2026-03-02T09:00") == T0

    @pytest.mark.parametrize("text", ["yesterday", "02.03.2026", "", "2026-13-01"])
    def test_garbage_is_refused(self, text):
        with pytest.raises(InvalidInput, match="ISO 8601"):
            parse_instant(text)

    def test_empty_env_gives_the_system_clock(self):
        assert isinstance(clock_from_env({"AGENT_TUI_NOW": "  "}), SystemClock)
        assert SystemClock().now().tzinfo is not None

    def test_a_naive_datetime_is_refused(self):
        with pytest.raises(InvalidInput, match="no time zone"):
            FixedClock(datetime(2026, 3, 2, 9))
        with pytest.raises(InvalidInput):
            ensure_utc(datetime(2026, 3, 2, 9))
        clock = FixedClock(T0)
        with pytest.raises(InvalidInput):
            clock.set(datetime(2026, 3, 2, 9))

    def test_fixed_clock_moves_only_when_told(self):
        clock = FixedClock(datetime(2026, 3, 2, 10, tzinfo=timezone(timedelta(hours=1))))
        assert clock.now() == T0 and clock.now().utcoffset() == timedelta()
        assert clock.advance(days=3) == T0 + 3 * D
        assert clock.advance(H) == T0 + 3 * D + H
        assert clock.now() == T0 + 3 * D + H
