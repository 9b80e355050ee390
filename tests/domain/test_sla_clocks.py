"""domain.sla_clocks without a database: a plain object with a ticket's clock fields."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from agent_tui.domain import sla_clocks as sc
from agent_tui.domain.calendar import Calendar
from agent_tui.domain.policy import SlaTarget
from agent_tui.domain.sla import Clock

MON_9 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
OFFICE = Calendar("office", "UTC", tuple(((9 * 60, 17 * 60),) if d < 5 else () for d in range(7)))
ALWAYS = Calendar("24x7", "UTC", tuple(((0, 1440),) for _ in range(7)))
TARGET = SlaTarget(timedelta(hours=4), timedelta(hours=16), timedelta(hours=8), "office")


@dataclass
class Clocks:
    status: str = "new"
    created_at: datetime = MON_9
    urgency: int = 0
    sla_due_at: datetime | None = None
    sla_calendar: str | None = None
    sla_running_since: datetime | None = None
    sla_business_min: float = 0.0
    sla_paused_at: datetime | None = None
    sla_paused_seconds: float = 0.0
    first_response_target_min: float | None = None
    resolution_target_min: float | None = None
    next_update_target_min: float | None = None
    first_response_due: datetime | None = None
    resolution_due: datetime | None = None
    next_update_due: datetime | None = None
    first_response_at: datetime | None = None
    first_response_business_min: float | None = None
    last_contact_at: datetime | None = None


def started() -> Clocks:
    t = Clocks()
    sc.start_clocks(t, TARGET, OFFICE, MON_9)
    sc.refresh_queue_keys(t)
    return t


def test_start_counts_business_hours():
    t = started()
    assert t.first_response_due == MON_9 + timedelta(hours=4)
    assert t.resolution_due == MON_9 + timedelta(days=1, hours=8)  # 8 h Monday + 8 h Tuesday
    assert sc.stored_target(t) == TARGET
    assert sc.matters_now(t) == (Clock.FIRST_RESPONSE, t.first_response_due)
    assert (t.urgency, t.sla_due_at) == (0, t.first_response_due)


def test_a_pause_keeps_the_business_time_left():
    t = started()
    sc.pause(t, OFFICE, MON_9 + timedelta(hours=1))  # 1 business hour used
    assert t.sla_business_min == 60
    sc.unpause(t, OFFICE, MON_9 + timedelta(days=1))  # Tuesday 09:00
    assert t.first_response_due == MON_9 + timedelta(days=1, hours=3)
    assert sc.used_business_min(t, OFFICE, MON_9 + timedelta(days=1, hours=2)) == 180


def test_first_response_then_contact_starts_the_next_update_clock():
    t = started()
    now = MON_9 + timedelta(hours=2)
    sc.record_first_response(t, OFFICE, now)
    sc.record_contact(t, OFFICE, now)
    assert t.first_response_business_min == 120
    assert t.next_update_due == MON_9 + timedelta(days=1, hours=2)  # 6 h Monday + 2 h Tuesday
    assert sc.matters_now(t)[0] is Clock.NEXT_UPDATE


def test_retarget_keeps_what_was_used_and_moves_the_calendar():
    t = started()
    now = MON_9 + timedelta(hours=1)
    shorter = SlaTarget(timedelta(hours=2), timedelta(hours=8), None, "24x7")
    sc.retarget(t, shorter, OFFICE, ALWAYS, now)
    assert t.sla_calendar == "24x7"
    assert t.first_response_due == now + timedelta(hours=1)  # 2 h target, 1 h used
    assert t.resolution_due == now + timedelta(hours=7)
    assert t.next_update_due is None
    assert sc.stored_target(t) == SlaTarget(shorter.first_response, shorter.resolution, None, t.sla_calendar)


def test_solved_has_no_deadline_that_matters():
    t = started()
    t.status = "solved"
    sc.refresh_queue_keys(t)
    assert (t.urgency, t.sla_due_at) == (2, None)
