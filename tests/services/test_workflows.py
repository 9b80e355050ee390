"""An agent's day, end to end through the services, with the clock moved by hours and days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from agent_tui.domain.escalation import Handover
from agent_tui.domain.severity import Severity
from agent_tui.domain.sla import SlaState
from agent_tui.errors import ForbiddenTransition, MissingRequiredInfo, NotFound, StaleTicket
from agent_tui.services import outbox
from agent_tui.services import config_store
from agent_tui.services import ticket_actions as ta
from agent_tui.services import intake as ti
from agent_tui.services import ticket_queries as tq
from agent_tui.services.sweep import sweep
from tests.conftest import FULL_CHECKLIST, T0, new_ticket
from tests.services.helpers import actions, audit_count, ticket_count, timers

H = timedelta(hours=1)
D = timedelta(days=1)
HANDOVER = Handover(findings="Totals double-count discounts", steps_taken="Reproduced with report 17")


def opened(ctx, **kw):
    """A ticket alice has taken (new → open)."""
    d = new_ticket(ctx, **kw)
    return ta.assign(ctx, d.number)


class TestCreateAndTriage:
    def test_a_new_ticket_is_triaged_by_the_stored_rules_and_its_clocks_start(self, ctx):
        d = new_ticket(ctx, "Export to PDF shows wrong totals")
        assert d.row.status == "new" and d.row.assignee is None
        assert d.row.severity == "moderate" and d.triage_rule == "moderate-broken-feature"
        assert "'wrong' in the subject" in d.triage_reason
        # Business hours (issue #6): "standard" counts moderate tickets on berlin-office, Mon-Fri 09-17 CET.
        # T0 = Mon 2 Mar 10:00 CET. First response 4 h → 14:00 CET = T0 + 4 h.
        # Resolution 72 h: Mon 2 (10-17) 7 h → 65 left; Tue-Fri 3-6 32 h → 33; Mon-Thu 9-12 32 h → 1;
        # Fri 13 09:00 + 1 h = 10:00 CET = 09:00 UTC.
        assert d.first_response.due_at == T0 + 4 * H
        assert d.resolution_clock.due_at == datetime(2026, 3, 13, 9, 0, tzinfo=UTC)
        assert actions(d) == ["created", "triaged"]
        assert d.checklist["customer_number"] == "C-10001"
        assert d.messages[0].kind == "customer"

    def test_german_blocking_words_make_it_critical(self, ctx):
        d = new_ticket(ctx, "Dringend", "Wir können nicht veröffentlichen, seit dem Update!", language="de")
        assert d.row.severity == "critical" and "blocking" in d.tags

    def test_take_next_gives_the_most_urgent_ticket_of_my_tier_once(self, ctx):
        calm = new_ticket(ctx, "How do I change my invoice address?")
        urgent = new_ticket(ctx, "Outage: we cannot publish anything")
        taken = ta.take_next(ctx)
        assert taken.number == urgent.number and taken.row.assignee == "alice" and taken.row.status == "open"
        assert ta.take_next(ctx.as_actor("bob")).number == calm.number
        assert ta.take_next(ctx) is None
        assert ta.take_next(ctx.as_actor("bruno")) is None  # tier 2 has nothing

    def test_a_reply_meets_the_first_response(self, ctx, clock):
        d = opened(ctx)
        clock.advance(hours=2)
        d = ta.reply(ctx, d.number, "We are on it.")
        assert d.first_response.met_at == T0 + 2 * H
        assert d.first_response.state(clock.now()) is SlaState.MET
        assert ("first_response_breach", "cancelled") in timers(ctx, d.number)
        assert not any(k.startswith("first_response") and s == "pending" for k, s in timers(ctx, d.number))
        assert d.events[-1].action == "replied" and d.events[-1].details == {"first_response": True}

    def test_replying_to_an_unassigned_new_ticket_takes_it(self, ctx):
        d = ta.reply(ctx, new_ticket(ctx).number, "Hi!")
        assert d.row.assignee == "alice" and d.row.status == "open"


class TestWaitingForTheCustomer:
    def test_no_answer_for_3_days_auto_solves_then_4_days_later_it_closes(self, ctx, clock):
        d = opened(ctx)
        d = ta.request_info(ctx, d.number, "Which browser do you use?")
        assert d.row.status == "pending" and d.row.auto.label == "auto-solve"
        assert d.row.auto.due_at == T0 + 3 * D
        clock.advance(days=3, seconds=-1)
        assert sweep(ctx).total == 0
        clock.advance(seconds=1)
        report = sweep(ctx)
        assert report.fired == {"pending_autosolve": 1}
        d = tq.get_ticket(ctx, d.number)
        assert (d.row.status, d.outcome, d.row.assignee) == ("solved", "no_customer_response", "alice")
        assert d.events[-1].actor == "system"
        assert d.row.auto.label == "auto-close" and d.row.auto.due_at == T0 + 7 * D
        clock.advance(days=4)
        assert sweep(ctx).fired == {"solved_autoclose": 1}
        assert tq.get_ticket(ctx, d.number).row.status == "closed"

    def test_auditcase_reminds_after_7_days_and_closes_after_14(self, ctx, clock):
        """Seed 004: "na 14 dagen automatisch worden gesloten … na 7 dagen eerst een reminder"."""
        config_store.use_policy(ctx.as_actor("system"), "auditcase")
        d = opened(ctx)
        ta.request_info(ctx, d.number, "Please send a screenshot.")
        asked = outbox.list_outbox(ctx, ticket=d.number)[0]
        assert asked.kind == "info_request_close"  # the customer is told it will be closed, and how to re-open
        assert "close the request; you can re-open it" in outbox.show(ctx, asked.id)[0].body
        clock.advance(days=3)
        assert sweep(ctx).total == 0
        clock.advance(days=4)
        assert sweep(ctx).fired == {"pending_reminder": 1}
        d = tq.get_ticket(ctx, d.number)
        assert d.row.status == "pending" and "reminder_sent" in actions(d)
        assert d.messages[-1].kind == "system" and "7 days" in d.messages[-1].body
        assert "will be closed" in d.messages[-1].body
        clock.advance(days=7)
        assert sweep(ctx).fired == {"pending_autosolve": 1}
        d = tq.get_ticket(ctx, d.number)
        assert (d.row.status, d.outcome) == ("closed", "no_customer_response")  # closed on day 14, not solved
        assert "closed this request" in d.messages[-1].body and "re-opens" in d.messages[-1].body
        clock.advance(days=30)
        assert sweep(ctx).total == 0  # nothing more: it is closed

    def test_auditcase_a_reply_after_the_close_reopens_the_same_ticket(self, ctx, clock):
        """Seed 004: "U kunt deze overigens heropenen door erop te reageren" — no follow-up ticket."""
        config_store.use_policy(ctx.as_actor("system"), "auditcase")
        d = opened(ctx)
        ta.request_info(ctx, d.number, "Please send a screenshot.")
        clock.advance(days=14, minutes=1)
        sweep(ctx)
        clock.advance(days=20)
        back = ti.customer_message(ctx.as_actor("system"), d.number, "Sorry, I was away. Here it is.")
        assert back.number == d.number and back.follow_up_of is None
        assert (back.row.status, back.row.assignee, back.outcome) == ("open", "alice", None)
        assert back.events[-1].action == "status_changed" and (back.events[-1].before, back.events[-1].after) == (
            "closed", "open")

    def test_a_ticket_an_agent_closed_stays_final_under_auditcase(self, ctx, clock):
        config_store.use_policy(ctx.as_actor("system"), "auditcase")
        d = opened(ctx)
        ta.solve(ctx, d.number, "fixed")
        ta.close(ctx, d.number)
        follow = ti.customer_message(ctx.as_actor("system"), d.number, "Same again")
        assert follow.number != d.number and follow.follow_up_of == d.number

    @pytest.mark.parametrize("how", ["pending", "on_hold", "solved"])
    def test_a_customer_reply_reopens_and_goes_back_to_the_original_agent(self, ctx, clock, how):
        d = opened(ctx)
        if how == "pending":
            ta.request_info(ctx, d.number, "Which version?")
        elif how == "on_hold":
            ta.hold(ctx, d.number, "waiting on the app store")
        else:
            ta.solve(ctx, d.number, "fixed", "Patched in 4.2.2")
        clock.advance(days=1)
        d = ti.customer_message(ctx.as_actor("system"), d.number, "It is still broken")
        assert d.row.status == "open" and d.row.assignee == "alice"
        assert d.outcome is None and d.hold_kind is None
        assert d.events[-1].action == "status_changed" and d.events[-1].after == "open"
        assert d.events[-1].actor == "jana@brightlane.example"

    def test_a_customer_message_on_a_closed_ticket_opens_a_linked_follow_up(self, ctx, clock):
        d = opened(ctx)
        ta.solve(ctx, d.number, "fixed")
        closed = ta.close(ctx, d.number)
        before = closed.row.version
        clock.advance(days=10)
        follow = ti.customer_message(ctx.as_actor("system"), d.number, "Same problem again")
        assert follow.number != d.number and follow.follow_up_of == d.number
        assert follow.row.status == "open" and follow.row.assignee == "alice"
        assert follow.row.severity == closed.row.severity
        assert follow.row.subject.startswith(f"Follow-up to #{d.number}")
        again = tq.get_ticket(ctx, d.number)
        assert again.row.status == "closed" and again.row.version == before
        assert again.events[-1].action == "follow_up_created"


class TestApprovalAndHolds:
    def test_a_non_hotfix_waits_for_approval_then_reopens(self, ctx):
        d = opened(ctx)
        d = ta.propose_solution(ctx, d.number, "Migrate the account to the new region", hotfix=False)
        assert (d.row.status, d.hold_kind) == ("on_hold", "approval")
        with pytest.raises(ForbiddenTransition, match="record the approval"):
            ta.resume(ctx, d.number)
        d = ta.approve(ctx, d.number, "Customer said yes by phone")
        assert (d.row.status, d.hold_kind) == ("open", None)
        assert "approved" in actions(d)

    def test_a_hotfix_is_applied_directly(self, ctx):
        d = opened(ctx)
        d = ta.propose_solution(ctx, d.number, "Cleared the CDN cache", hotfix=True)
        assert d.row.status == "open" and d.proposed_solution == "Cleared the CDN cache"
        with pytest.raises(ForbiddenTransition, match="it is open"):
            ta.approve(ctx, d.number)

    def test_hold_and_resume_count_only_business_time_before_the_hold(self, ctx, clock):
        # Changed by issue #6 (was: deadlines shift by the paused wall span). Berlin Mon-Fri 09-17 CET.
        d = opened(ctx)  # Mon 2 Mar 10:00 CET, moderate: first response 4 h, resolution 72 h
        clock.advance(hours=1)  # 11:00 CET: 1 business hour used
        ta.hold(ctx, d.number, "waiting on the payment provider")
        clock.advance(days=2, minutes=17)  # Wed 4 Mar 11:17 CET
        d = ta.resume(ctx, d.number, "they answered")
        # first response: 3 h left from Wed 11:17 CET → 14:17 CET = 13:17 UTC
        assert d.first_response.due_at == datetime(2026, 3, 4, 13, 17, tzinfo=UTC)
        # resolution: 71 h left. Wed 11:17-17 5h43 → 65h17; Thu-Fri 16 h → 49h17; Mon-Fri 9-13 40 h → 9h17;
        # Mon 16 8 h → 1h17; Tue 17 Mar 09:00 + 1h17 = 10:17 CET = 09:17 UTC
        assert d.resolution_clock.due_at == datetime(2026, 3, 17, 9, 17, tzinfo=UTC)
        assert d.first_response.paused_at is None

    def test_sla_warning_and_breach_fire_once_each(self, ctx, clock):
        d = opened(ctx)  # moderate: first response 4 h, warning at 75 %
        clock.advance(hours=3)
        assert sweep(ctx).fired == {"first_response_warning": 1}
        clock.advance(hours=1)
        assert sweep(ctx).fired == {"first_response_breach": 1}
        clock.advance(hours=1)
        assert sweep(ctx).total == 0
        # A hold and resume re-plans the deadlines, but an alarm that fired never fires again.
        ta.hold(ctx, d.number, "carrier")
        clock.advance(days=1)
        ta.resume(ctx, d.number)
        clock.advance(days=1)
        sweep(ctx)
        events = actions(tq.get_ticket(ctx, d.number))
        assert events.count("first_response_warning") == 1
        assert events.count("first_response_breached") == 1

    def test_a_second_sweep_at_the_same_instant_changes_nothing(self, ctx, clock):
        for _ in range(3):
            ta.request_info(ctx, opened(ctx).number, "More details please")
        new_ticket(ctx)
        clock.advance(days=3)
        first = sweep(ctx)
        assert first.fired.get("pending_autosolve") == 3
        count = audit_count(ctx)
        second = sweep(ctx)
        assert second.total == 0 and audit_count(ctx) == count

    def test_a_severity_override_recomputes_deadlines_and_is_audited(self, ctx, clock):
        d = opened(ctx)
        clock.advance(hours=1)
        d = ta.set_severity(ctx, d.number, Severity.CRITICAL, "CEO cannot log in")
        assert d.row.severity == "critical" and d.severity_overridden
        assert d.first_response.due_at == T0 + 1 * H and d.resolution_clock.due_at == T0 + 24 * H
        event = d.events[-1]
        assert (event.action, event.before, event.after) == ("severity_overridden", "moderate", "critical")
        assert event.details["reason"] == "CEO cannot log in"
        # moderate resolution was Fri 13 Mar 09:00 UTC on berlin-office (see the first test); critical runs on 24x7:
        # 24 h - the 1 h used = 23 h from T0 + 1 h
        assert event.details["resolution_due"] == [datetime(2026, 3, 13, 9, tzinfo=UTC).isoformat(),
                                                   (T0 + 24 * H).isoformat()]
        assert event.details["sla_calendar"] == ["berlin-office", "24x7"]


class TestEscalation:
    def test_escalate_is_refused_until_the_checklist_is_complete_then_tier2_takes_it_and_hands_it_back(self, ctx):
        d = opened(ctx)
        with pytest.raises(MissingRequiredInfo) as info:
            ta.escalate(ctx, d.number, "tier2", "potential_bug", HANDOVER)
        for gap in ("Error message", "Reproduction steps", "Environment", "May we contact the end customer?"):
            assert gap in info.value.message
        assert "Customer number" not in info.value.message  # filled from the customer at creation
        d = ta.update_checklist(ctx, d.number, FULL_CHECKLIST)
        assert d.checklist_gaps == []
        d = ta.escalate(ctx, d.number, "tier2", "potential_bug", HANDOVER)
        assert (d.row.tier, d.row.assignee, d.previous_assignee) == ("tier2", None, "alice")
        assert d.escalations[-1].findings == HANDOVER.findings
        bruno = ctx.as_actor("bruno")
        assert ta.take_next(ctx.as_actor("bob")) is None
        taken = ta.take_next(bruno)
        assert taken.number == d.number and taken.row.assignee == "bruno"
        d = ta.deescalate(bruno, d.number, "Fixed the discount rounding; tell the customer")
        assert (d.row.tier, d.row.assignee) == ("tier1", "alice")
        assert actions(d)[-2:] == ["deescalated", "assigned"]

    def test_skipping_a_tier_is_refused_and_nothing_changes(self, ctx):
        d = ta.update_checklist(ctx, opened(ctx).number, FULL_CHECKLIST)
        with pytest.raises(ForbiddenTransition, match="next step is Tier 2"):
            ta.escalate(ctx, d.number, "engineering", "code_change", HANDOVER)
        assert tq.get_ticket(ctx, d.number).row.version == d.row.version

    def test_a_tier1_agent_cannot_be_assigned_a_tier2_ticket(self, ctx):
        d = ta.update_checklist(ctx, opened(ctx).number, FULL_CHECKLIST)
        d = ta.escalate(ctx, d.number, "tier2", "deeper_knowledge", HANDOVER)
        with pytest.raises(ForbiddenTransition, match="bob works Tier 1"):
            ta.assign(ctx, d.number, "bob")


class TestConcurrentEdits:
    def test_an_old_version_is_refused_with_who_and_what_and_nothing_is_written(self, ctx, clock):
        d = opened(ctx)
        seen = d.row.version
        clock.advance(minutes=5)
        ta.hold(ctx.as_actor("bob"), d.number, "waiting on the bank")
        before = tq.get_ticket(ctx, d.number)
        audits = audit_count(ctx)
        with pytest.raises(StaleTicket) as info:
            ta.reply(ctx, d.number, "Here is the fix", expected_version=seen)
        msg = info.value.message
        assert f"#{d.number}" in msg and "bob" in msg and "on_hold" in msg and f"your version {seen}" in msg
        after = tq.get_ticket(ctx, d.number)
        assert after.row.version == before.row.version and len(after.messages) == len(before.messages)
        assert audit_count(ctx) == audits

    def test_the_current_version_is_accepted(self, ctx):
        d = opened(ctx)
        assert ta.note(ctx, d.number, "ok", expected_version=d.row.version).row.version == d.row.version + 1

    def test_unknown_ticket_numbers_are_not_found(self, ctx):
        with pytest.raises(NotFound, match="no ticket #999999"):
            ta.reply(ctx, 999999, "hello")
        with pytest.raises(NotFound):
            tq.get_ticket(ctx, 999999)
        assert ticket_count(ctx) == 0


def _mutations():
    """(name, make-ready, act) — every mutating ticket service."""
    from agent_tui.services import kb

    def solved(ctx):
        d = opened(ctx)
        return ta.solve(ctx, d.number, "fixed")

    def on_hold(ctx):
        return ta.hold(ctx, opened(ctx).number, "carrier")

    def approval(ctx):
        return ta.propose_solution(ctx, opened(ctx).number, "migrate", hotfix=False)

    def escalated(ctx):
        d = ta.update_checklist(ctx, opened(ctx).number, FULL_CHECKLIST)
        return ta.escalate(ctx, d.number, "tier2", "potential_bug", HANDOVER)

    def article(ctx, n):
        kb.save_article(ctx, kb.ArticleInput("reset", "Reset your password", "Click reset."))
        kb.link_article(ctx, n, "reset")

    return [
        ("assign", new_ticket, lambda c, n: ta.assign(c, n, "bob")),
        ("take_next", new_ticket, lambda c, n: ta.take_next(c)),
        ("reply", opened, lambda c, n: ta.reply(c, n, "hi")),
        ("note", opened, lambda c, n: ta.note(c, n, "internal")),
        ("request_info", opened, lambda c, n: ta.request_info(c, n, "which OS?")),
        ("customer_message", opened, lambda c, n: ti.customer_message(c, n, "more info")),
        ("hold", opened, lambda c, n: ta.hold(c, n, "bank")),
        ("resume", on_hold, lambda c, n: ta.resume(c, n)),
        ("propose", opened, lambda c, n: ta.propose_solution(c, n, "x", hotfix=True)),
        ("approve", approval, lambda c, n: ta.approve(c, n)),
        ("checklist", opened, lambda c, n: ta.update_checklist(c, n, {"domain": "x.example"})),
        ("severity", opened, lambda c, n: ta.set_severity(c, n, Severity.CRITICAL, "cannot publish")),
        ("escalate", lambda c: ta.update_checklist(c, opened(c).number, FULL_CHECKLIST),
         lambda c, n: ta.escalate(c, n, "tier2", "potential_bug", HANDOVER)),
        ("deescalate", escalated, lambda c, n: ta.deescalate(c.as_actor("bruno"), n, "done")),
        ("solve", opened, lambda c, n: ta.solve(c, n, "workaround")),
        ("reopen", solved, lambda c, n: ta.reopen(c, n, "not fixed")),
        ("close", solved, lambda c, n: ta.close(c, n)),
        ("survey", solved, lambda c, n: ta.record_survey(c, n, 6)),
        ("kb_link", opened, article),
    ]


@pytest.mark.parametrize(("name", "ready", "act"), _mutations(), ids=[m[0] for m in _mutations()])
def test_every_mutating_service_writes_an_audit_event(ctx, name, ready, act):
    d = ready(ctx)
    before = len(tq.get_ticket(ctx, d.number).events)
    act(ctx, d.number)
    after = tq.get_ticket(ctx, d.number)
    assert len(after.events) > before, name
    if name == "kb_link":
        # Linking an article is audited but does not change the ticket: an agent's open
        # screen (and its draft) must not go stale because a colleague linked an article.
        assert after.row.version == d.row.version
    else:
        assert after.row.version > d.row.version, name
