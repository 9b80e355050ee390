"""Business-hour SLA clocks (issue #6), worked by hand through the services on both backends.

Shipped presets: policy "standard" counts on berlin-office (Mon-Fri 09:00-17:00 Europe/Berlin; CET = UTC+1,
CEST = UTC+2 from Sun 29 Mar to Sun 25 Oct 2026), except critical tickets, which run on 24x7.
Targets (business hours): moderate 4 / next update 8 / resolution 72; general question 12 / 16 / 120;
critical 1 / 4 / 24.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from zoneinfo import ZoneInfo
from sqlalchemy import text

from agent_tui.domain.severity import Severity
from agent_tui.services import config_store
from agent_tui.services import ticket_actions as ta
from agent_tui.services import ticket_clocks as tc
from agent_tui.services import intake as ti
from agent_tui.services import ticket_queries as tq
from agent_tui.services.report import sla_report
from agent_tui.store.models import Ticket
from tests.conftest import T0, new_ticket


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _berlin_agent(ctx) -> None:
    ctx.tz = ZoneInfo("Europe/Berlin")  # the agent's zone, as config.agent_timezone sets it at start


def moderate(ctx, **kw):
    return new_ticket(ctx, severity=Severity.MODERATE, **kw)


def stored(ctx, number: int) -> Ticket:
    with ctx.db.read() as s:
        from sqlmodel import select

        t = s.exec(select(Ticket).where(Ticket.number == number)).one()
        s.expunge(t)
        return t


class TestDeadlinesInBusinessHours:
    def test_across_the_march_dst_switch_and_easter(self, ctx, clock):
        clock.set(utc(2026, 3, 27, 14))  # Fri 27 Mar 15:00 CET
        d = moderate(ctx)
        # first response 4 h: Fri 15-17 = 2 h, 2 h left → Mon 30 Mar 11:00 CEST (UTC+2 now) = 09:00 UTC
        assert d.first_response.due_at == utc(2026, 3, 30, 9)
        # resolution 72 h: Fri 2 h → 70; Mon 30 Mar-Thu 2 Apr 32 h → 38; Fri 3 (Good Friday) and
        # Mon 6 Apr (Easter Monday) closed; Tue 7-Fri 10 32 h → 6; Mon 13 Apr 09:00 + 6 h = 15:00 CEST = 13:00 UTC
        assert d.resolution_clock.due_at == utc(2026, 4, 13, 13)

    def test_across_the_october_dst_switch(self, ctx, clock):
        clock.set(utc(2026, 10, 23, 14))  # Fri 23 Oct 16:00 CEST
        d = moderate(ctx)
        # Fri 16-17 = 1 h, 3 h left; Sun 25 Oct back to CET → Mon 26 Oct 12:00 CET = 11:00 UTC
        assert d.first_response.due_at == utc(2026, 10, 26, 11)

    def test_a_holiday_mid_week_does_not_count(self, ctx, clock):
        clock.set(utc(2026, 5, 13, 13))  # Wed 13 May 15:00 CEST; Thu 14 May is Ascension Day
        d = moderate(ctx)
        # Wed 15-17 = 2 h, 2 h left; Thu closed → Fri 15 May 11:00 CEST = 09:00 UTC
        assert d.first_response.due_at == utc(2026, 5, 15, 9)

    def test_a_ticket_created_friday_1630_waits_for_monday(self, ctx, clock):
        clock.set(utc(2026, 3, 6, 15, 30))  # Fri 6 Mar 16:30 CET
        d = new_ticket(ctx, severity=Severity.GENERAL_QUESTION)
        # 12 h: Fri 0.5 h → 11.5; Mon 9 Mar 8 h → 3.5; Tue 10 Mar 09:00 + 3.5 h = 12:30 CET = 11:30 UTC
        assert d.first_response.due_at == utc(2026, 3, 10, 11, 30)
        now = clock.now()
        assert d.first_response.text(now) == "12h 00m business · due Tue 12:30 CET"
        later = now + timedelta(hours=1)  # Fri 17:30 CET: closed
        assert d.first_response.text(later) == "paused until Mon 09:00 CET · 11h 30m business · due Tue 12:30 CET"
        assert d.first_response.state(later).value == "ok"

    def test_critical_tickets_run_on_the_24x7_calendar(self, ctx, clock):
        clock.set(utc(2026, 3, 7, 22))  # Saturday night
        d = new_ticket(ctx, severity=Severity.CRITICAL)
        assert d.first_response.due_at == utc(2026, 3, 7, 23)  # + 1 h, weekend or not
        assert d.resolution_clock.due_at == utc(2026, 3, 8, 22)  # + 24 h
        assert d.first_response.calendar_name == "24x7"
        assert d.first_response.text(clock.now()) == "1h 00m business · due Sun 00:00 CET"  # 23:00 UTC

    def test_an_agent_in_another_zone_sees_instants_in_their_zone(self, ctx, clock, monkeypatch):
        ctx.tz = ZoneInfo("America/Sao_Paulo")  # UTC-3, no DST
        clock.set(utc(2026, 3, 2, 15))  # Mon 16:00 CET
        d = moderate(ctx)
        # 4 h: Mon 16-17 1 h → 3; Tue 3 Mar 09:00 + 3 h = 12:00 CET = 11:00 UTC = 08:00 in Sao Paulo
        assert d.first_response.due_at == utc(2026, 3, 3, 11)
        at = utc(2026, 3, 2, 16, 30)  # 17:30 CET, closed; Berlin opens at 08:00 UTC = 05:00 -03
        assert d.first_response.text(at) == "paused until Tue 05:00 -03 · 3h 00m business · due Tue 08:00 -03"


class TestPausesAndNextUpdate:
    def test_five_hours_pending_inside_business_hours_never_count(self, ctx, clock):
        d = ta.assign(ctx, moderate(ctx).number)  # Mon 2 Mar 10:00 CET
        clock.set(T0 + timedelta(hours=1))  # 11:00 CET: asking for details is the first response (1 h used)
        ta.request_info(ctx, d.number, "Which browser?")
        paused = tq.get_ticket(ctx, d.number)
        assert paused.resolution_clock.text(T0 + timedelta(hours=3)) == "⏸ 71h 00m business left (paused)"
        clock.set(T0 + timedelta(hours=6))  # 16:00 CET: the customer answers after 5 business hours pending
        d = ti.customer_message(ctx, d.number, "Firefox")
        assert d.row.status == "open"
        # resolution 72 - 1 = 71 h from Mon 16:00: Mon 1 h → 70; Tue-Fri 32 → 38; Mon-Thu 9-12 Mar 32 → 6;
        # Fri 13 Mar 09:00 + 6 h = 15:00 CET = 14:00 UTC (without the pause: Fri 13 Mar 10:00 CET)
        assert d.resolution_clock.due_at == utc(2026, 3, 13, 14)
        # the customer's message restarts the next-update clock: 8 h from Mon 16:00 CET → Tue 16:00 CET
        assert d.next_update_clock.due_at == utc(2026, 3, 3, 15)
        t = stored(ctx, d.number)
        assert t.first_response_business_min == 60 and t.sla_business_min == 60

    def test_next_update_restarts_on_public_reply_and_customer_message_not_on_internal_note(self, ctx, clock):
        d = ta.assign(ctx, moderate(ctx).number)
        assert d.next_update_clock.due_at is None  # no next-update clock before the first response
        clock.set(T0 + timedelta(hours=1))  # 11:00 CET
        d = ta.reply(ctx, d.number, "Looking into it")
        assert d.next_update_clock.due_at == utc(2026, 3, 3, 10)  # + 8 h business → Tue 11:00 CET
        clock.set(T0 + timedelta(hours=3))
        d = ta.note(ctx, d.number, "internal: probably the PDF renderer")
        assert d.next_update_clock.due_at == utc(2026, 3, 3, 10)  # an internal note is not a response
        clock.set(T0 + timedelta(hours=4))  # 14:00 CET
        d = ti.customer_message(ctx, d.number, "Any news?")
        assert d.next_update_clock.due_at == utc(2026, 3, 3, 13)  # Tue 14:00 CET
        clock.set(T0 + timedelta(hours=6))  # 16:00 CET
        d = ta.reply(ctx, d.number, "Found it")
        assert d.next_update_clock.due_at == utc(2026, 3, 3, 15)  # Tue 16:00 CET
        # the queue sorts by the nearer running clock: next update (Tue) before resolution (Fri 13 Mar)
        assert stored(ctx, d.number).sla_due_at == utc(2026, 3, 3, 15)
        assert d.row.sla.label == "next update"

    def test_a_reopened_ticket_resumes_its_clocks(self, ctx, clock):
        d = ta.assign(ctx, moderate(ctx).number)
        clock.set(T0 + timedelta(hours=2))  # 12:00 CET: 2 h used
        ta.reply(ctx, d.number, "Fixed")
        ta.solve(ctx, d.number, "fixed")
        assert stored(ctx, d.number).resolution_business_min == 120
        clock.set(utc(2026, 3, 4, 9))  # Wed 10:00 CET: the customer says it is not fixed
        d = ti.customer_message(ctx, d.number, "Still broken")
        assert d.row.status == "open"
        # 70 h left from Wed 10:00: Wed 7 → 63; Thu-Fri 16 → 47; Mon-Fri 9-13 40 → 7; Mon 16 Mar 09:00 + 7 h
        assert d.resolution_clock.due_at == utc(2026, 3, 16, 15)  # 16:00 CET


class TestRecompute:
    def test_a_severity_change_audits_old_and_new_deadlines(self, ctx, clock):
        clock.set(utc(2026, 3, 6, 15, 30))  # Fri 16:30 CET
        d = moderate(ctx)
        # moderate 4 h: Fri 0.5 → Mon 9 Mar 12:30 CET = 11:30 UTC
        assert d.first_response.due_at == utc(2026, 3, 9, 11, 30)
        clock.set(utc(2026, 3, 9, 8))  # Mon 09:00 CET: 0.5 h used
        d = ta.set_severity(ctx, d.number, Severity.GENERAL_QUESTION, "just a question")
        # general question 12 h - 0.5 = 11.5 h from Mon 09:00: Mon 8 → 3.5; Tue 12:30 CET = 11:30 UTC
        assert d.first_response.due_at == utc(2026, 3, 10, 11, 30)
        event = d.events[-1]
        assert event.action == "severity_overridden"
        assert event.details["first_response_due"] == [utc(2026, 3, 9, 11, 30).isoformat(),
                                                       utc(2026, 3, 10, 11, 30).isoformat()]
        assert event.details["resolution_due"][0] != event.details["resolution_due"][1]

    def test_policy_change_recomputes_open_tickets_each_audited(self, ctx, clock):
        d = ta.assign(ctx, moderate(ctx).number)  # standard, berlin-office, at Mon 10:00 CET
        solved = ta.assign(ctx, moderate(ctx).number)
        ta.reply(ctx, solved.number, "done")
        ta.solve(ctx, solved.number, "fixed")
        clock.set(T0 + timedelta(hours=1))  # 11:00 CET = 10:00 UTC = 07:00 in Sao Paulo: 1 h used
        config_store.use_policy(ctx, "droz")
        counts = tc.recompute_deadlines(ctx)
        assert counts == {"tickets": 1, "changed": 1}  # the solved ticket is not open
        d = tq.get_ticket(ctx, d.number)
        # droz (issue 15: seed 002's "12h after the request" is clock hours): moderate first response 12 h on
        # 24x7, 1 h used (on berlin-office, where it ran) → 11 h from 10:00 UTC = Mon 21:00 UTC (18:00 -03).
        # Before issue 15 droz counted them on sao-paulo-office: Tue 3 Mar 14:00 UTC.
        assert d.policy == "droz"
        assert d.first_response.due_at == utc(2026, 3, 2, 21)
        # resolution 72 h on sao-paulo-office (Mon-Fri 09-18, UTC-3), 71 h left from 07:00 -03 (closed):
        # Mon-Fri 2-6 Mar 45 h → 26; Mon-Tue 9-10 Mar 18 → 8; Wed 11 Mar 09:00 + 8 h = 17:00 -03 = 20:00 UTC
        assert d.resolution_clock.due_at == utc(2026, 3, 11, 20)
        event = d.events[-1]
        assert (event.action, event.before, event.after) == ("sla_recomputed", "standard", "droz")
        assert event.details["first_response_due"] == [(T0 + timedelta(hours=4)).isoformat(),
                                                       utc(2026, 3, 2, 21).isoformat()]
        assert event.details["sla_calendar"] == ["berlin-office", "sao-paulo-office"]
        assert event.details["first_response_calendar"] == [None, "24x7"]
        assert tc.recompute_deadlines(ctx) == {"tickets": 1, "changed": 0}  # idempotent


class TestSlaReport:
    def test_report_numbers_on_a_hand_made_data_set(self, ctx, clock):
        a = ta.assign(ctx, moderate(ctx).number)
        b = ta.assign(ctx, moderate(ctx).number)
        c = new_ticket(ctx, severity=Severity.CRITICAL)
        dq = ta.assign(ctx, moderate(ctx).number)
        clock.set(T0 + timedelta(hours=1))
        ta.reply(ctx, a.number, "on it")  # A: first response after 60 business minutes (met)
        ta.reply(ctx, dq.number, "on it")
        clock.set(T0 + timedelta(hours=2))
        ta.solve(ctx, a.number, "fixed")  # A: resolved after 120 business minutes (met)
        ta.solve(ctx, dq.number, "fixed")
        clock.set(T0 + timedelta(hours=24))  # Tue 10:00 CET: Mon 10-17 7 h + Tue 9-10 1 h = 480 min
        ta.reply(ctx, b.number, "sorry for the wait")  # B: first response 480 min > 240 (breach)
        ta.solve(ctx, b.number, "fixed")  # B: resolved in 480 min ≤ 72 h (met)
        with ctx.db.transaction() as s:  # DQ: someone's import put the solve before the first response
            s.execute(text("UPDATE tickets SET solved_at = :at WHERE number = :n"),
                      {"at": T0 + timedelta(minutes=30), "n": dq.number})
        clock.set(T0 + timedelta(days=2))  # C (critical, 24x7) never answered: both clocks overdue
        rep = sla_report(ctx, T0 - timedelta(days=1), T0 + timedelta(days=2), "severity")
        groups = {g.key: g for g in rep.groups}
        crit, mod = groups["critical"], groups["moderate"]
        assert (crit.handled, crit.first_response_met, crit.first_response_measured) == (1, 0, 1)
        assert (crit.resolution_met, crit.resolution_measured) == (0, 1)
        assert mod.handled == 3
        # first response: A 60 met, B 480 missed, DQ 60 met → 2/3; median 60; p90 = rank ceil(0.9·3) = 3rd = 480
        assert (mod.first_response_met, mod.first_response_measured) == (2, 3)
        assert mod.first_response_compliance == 66.7
        assert (mod.first_response_median_min, mod.first_response_p90_min) == (60, 480)
        # resolution: A 120, B 480 (both within 72 h); DQ excluded → median (120+480)/2 = 300, p90 = 480
        assert (mod.resolution_met, mod.resolution_measured, mod.resolution_compliance) == (2, 2, 100.0)
        assert (mod.resolution_median_min, mod.resolution_p90_min) == (300, 480)
        assert rep.total.handled == 4
        assert rep.breach_count == 3
        assert sorted((b.number, b.clock, b.done_at is None) for b in rep.breaches) == sorted([
            (b.number, "first response", False), (c.number, "first response", True),
            (c.number, "resolution", True)])
        assert [(i.number, i.problem) for i in rep.data_issues] == [
            (dq.number, "resolution earlier than first response")]
        assert [(w.week.isoformat(), w.handled) for w in rep.weeks] == [("2026-03-02", 4)]
        by_agent = {g.key: g.handled for g in sla_report(ctx, T0, T0 + timedelta(days=2), "agent").groups}
        assert by_agent == {"alice": 3, "(unassigned)": 1}
