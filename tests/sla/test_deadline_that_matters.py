"""One "deadline that matters now" for the queue row, its sort key and the ticket detail, in every state.

Policy "standard": moderate on berlin-office (first response 4 h, next update 8 h, resolution 72 h
business), critical on 24x7 (1 h / 4 h / 24 h). T0 is Mon 2 Mar 2026 10:00 CET.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from zoneinfo import ZoneInfo
from sqlmodel import select

from agent_tui.domain.severity import Severity
from agent_tui.domain.sla import Clock, deadline_that_matters
from agent_tui.services import ticket_actions as ta
from agent_tui.services import ticket_queries as tq
from agent_tui.store.models import Ticket
from agent_tui.widgets.countdown import countdown_text
from tests.conftest import T0, new_ticket

FAR = datetime.max.replace(tzinfo=UTC)
ALL = tq.QueueFilter(statuses=("new", "open", "pending", "on_hold", "solved", "closed"))
URGENCY = {"new": 0, "open": 0, "pending": 1, "on_hold": 1, "solved": 2, "closed": 2}


@pytest.fixture(autouse=True)
def _berlin_agent(ctx) -> None:
    ctx.tz = ZoneInfo("Europe/Berlin")  # the agent's zone, as config.agent_timezone sets it at start


def build_one_of_each_state(ctx, clock) -> dict[str, int]:
    """Ticket numbers by the clock that should matter: one in every state."""
    clock.set(T0)
    n = {
        "new": new_ticket(ctx, severity=Severity.MODERATE).number,
        "open, next update first": ta.assign(ctx, new_ticket(ctx, severity=Severity.MODERATE).number).number,
        "open, resolution first": ta.assign(ctx, new_ticket(ctx, severity=Severity.CRITICAL).number).number,
        "pending": ta.assign(ctx, new_ticket(ctx, severity=Severity.MODERATE).number).number,
        "on hold, no response yet": ta.assign(ctx, new_ticket(ctx, severity=Severity.MODERATE).number).number,
        "solved": ta.assign(ctx, new_ticket(ctx, severity=Severity.MODERATE).number).number,
    }
    clock.set(T0 + timedelta(hours=1))
    ta.reply(ctx, n["open, next update first"], "Looking into it")
    ta.request_info(ctx, n["pending"], "Which browser?")
    ta.hold(ctx, n["on hold, no response yet"], "waiting for the vendor")
    ta.reply(ctx, n["solved"], "Fixed")
    ta.solve(ctx, n["solved"], "fixed")
    clock.set(T0 + timedelta(hours=21))  # critical: next update would be due at 25 h, resolution at 24 h
    ta.reply(ctx, n["open, resolution first"], "Still on it")
    return n


EXPECTED = {
    "new": Clock.FIRST_RESPONSE,
    "open, next update first": Clock.NEXT_UPDATE,
    "open, resolution first": Clock.RESOLUTION,
    "pending": Clock.NEXT_UPDATE,
    "on hold, no response yet": Clock.FIRST_RESPONSE,
    "solved": None,
}


def test_queue_row_and_detail_name_the_same_clock_and_instant_in_every_state(ctx, clock):
    numbers = build_one_of_each_state(ctx, clock)
    rows = {r.number: r for r in tq.list_tickets(ctx, ALL, limit=100)}
    with ctx.db.read() as s:
        keys = {t.number: t.sla_due_at for t in s.exec(select(Ticket)).all()}
    now = clock.now()
    for case, number in numbers.items():
        row, detail = rows[number], tq.get_ticket(ctx, number)
        clocks = {Clock.FIRST_RESPONSE: detail.first_response, Clock.NEXT_UPDATE: detail.next_update_clock,
                  Clock.RESOLUTION: detail.resolution_clock}
        expected = EXPECTED[case]
        if expected is None:
            assert row.sla.due_at is None and keys[number] is None, case
            assert countdown_text(row.sla, now, with_clock=True).plain == "—", case
            continue
        assert row.sla.label == expected.value, case
        assert detail.row.sla.label == expected.value, case
        assert row.sla.due_at == clocks[expected].due_at == keys[number], case
        # it is the running clock due first, and the queue cell names it
        running = [cd.due_at for c, cd in clocks.items() if cd.due_at is not None
                   and not (c is Clock.FIRST_RESPONSE and cd.met_at is not None)]
        assert row.sla.due_at == min(running), case
        assert countdown_text(row.sla, now, with_clock=True).plain.startswith(expected.short + " "), case


def test_queue_order_is_the_order_of_the_deadline_that_matters(ctx, clock):
    build_one_of_each_state(ctx, clock)
    clock.set(T0 + timedelta(hours=22))
    more = [new_ticket(ctx, severity=s).number for s in (Severity.CRITICAL, Severity.GENERAL_QUESTION)]
    ta.reply(ctx, ta.assign(ctx, more[0]).number, "on it")
    rows = tq.list_tickets(ctx, ALL, limit=100)
    assert len(rows) == 8
    order = [(URGENCY[r.status], r.sla.due_at or FAR, r.number) for r in rows]
    assert order == sorted(order)
    for r in rows:  # every row's instant is the domain's deadline that matters for that ticket
        d = tq.get_ticket(ctx, r.number)
        matters = deadline_that_matters(
            active=r.status not in ("solved", "closed"), first_response_at=d.first_response.met_at,
            first_response_due=d.first_response.due_at, next_update_due=d.next_update_clock.due_at,
            resolution_due=d.resolution_clock.due_at)
        assert (r.sla.label, r.sla.due_at) == ((matters[0].value, matters[1]) if matters else ("resolution", None))


def test_before_the_first_response_a_nearer_resolution_deadline_is_the_one_that_matters(ctx, clock):
    clock.set(T0)
    number = ta.assign(ctx, new_ticket(ctx, severity=Severity.MODERATE).number).number
    with ctx.db.transaction() as s:  # a ticket whose resolution falls before its first response
        t = s.exec(select(Ticket).where(Ticket.number == number)).one()
        t.resolution_due = T0 + timedelta(hours=1)
    ta.note(ctx, number, "internal")
    ta.hold(ctx, number, "vendor")  # any state change refreshes the sort key
    row = tq.list_tickets(ctx)[0]
    assert (row.sla.label, row.sla.due_at) == ("resolution", T0 + timedelta(hours=1))
    with ctx.db.read() as s:
        assert s.exec(select(Ticket.sla_due_at).where(Ticket.number == number)).one() == T0 + timedelta(hours=1)


def test_a_deadline_passed_at_closing_reads_overdue_not_zero(ctx, clock):
    clock.set(T0)
    number = ta.assign(ctx, new_ticket(ctx, severity=Severity.MODERATE).number).number
    clock.set(datetime(2026, 3, 2, 16, tzinfo=UTC))  # Mon 17:00 CET, closed: the next update counts from Tue 09:00
    ta.reply(ctx, number, "Looking into it")
    row = tq.list_tickets(ctx)[0]
    assert row.sla.due_at == datetime(2026, 3, 3, 16, tzinfo=UTC)  # Tue 17:00 CET, the closing
    evening = datetime(2026, 3, 3, 20, tzinfo=UTC)  # no business time has run since it passed
    assert countdown_text(row.sla, evening, with_clock=True).plain == "upd -0m ☾"
    assert row.sla.state(evening).value == "breached"
