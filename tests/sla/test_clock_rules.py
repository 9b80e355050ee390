"""Issue 16: the SLA clock rules established helpdesks use, each worked by hand, on SQLite and PostgreSQL.

Unless a test says otherwise the calendar is the shipped ``berlin-office``: Mon-Fri 09:00-17:00
Europe/Berlin, CET = UTC+1 in March 2026 (so 10:00 CET is 09:00 UTC). T0 is Mon 2 Mar 2026 10:00 CET.
Every expected instant below is computed from the rule in the comment beside it.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select
from zoneinfo import ZoneInfo

from agent_tui.domain.severity import Severity
from agent_tui.domain.sla import SlaState
from agent_tui.domain.sla_clocks import NO_DEADLINE
from agent_tui.services import config_store
from agent_tui.services import intake as ti
from agent_tui.services import ticket_actions as ta
from agent_tui.services import ticket_clocks as tc
from agent_tui.services import ticket_queries as tq
from agent_tui.services.report import sla_report
from agent_tui.services.sweep import sweep
from agent_tui.store.models import SlaSpan, Timer
from agent_tui.widgets.ticket_header import header_text
from tests.conftest import T0, new_ticket
from tests.sla.helpers import install_calendar, install_policy, stored, utc

def policy(name: str, body: str, targets: str, calendar: str = "berlin-office") -> str:
    """A ``[policy.NAME]`` TOML text: ``body`` lines, then ``targets`` with ``[[target]]`` for each entry."""
    head = f'[policy.{name}]\ncalendar = "{calendar}"\npending_autosolve_days = 3\nsolved_autoclose_days = 4\n'
    return head + body + "\n" + targets.replace("[[target]]", f"[[policy.{name}.target]]")


@pytest.fixture(autouse=True)
def _berlin_agent(ctx) -> None:
    ctx.tz = ZoneInfo("Europe/Berlin")


def moderate(ctx, **kw):
    return new_ticket(ctx, severity=Severity.MODERATE, **kw)


def spans(ctx, number: int, kind: str) -> list[SlaSpan]:
    with ctx.db.read() as s:
        tid = stored(ctx, number).id
        rows = s.exec(select(SlaSpan).where(SlaSpan.ticket_id == tid, SlaSpan.kind == kind)
                      .order_by(SlaSpan.id)).all()
        for r in rows:
            s.expunge(r)
        return list(rows)


class TestEveryClockIsOptional:
    def test_a_policy_with_only_a_first_response_target(self, ctx, clock):
        install_policy(ctx, policy("fr-only", "", "[[target]]\nfirst_response_hours = 4"))
        d = moderate(ctx)
        # created Mon 10:00 CET; first response 4 business hours → Mon 14:00 CET = 13:00 UTC; nothing else runs
        assert d.first_response.due_at == utc(2026, 3, 2, 13)
        assert (d.resolution_clock.due_at, d.next_update_clock.due_at) == (None, None)
        assert d.row.sla.label == "first response"
        clock.set(T0 + timedelta(hours=1))  # Mon 11:00 CET
        d = ta.reply(ctx, ta.assign(ctx, d.number).number, "On it")
        assert d.first_response.text(clock.now()) == "met"
        assert d.row.sla.due_at is None  # no clock runs any more
        assert stored(ctx, d.number).sla_due_at == NO_DEADLINE  # sorted after every real deadline
        ta.solve(ctx, d.number, "fixed")
        rep = sla_report(ctx, T0 - timedelta(days=1), T0 + timedelta(days=1))
        assert (rep.total.first_response_met, rep.total.first_response_measured) == (1, 1)
        assert rep.total.resolution_measured == 0 and rep.data_issue_count == 0  # no clock is not a data issue

    def test_first_response_and_update_without_resolution(self, ctx, clock):
        install_policy(ctx, policy("no-res", "", "[[target]]\nfirst_response_hours = 4\nnext_update_hours = 8"))
        d = ta.assign(ctx, moderate(ctx).number)
        clock.set(T0 + timedelta(hours=1))  # Mon 11:00 CET: the first response
        d = ta.reply(ctx, d.number, "Looking into it")
        # next update 8 business hours from Mon 11:00 CET: Mon 11-17 6 h, Tue 09-11 2 h → Tue 11:00 CET = 10:00 UTC
        assert d.next_update_clock.due_at == utc(2026, 3, 3, 10)
        assert d.resolution_clock.due_at is None
        assert (d.row.sla.label, d.row.sla.due_at) == ("next update", utc(2026, 3, 3, 10))

    def test_a_ticket_no_target_matches_has_no_sla_and_says_so(self, ctx, clock):
        install_policy(ctx, policy("crit-only", "", '[[target]]\nseverity = "critical"\nfirst_response_hours = 1\n'
                                                    'resolution_hours = 8'))
        plain = moderate(ctx)  # moderate: no target of crit-only matches
        assert (plain.first_response.due_at, plain.resolution_clock.due_at) == (None, None)
        assert plain.row.has_sla is False
        assert "no SLA: no target of policy crit-only matches this ticket" in header_text(plain, clock.now()).plain
        urgent = new_ticket(ctx, severity=Severity.CRITICAL)  # created after it, due Mon 11:00 CET
        assert urgent.first_response.due_at == utc(2026, 3, 2, 10)
        # the queue: the ticket with a deadline first, the one without last (the same on both backends)
        assert [r.number for r in tq.list_tickets(ctx)] == [urgent.number, plain.number]
        with ctx.db.read() as s:
            kinds = s.exec(select(Timer.kind).where(Timer.ticket_id == stored(ctx, plain.number).id)).all()
        assert kinds == []  # no SLA alarm for it
        rep = sla_report(ctx, T0 - timedelta(days=1), T0 + timedelta(days=1))
        moderate_row = {g.key: g for g in rep.groups}["moderate"]
        assert (moderate_row.handled, moderate_row.first_response_measured, moderate_row.resolution_measured) == (1, 0, 0)


UPDATE_TARGETS = "[[target]]\nfirst_response_hours = 4\nnext_update_hours = 8\nresolution_hours = 72"


class TestUpdateClockModes:
    def test_last_contact_from_creation_when_the_policy_says_so(self, ctx, clock):
        install_policy(ctx, policy("contact-early", "update_before_first_response = true", UPDATE_TARGETS))
        d = moderate(ctx)
        # created Mon 10:00 CET: update 8 h → Mon 10-17 7 h, Tue 09-10 1 h → Tue 10:00 CET = 09:00 UTC
        assert d.next_update_clock.due_at == utc(2026, 3, 3, 9)
        clock.set(T0 + timedelta(hours=2))  # Mon 12:00 CET, the customer writes before any answer: it restarts
        d = ti.customer_message(ctx, d.number, "Any news?")
        assert d.next_update_clock.due_at == utc(2026, 3, 3, 11)  # Mon 12-17 5 h + Tue 09-12 3 h → Tue 12:00 CET
        assert d.row.sla.label == "first response"  # Mon 14:00 CET comes first

    def test_last_contact_is_todays_rule_and_waits_for_the_first_response(self, ctx, clock):
        install_policy(ctx, policy("contact", "", UPDATE_TARGETS))
        d = moderate(ctx)
        assert d.next_update_clock.due_at is None
        clock.set(T0 + timedelta(hours=2))
        assert ti.customer_message(ctx, d.number, "Any news?").next_update_clock.due_at is None

    def test_unanswered_runs_from_creation_and_a_second_message_does_not_move_it(self, ctx, clock):
        install_policy(ctx, policy("unanswered", 'update_clock = "unanswered"', UPDATE_TARGETS))
        d = ta.assign(ctx, moderate(ctx).number)
        # the request itself is unanswered from Mon 10:00 CET: due Tue 10:00 CET = 09:00 UTC
        assert d.next_update_clock.due_at == utc(2026, 3, 3, 9)
        clock.set(utc(2026, 3, 2, 11))  # Mon 12:00 CET: a second message does not move it
        assert ti.customer_message(ctx, d.number, "Hello?").next_update_clock.due_at == utc(2026, 3, 3, 9)
        clock.set(utc(2026, 3, 2, 12, 30))  # Mon 13:30 CET: the answer stops it
        d = ta.reply(ctx, d.number, "Here is what happened")
        assert d.next_update_clock.due_at is None
        assert d.first_response.text(clock.now()) == "met"  # due Mon 14:00 CET
        clock.set(utc(2026, 3, 3, 8, 30))  # Tue 09:30 CET: the customer writes; 8 h → Tue 9:30-17 7.5 h + Wed 0.5 h
        d = ti.customer_message(ctx, d.number, "It happened again")
        assert d.next_update_clock.due_at == utc(2026, 3, 4, 8, 30)  # Wed 09:30 CET
        clock.set(utc(2026, 3, 3, 15))  # Tue 16:00 CET: the second message still does not move it
        assert ti.customer_message(ctx, d.number, "And again").next_update_clock.due_at == utc(2026, 3, 4, 8, 30)
        clock.set(utc(2026, 3, 4, 9))  # Wed 10:00 CET: answered half an hour late
        ta.reply(ctx, d.number, "Fixed now")
        answered = [(s.started_at, s.ended_at, s.business_min, s.met) for s in spans(ctx, d.number, "next_update")]
        assert answered == [
            (T0, utc(2026, 3, 2, 12, 30), 210, True),  # Mon 10:00 → 13:30 CET
            (utc(2026, 3, 3, 8, 30), utc(2026, 3, 4, 9), 510, False),  # Tue 09:30 → Wed 10:00 CET: 7.5 h + 1 h
        ]
        rep = sla_report(ctx, T0 - timedelta(days=1), T0 + timedelta(days=1))
        g = rep.total
        # median of 210 and 510 = 360; p90 = nearest rank ceil(0.9 × 2) = 2nd = 510
        assert (g.update_met, g.update_measured, g.update_median_min, g.update_p90_min) == (1, 2, 360, 510)
        (late,) = [b for b in rep.breaches if b.clock == "next update"]
        assert (late.due_at, late.done_at, late.late_min) == (utc(2026, 3, 4, 8, 30), utc(2026, 3, 4, 9), 30)

    def test_both_keeps_the_earlier_of_the_two(self, ctx, clock):
        install_policy(ctx, policy("both", 'update_clock = "both"', UPDATE_TARGETS))
        d = ta.assign(ctx, moderate(ctx).number)
        assert d.next_update_clock.due_at == utc(2026, 3, 3, 9)  # unanswered request: Tue 10:00 CET
        clock.set(utc(2026, 3, 2, 10))  # Mon 11:00 CET: answered; the last-contact clock starts
        d = ta.reply(ctx, d.number, "On it")
        assert d.next_update_clock.due_at == utc(2026, 3, 3, 10)  # Tue 11:00 CET
        clock.set(utc(2026, 3, 2, 12))  # Mon 13:00 CET: both restart / start → Tue 13:00 CET
        assert ti.customer_message(ctx, d.number, "?").next_update_clock.due_at == utc(2026, 3, 3, 12)
        clock.set(utc(2026, 3, 2, 14))  # Mon 15:00 CET: last contact → Tue 15:00, unanswered stays Tue 13:00
        assert ti.customer_message(ctx, d.number, "??").next_update_clock.due_at == utc(2026, 3, 3, 12)
        clock.set(utc(2026, 3, 2, 15))  # Mon 16:00 CET: answered: only the last-contact clock, Tue 16:00 CET
        d = ta.reply(ctx, d.number, "Done")
        assert d.next_update_clock.due_at == utc(2026, 3, 3, 15)
        assert [(s.started_at, s.business_min, s.met) for s in spans(ctx, d.number, "next_update")] == [
            (T0, 60, True), (utc(2026, 3, 2, 12), 180, True)]  # from the unanswered messages, not the contacts

    def test_a_pause_moves_the_unanswered_clock_by_the_business_time_paused(self, ctx, clock):
        install_policy(ctx, policy("unanswered", 'update_clock = "unanswered"', UPDATE_TARGETS))
        d = ta.assign(ctx, moderate(ctx).number)  # update due Tue 10:00 CET
        clock.set(utc(2026, 3, 2, 10))  # Mon 11:00 CET: on hold until 15:00 CET, 4 business hours
        ta.hold(ctx, d.number, "waiting for the vendor")
        clock.set(utc(2026, 3, 2, 14))
        d = ta.resume(ctx, d.number)
        # 7 business hours were left at 11:00 (11-17 6 h + Tue 1 h): from Mon 15:00 CET → 2 h + Tue 5 h = Tue 14:00
        assert d.next_update_clock.due_at == utc(2026, 3, 3, 13)


RESPONSE_TARGETS = "[[target]]\nfirst_response_hours = 4\nnext_update_hours = 8\nresolution_hours = 72"


class TestWhatCountsAsAResponse:
    def test_a_logged_call_counts_where_the_team_counts_it_a_chat_and_a_note_do_not(self, ctx, clock):
        install_policy(ctx, policy("calls", 'responses = ["reply", "phone"]', RESPONSE_TARGETS))
        d = ta.assign(ctx, moderate(ctx).number)
        clock.set(utc(2026, 3, 2, 10))  # Mon 11:00 CET: a chat, which this team does not count
        d = ta.log_contact(ctx, d.number, "chat", "Explained the export settings")
        assert d.first_response.due_at == utc(2026, 3, 2, 13) and d.first_response.met_at is None
        assert (d.events[-1].action, d.events[-1].details["counted"]) == ("contact_logged", False)
        clock.set(utc(2026, 3, 2, 10, 30))
        d = ta.note(ctx, d.number, "internal: it is the PDF renderer")  # a note never counts
        assert d.first_response.met_at is None
        clock.set(utc(2026, 3, 2, 11))  # Mon 12:00 CET: a phone call, which it counts
        d = ta.log_contact(ctx, d.number, "phone", "Called: a workaround is in place")
        assert d.first_response.met_at == utc(2026, 3, 2, 11) and d.first_response.text(clock.now()) == "met"
        # the call is the last contact: next update 8 h from Mon 12:00 CET → Tue 12:00 CET = 11:00 UTC
        assert d.next_update_clock.due_at == utc(2026, 3, 3, 11)
        assert [m.kind for m in d.messages] == ["customer", "chat", "internal", "phone"]
        assert not [m for m in d.messages if m.mail is not None]  # nothing was mailed

    def test_without_the_policy_saying_so_a_call_is_on_record_only(self, ctx, clock):
        d = ta.assign(ctx, moderate(ctx).number)  # the shipped standard policy: a public reply only
        clock.set(utc(2026, 3, 2, 11))
        d = ta.log_contact(ctx, d.number, "phone", "Called")
        assert d.first_response.met_at is None and d.events[-1].details["counted"] is False


class TestRecomputeOnAChange:
    FAST = policy("fast", "", '[[target]]\nfirst_response_minutes = 30\nnext_update_hours = 8\nresolution_hours = 72')
    SLOW = policy("slow", "", '[[target]]\nfirst_response_hours = 8\nnext_update_hours = 8\nresolution_hours = 80')

    def test_a_met_first_response_stays_met_when_its_target_moves_and_the_audit_has_both_deadlines(self, ctx, clock):
        d = ta.assign(ctx, moderate(ctx).number)  # standard: first response 4 h → Mon 14:00 CET = 13:00 UTC
        clock.set(utc(2026, 3, 2, 10))  # Mon 11:00 CET: answered after 60 business minutes, met
        ta.reply(ctx, d.number, "On it")
        clock.set(utc(2026, 3, 2, 11))
        install_policy(ctx, self.FAST)
        assert tc.recompute_deadlines(ctx) == {"tickets": 1, "changed": 1}
        d = tq.get_ticket(ctx, d.number)
        # under a 30-minute target the deadline lies 30 business minutes before the answer (60 - 30):
        # Mon 10:30 CET = 09:30 UTC; the answer was in time under the target in force then: still met
        assert d.first_response.due_at == utc(2026, 3, 2, 9, 30)
        assert d.first_response.text(clock.now()) == "met" and d.first_response.state(clock.now()) is SlaState.MET
        event = d.events[-1]
        assert event.details["first_response_due"] == [utc(2026, 3, 2, 13).isoformat(), utc(2026, 3, 2, 9, 30).isoformat()]
        rep = sla_report(ctx, T0 - timedelta(days=1), T0 + timedelta(days=1))
        assert (rep.total.first_response_met, rep.total.first_response_measured) == (1, 1)

    def test_a_running_clock_is_recomputed_a_passed_deadline_stays(self, ctx, clock):
        d = ta.assign(ctx, moderate(ctx).number)  # first response due Mon 14:00 CET, resolution 72 h
        clock.set(utc(2026, 3, 2, 15))  # Mon 16:00 CET: the first response has passed unanswered (6 h used)
        install_policy(ctx, self.SLOW)
        tc.recompute_deadlines(ctx)
        d = tq.get_ticket(ctx, d.number)
        assert d.first_response.due_at == utc(2026, 3, 2, 13)  # passed: it never moves (not Mon 18:00 → Tue 11:00)
        # resolution 80 h, 6 h used → 74 h from Mon 16:00 CET: Mon 1 → 73; Tue-Fri 32 → 41; Mon-Fri 9-13 Mar 40
        # → 1; Mon 16 Mar 09:00 + 1 h = 10:00 CET = 09:00 UTC
        assert d.resolution_clock.due_at == utc(2026, 3, 16, 9)

    def test_a_changed_calendar_recomputes_the_running_clocks_on_it(self, ctx, clock, tmp_path):
        install_calendar(ctx, '[calendar.desk]\ntimezone = "UTC"\n[calendar.desk.hours]\nmon-fri = ["09:00-17:00"]')
        desk_policy = policy("desk", "", "[[target]]\nfirst_response_hours = 4\nresolution_hours = 16", calendar="desk")
        install_policy(ctx, desk_policy)
        clock.set(utc(2026, 3, 2, 9))  # Mon 09:00 UTC: first response 13:00, resolution 16 h → Tue 17:00 UTC
        d = moderate(ctx)
        assert (d.first_response.due_at, d.resolution_clock.due_at) == (utc(2026, 3, 2, 13), utc(2026, 3, 3, 17))
        clock.set(utc(2026, 3, 2, 11))  # 2 h used; the desk now closes at 13:00
        before = {c.name: c for c in config_store.list_calendars(ctx)}
        files = tmp_path / "presets"
        files.mkdir()
        (files / "calendars.toml").write_text('[calendar.desk]\ntimezone = "UTC"\n[calendar.desk.hours]\n'
                                              'mon-fri = ["09:00-13:00"]\n')
        (files / "policies.toml").write_text(desk_policy)  # the policy unchanged, its calendar changed
        (files / "rules.toml").write_text("")
        changed = config_store.install_presets(ctx.as_actor("system"), files / "policies.toml",
                                               files / "rules.toml", calendars_file=files / "calendars.toml")
        assert (changed["changed_calendars"], changed["changed_policies"]) == (["desk"], [])
        counts = tc.recompute_changed(ctx.as_actor("system"), calendars={"desk": before["desk"]})
        assert counts == {"tickets": 1, "changed": 1}
        d = tq.get_ticket(ctx, d.number)
        # first response: 2 h left → Mon 11-13 = 2 h → still Mon 13:00 (at closing now)
        # resolution: 14 h left → Mon 11-13 2 → 12; Tue, Wed, Thu 4 h each → Thu 5 Mar 13:00 UTC
        assert (d.first_response.due_at, d.resolution_clock.due_at) == (utc(2026, 3, 2, 13), utc(2026, 3, 5, 13))
        assert d.events[-1].details["resolution_due"] == [utc(2026, 3, 3, 17).isoformat(),
                                                          utc(2026, 3, 5, 13).isoformat()]


class TestConventions:
    def test_a_day_ending_2359_means_the_end_of_the_day(self, ctx, clock):
        install_calendar(ctx, '[calendar.late]\ntimezone = "UTC"\n[calendar.late.hours]\nmon-fri = ["09:00-23:59"]')
        install_policy(ctx, policy("late", "", "[[target]]\nfirst_response_hours = 1", calendar="late"))
        clock.set(utc(2026, 3, 2, 23, 30))  # Mon 23:30 UTC: 30 minutes to midnight, 30 more from Tue 09:00
        assert moderate(ctx).first_response.due_at == utc(2026, 3, 3, 9, 30)  # not 09:31 (23:59 read literally)

    def test_a_due_time_at_closing_is_that_instant_and_says_so(self, ctx, clock):
        clock.set(utc(2026, 3, 2, 12))  # Mon 13:00 CET; first response 4 h runs out exactly at 17:00 CET
        d = moderate(ctx)
        assert d.first_response.due_at == utc(2026, 3, 2, 16)  # Mon 17:00 CET, not Tue 09:00 CET
        assert d.first_response.text(clock.now()) == "4h 00m business · due Mon 17:00 CET (at closing)"

    def test_due_times_are_whole_minutes_rounded_up(self, ctx, clock):
        clock.set(utc(2026, 3, 2, 9, 0, 20))  # Mon 10:00:20 CET: 4 h later is 14:00:20, rounded up to 14:01
        d = moderate(ctx)
        assert d.first_response.due_at == utc(2026, 3, 2, 13, 1)
        assert d.resolution_clock.due_at.second == 0 and d.resolution_clock.due_at.microsecond == 0


class TestWarnings:
    WARNED = policy("warned", "", "[[target]]\nfirst_response_hours = 4\nresolution_hours = 72"
                    "\n[policy.warned.warn_before]\nfirst_response = 30")

    def test_n_business_minutes_before_the_breach_the_queue_flags_it_and_the_agents_are_alerted(self, ctx, clock):
        from agent_tui.services.sla_alerts import alerts_for

        install_policy(ctx, self.WARNED)
        d = moderate(ctx)  # first response due Mon 14:00 CET: warned 30 business minutes before, 13:30 CET
        with ctx.db.read() as s:
            due = s.exec(select(Timer.due_at).where(Timer.ticket_id == stored(ctx, d.number).id,
                                                    Timer.kind == "first_response_warning")).one()
        assert due == utc(2026, 3, 2, 12, 30)
        row = tq.list_tickets(ctx)[0]
        assert row.warned(utc(2026, 3, 2, 12, 29)) is None
        assert row.warned(utc(2026, 3, 2, 12, 30)).label == "first response"  # the queue's ⚠
        assert sweep(ctx, utc(2026, 3, 2, 12, 29)).total == 0
        clock.set(utc(2026, 3, 2, 12, 30))
        assert sweep(ctx).fired == {"first_response_warning": 1}
        # unassigned: every agent of its tier is alerted (alice and bob are Tier 1), not Engineering's erik
        for name, expected in (("alice", [d.number]), ("bob", [d.number]), ("erik", [])):
            assert [a.number for a in alerts_for(ctx.as_actor(name))] == expected
        ta.assign(ctx, d.number)  # now it is alice's alone
        assert [a.number for a in alerts_for(ctx)] == [d.number]
        assert alerts_for(ctx.as_actor("bob")) == []
        clock.set(utc(2026, 3, 2, 12, 45))
        ta.reply(ctx, d.number, "On it")  # answered: nothing to warn of any more
        assert alerts_for(ctx) == []

    def test_with_warn_mail_the_warning_is_also_mailed_to_the_agents_never_to_the_customer(self, ctx, clock):
        from agent_tui.services import agents, outbox

        install_policy(ctx, policy("mailed", "warn_mail = true", "[[target]]\nfirst_response_hours = 4"
                                   "\n[policy.mailed.warn_before]\nfirst_response = 30"))
        agents.upsert_agent(ctx, "alice", "tier1", email="Alice@Desk.example")
        agents.upsert_agent(ctx, "erik", "engineering", email="erik@desk.example")  # not Tier 1: not told
        unassigned = moderate(ctx, subject="Unassigned export")  # bob (Tier 1) has no address: not mailed
        mine = ta.assign(ctx, moderate(ctx, subject="[bold]Mine[/]").number)
        clock.set(utc(2026, 3, 2, 12, 30))  # 13:30 CET: 30 business minutes before both breach
        assert sweep(ctx).fired == {"first_response_warning": 2}
        for number in (unassigned.number, mine.number):
            mails = outbox.list_outbox(ctx, ticket=number)
            assert [(m.kind, m.to_addr) for m in mails] == [("sla_warning", "alice@desk.example")]
            assert mails[0].subject.startswith(f"SLA warning: ticket {number} — first response due ")
            assert "[#" not in mails[0].subject  # no ticket reference: never threaded with the customer's mail
        body = lambda number: outbox.show(ctx, outbox.list_outbox(ctx, ticket=number)[0].id)[0].body  # noqa: E731
        assert "[bold]Mine[/]" in body(mine.number) and "assigned to you" in body(mine.number)
        assert "unassigned in your tier" in body(unassigned.number)
        timeline = tq.get_ticket(ctx, mine.number)
        assert all("SLA warning" not in m.body for m in timeline.messages)  # nothing on the customer's side

    def test_without_warn_mail_no_agent_is_mailed(self, ctx, clock):
        from agent_tui.services import agents, outbox

        install_policy(ctx, self.WARNED)
        agents.upsert_agent(ctx, "alice", "tier1", email="alice@desk.example")
        d = moderate(ctx)
        clock.set(utc(2026, 3, 2, 12, 30))
        assert sweep(ctx).fired == {"first_response_warning": 1}
        assert outbox.list_outbox(ctx, ticket=d.number) == []

    def test_a_clock_without_minutes_warns_at_the_policys_fraction(self, ctx, clock):
        install_policy(ctx, self.WARNED)
        d = moderate(ctx)
        # resolution 72 h from Mon 10:00 CET: Mon 7 → 65; Tue-Fri 32 → 33; Mon-Thu 9-12 Mar 32 → 1; Fri 13 Mar
        # 10:00 CET = 09:00 UTC. warning_fraction 0.75 (the default): warned 18 business hours before, after 54 h:
        # Mon 7 → 47; Tue-Fri 32 → 15; Mon 9 Mar 8 → 7; Tue 10 Mar 16:00 CET = 15:00 UTC
        with ctx.db.read() as s:
            found = dict(s.exec(select(Timer.kind, Timer.due_at).where(
                Timer.ticket_id == stored(ctx, d.number).id)).all())
        assert (found["resolution_breach"], found["resolution_warning"]) == (utc(2026, 3, 13, 9), utc(2026, 3, 10, 15))


class TestReports:
    def test_time_paused_per_day(self, ctx, clock):
        d = ta.assign(ctx, moderate(ctx).number)
        clock.set(utc(2026, 3, 2, 10))  # Mon 11:00 CET: waiting on the customer
        ta.request_info(ctx, d.number, "Which browser?")
        clock.set(utc(2026, 3, 3, 9))  # Tue 10:00 CET: they answer
        ti.customer_message(ctx, d.number, "Firefox")
        clock.set(utc(2026, 3, 4, 12))
        rep = sla_report(ctx, utc(2026, 3, 1, 23), utc(2026, 3, 3, 23))  # Mon 00:00 – Wed 00:00 CET
        # paused Mon 11:00-17:00 CET (6 business hours) and Tue 09:00-10:00 CET (1)
        assert [(p.day.isoformat(), p.tickets, p.business_min) for p in rep.paused_days] == [
            ("2026-03-02", 1, 360), ("2026-03-03", 1, 60)]


class TestDrozSurvey:
    """Seed 002: "Nossa primeira resposta acontece em até 12h após a solicitação" — twelve clock hours."""

    def test_a_friday_evening_request_is_due_saturday_morning_its_resolution_in_office_hours(self, ctx, clock):
        ctx.tz = ZoneInfo("America/Sao_Paulo")  # UTC-3, no DST in 2026
        config_store.use_policy(ctx.as_actor("system"), "droz")
        clock.set(utc(2026, 3, 6, 21))  # Fri 6 Mar 18:00 -03, the São Paulo office just closed
        d = moderate(ctx)
        # first response 12 clock hours (24x7): Sat 7 Mar 06:00 -03 = 09:00 UTC (not 12 office hours, Tue 12:00)
        assert d.first_response.due_at == utc(2026, 3, 7, 9)
        assert d.first_response.calendar_name == "24x7"
        # resolution 72 business hours on sao-paulo-office (Mon-Fri 09-18, no holiday in March): Mon 9-Fri 13 Mar
        # 45 h → 27; Mon 16, Tue 17 18 h → 9; Wed 18 Mar 09:00 + 9 h = 18:00 -03, exactly at closing = 21:00 UTC
        assert d.resolution_clock.due_at == utc(2026, 3, 18, 21)
        assert d.resolution_clock.text(clock.now()) == (
            "paused until Mon 09:00 -03 · 72h 00m business · due Wed 18 Mar 18:00 -03 (at closing)")
