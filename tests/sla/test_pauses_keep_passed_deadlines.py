"""A pause never moves a deadline that had already passed; a running one moves by the paused business time.

Policy "standard", moderate severity, counts on berlin-office (Mon-Fri 09:00-17:00 Europe/Berlin,
CET = UTC+1 in early March 2026). Targets: first response 4 h, next update 8 h, resolution 72 h.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from zoneinfo import ZoneInfo

from agent_tui.domain.calendar import business_minutes_between
from agent_tui.domain.severity import Severity
from agent_tui.domain.sla import SlaState
from agent_tui.services import config_store
from agent_tui.services import ticket_actions as ta
from agent_tui.services import ticket_clocks as tc
from agent_tui.services import intake as ti
from agent_tui.services import ticket_queries as tq
from agent_tui.services.config_store import load_calendar
from tests.conftest import new_ticket


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _berlin_agent(ctx) -> None:
    ctx.tz = ZoneInfo("Europe/Berlin")  # the agent's zone, as config.agent_timezone sets it at start


def berlin(ctx):
    with ctx.db.read() as s:
        return load_calendar(s, "berlin-office")


def test_overdue_first_response_stays_put_when_held(ctx, clock):
    clock.set(utc(2026, 2, 27, 14))  # Fri 27 Feb 15:00 CET: 2 h on Friday, 2 h on Monday
    d = ta.assign(ctx, new_ticket(ctx, severity=Severity.MODERATE).number)
    assert d.first_response.due_at == utc(2026, 3, 2, 10)  # Mon 2 Mar 11:00 CET
    resolution_before = d.resolution_clock.due_at
    clock.set(utc(2026, 3, 2, 11))  # an hour overdue, the ticket goes on hold
    ta.hold(ctx, d.number, "waiting for the vendor")
    clock.set(utc(2026, 3, 2, 14))  # three business hours later the vendor answers
    d = ta.resume(ctx, d.number, "vendor answered")
    assert d.first_response.due_at == utc(2026, 3, 2, 10)  # not 13:00Z: still overdue since 10:00Z
    assert d.first_response.state(clock.now()) is SlaState.BREACHED
    # the resolution clock was running: it moves by exactly the three business hours paused
    cal = berlin(ctx)
    assert business_minutes_between(cal, resolution_before, d.resolution_clock.due_at) == pytest.approx(180)
    # a policy recompute under the same targets leaves the passed deadline where it fell
    assert tc.recompute_deadlines(ctx) == {"tickets": 1, "changed": 0}
    assert tq.get_ticket(ctx, d.number).first_response.due_at == utc(2026, 3, 2, 10)


def test_overdue_next_update_and_resolution_stay_put_while_pending(ctx, clock):
    clock.set(utc(2026, 3, 2, 9))  # Mon 2 Mar 10:00 CET
    d = ta.assign(ctx, new_ticket(ctx, severity=Severity.MODERATE).number)
    clock.set(utc(2026, 3, 2, 10))
    d = ta.reply(ctx, d.number, "Looking into it")  # next update due Tue 3 Mar 11:00 CET
    next_update, resolution = d.next_update_clock.due_at, d.resolution_clock.due_at
    assert next_update == utc(2026, 3, 3, 10)
    clock.set(resolution + timedelta(days=3))  # both have passed; now ask the customer
    ta.request_info(ctx, d.number, "Which browser?")
    clock.set(clock.now() + timedelta(days=2, hours=5))  # the customer answers days later
    d = ti.customer_message(ctx, d.number, "Firefox")
    assert d.row.status == "open"
    assert d.resolution_clock.due_at == resolution
    assert d.resolution_clock.state(clock.now()) is SlaState.BREACHED


def test_overdue_next_update_stays_put_when_held(ctx, clock):
    clock.set(utc(2026, 3, 2, 9))
    d = ta.assign(ctx, new_ticket(ctx, severity=Severity.MODERATE).number)
    clock.set(utc(2026, 3, 2, 10))
    d = ta.reply(ctx, d.number, "Looking into it")
    next_update = d.next_update_clock.due_at
    assert next_update == utc(2026, 3, 3, 10)  # Tue 11:00 CET
    clock.set(utc(2026, 3, 3, 11))  # an hour past the next update, the ticket goes on hold
    ta.hold(ctx, d.number, "waiting for the vendor")
    clock.set(utc(2026, 3, 3, 14))
    d = ta.resume(ctx, d.number)
    assert d.next_update_clock.due_at == next_update
    assert d.next_update_clock.state(clock.now()) is SlaState.BREACHED


def test_policy_recompute_keeps_a_deadline_that_passed_before_a_pause(ctx, clock):
    clock.set(utc(2026, 2, 27, 14))
    d = ta.assign(ctx, new_ticket(ctx, severity=Severity.MODERATE).number)
    clock.set(utc(2026, 3, 2, 11))
    ta.hold(ctx, d.number, "waiting for the vendor")
    clock.set(utc(2026, 3, 2, 14))
    ta.resume(ctx, d.number)
    clock.set(utc(2026, 3, 2, 15))
    config_store.use_policy(ctx, "standard")
    tc.recompute_deadlines(ctx)
    d = tq.get_ticket(ctx, d.number)
    assert d.first_response.due_at == utc(2026, 3, 2, 10)
