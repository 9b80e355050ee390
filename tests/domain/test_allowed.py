"""domain.allowed: which actions an agent may take now — lifecycle, tier rule, assignment, escalation."""

from __future__ import annotations

import pytest

from agent_tui.domain.allowed import SHOWN, TIER_RULE, Actor, allowed_actions, allowed_now
from agent_tui.domain.escalation import Tier
from agent_tui.domain.lifecycle import Action, HoldKind, Status, TicketState
from agent_tui.domain import checklist as cl
from tests.conftest import FULL_CHECKLIST


def gaps(values):
    return cl.gaps(cl.DEFAULT, values)

ALICE = Actor("alice", Tier.TIER1)
BRUNO = Actor("bruno", Tier.TIER2)
SYSTEM = Actor("system")


def state(status: Status = Status.OPEN, tier: str = "tier1", assignee: str | None = "alice", **kw) -> TicketState:
    return TicketState(status=status, assignee=assignee, tier=tier, number=1042, **kw)


def allowed(action: Action, st: TicketState, actor: Actor = ALICE, checklist=FULL_CHECKLIST) -> bool:
    return allowed_now(action, st, actor, gaps(checklist)).allowed


class TestTierRule:
    @pytest.mark.parametrize("action", sorted(TIER_RULE))
    def test_a_lower_tier_may_not_speak_for_a_higher_tiers_ticket(self, action):
        verdict = allowed_now(action, state(tier="tier2", assignee="bruno"), ALICE, gaps(FULL_CHECKLIST))
        assert not verdict.allowed
        assert "Tier 2" in verdict.reason and "alice works Tier 1" in verdict.reason

    def test_a_lower_tier_may_still_note(self):
        assert allowed(Action.NOTE, state(tier="tier2", assignee="bruno"))

    def test_a_higher_tier_may_step_in(self):
        assert allowed(Action.REPLY, state(tier="tier1"), BRUNO)

    def test_the_system_has_no_tier_rule(self):
        assert allowed(Action.CLOSE, state(Status.SOLVED, tier="engineering"), SYSTEM)


class TestAssignAndReply:
    def test_assign_to_me_only_at_my_own_tier(self):
        new = state(Status.NEW, tier="tier1", assignee=None)
        assert allowed(Action.ASSIGN, new, ALICE)
        verdict = allowed_now(Action.ASSIGN, new, BRUNO)
        assert not verdict.allowed and "bruno works Tier 2" in verdict.reason

    def test_a_reply_to_a_new_unassigned_ticket_takes_it(self):
        assert allowed(Action.REPLY, state(Status.NEW, assignee=None), ALICE)

    def test_but_not_for_a_higher_tier_agent(self):
        assert not allowed(Action.REPLY, state(Status.NEW, assignee=None), BRUNO)


class TestEscalation:
    def test_engineering_has_no_next_tier(self):
        verdict = allowed_now(Action.ESCALATE, state(tier="engineering", assignee="erik"), Actor("erik", Tier.ENGINEERING))
        assert not verdict.allowed and "already at Engineering" in verdict.reason

    def test_checklist_gaps_are_named_but_the_form_opens(self):
        verdict = allowed_now(Action.ESCALATE, state(), ALICE, gaps({}))
        assert verdict.allowed and verdict.reason.startswith("Checklist incomplete")


class TestLifecycle:
    def test_closed_is_final(self):
        assert [a.action for a in allowed_actions(state(Status.CLOSED), ALICE) if a.allowed] == []

    def test_solved_may_be_reopened_closed_noted_answered_or_corrected(self):
        shown = [a.action for a in allowed_actions(state(Status.SOLVED), ALICE) if a.allowed]
        assert shown == [Action.NOTE, Action.REOPEN, Action.CLOSE, Action.CUSTOMER_MESSAGE, Action.SET_SEVERITY,
                         Action.UPDATE_CHECKLIST]

    def test_approval_waits(self):
        waiting = state(Status.ON_HOLD, hold_kind=HoldKind.APPROVAL, awaiting_approval=True)
        assert allowed(Action.APPROVE, waiting)
        assert not allowed(Action.SOLVE, waiting)

    def test_listing_has_every_shown_action_once(self):
        assert [a.action for a in allowed_actions(state(), ALICE)] == list(SHOWN)
