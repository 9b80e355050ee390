"""The lifecycle table: every (action, status) pair is either allowed (and lands where the table says)
or refused with a sentence an agent can read. Guards refuse what the table alone would allow."""

from __future__ import annotations

import pytest

from agent_tui.domain.lifecycle import (
    TRANSITIONS,
    Action,
    HoldKind,
    Outcome,
    Status,
    TicketState,
    is_allowed,
    next_status,
    parse_outcome,
)
from agent_tui.errors import ForbiddenTransition, InvalidInput

# Parameters that satisfy every guard, so the table alone decides.
OK_PARAMS = {"assignee": "alice", "outcome": "fixed", "reason": "waiting on the carrier", "hotfix": False, "score": 5}


def _state_for(action: Action, status: Status) -> TicketState:
    hold = None
    if status is Status.ON_HOLD:
        hold = HoldKind.APPROVAL if action is Action.APPROVE else HoldKind.THIRD_PARTY
    tier = "tier2" if action is Action.DEESCALATE else "tier1"
    return TicketState(status=status, assignee="alice", tier=tier, hold_kind=hold, number=1042,
                       awaiting_approval=action is Action.APPROVE, reopens_on_reply=status is Status.CLOSED)


def test_closed_reopens_only_on_the_customers_answer_to_a_ticket_closed_waiting_for_it():
    """Seed 004: a ticket closed after 14 days without an answer re-opens on the answer; any other
    closed ticket is final (the customer's message opens a follow-up)."""
    waiting = TicketState(status=Status.CLOSED, assignee="alice", number=7, reopens_on_reply=True)
    assert next_status(Action.CUSTOMER_MESSAGE, waiting) is Status.OPEN
    final = TicketState(status=Status.CLOSED, assignee="alice", number=7)
    with pytest.raises(ForbiddenTransition, match="closed tickets are final"):
        next_status(Action.CUSTOMER_MESSAGE, final)
    for action in (Action.REOPEN, Action.REPLY, Action.SOLVE):
        with pytest.raises(ForbiddenTransition):
            next_status(action, waiting, outcome="fixed")


ALLOWED = [(a, s) for a in Action for s in Status if s in TRANSITIONS[a]]
FORBIDDEN = [(a, s) for a in Action for s in Status if s not in TRANSITIONS[a]]


def test_the_table_covers_every_action():
    assert set(TRANSITIONS) == set(Action)
    assert len(ALLOWED) + len(FORBIDDEN) == len(Action) * len(Status)


@pytest.mark.parametrize(("action", "status"), ALLOWED, ids=[f"{a.value}-from-{s.value}" for a, s in ALLOWED])
def test_an_allowed_transition_lands_where_the_table_says(action: Action, status: Status):
    assert next_status(action, _state_for(action, status), **OK_PARAMS) is TRANSITIONS[action][status]


@pytest.mark.parametrize(("action", "status"), FORBIDDEN, ids=[f"{a.value}-from-{s.value}" for a, s in FORBIDDEN])
def test_a_forbidden_transition_is_refused_with_a_human_sentence(action: Action, status: Status):
    with pytest.raises(ForbiddenTransition) as info:
        next_status(action, _state_for(action, status), **OK_PARAMS)
    message = info.value.message
    assert message.startswith("Cannot ")
    assert "ticket #1042" in message
    assert status.label in message
    assert "allowed when" in message
    assert "\n" not in message
    ok, why = is_allowed(action, _state_for(action, status), **OK_PARAMS)
    assert not ok and why == message


def test_closed_is_final_and_the_message_says_what_happens_instead():
    with pytest.raises(ForbiddenTransition, match="follow-up ticket"):
        next_status(Action.REOPEN, TicketState(Status.CLOSED, assignee="alice"))


def test_a_new_ticket_must_be_assigned_before_it_can_be_solved():
    with pytest.raises(ForbiddenTransition, match="Assign it first"):
        next_status(Action.SOLVE, TicketState(Status.NEW), outcome="fixed")


class TestGuards:
    def test_solve_needs_an_assignee(self):
        with pytest.raises(ForbiddenTransition, match="nobody is assigned"):
            next_status(Action.SOLVE, TicketState(Status.OPEN, assignee=None), outcome="fixed")

    def test_solve_needs_an_outcome(self):
        with pytest.raises(ForbiddenTransition, match="outcome is required"):
            next_status(Action.SOLVE, TicketState(Status.OPEN, assignee="alice"))

    def test_no_customer_response_is_only_for_the_timer(self):
        with pytest.raises(ForbiddenTransition, match="pending timer"):
            next_status(Action.SOLVE, TicketState(Status.PENDING, assignee="alice"),
                        outcome=Outcome.NO_CUSTOMER_RESPONSE.value)

    @pytest.mark.parametrize("kind", [HoldKind.THIRD_PARTY, HoldKind.OTHER, None])
    def test_approve_only_when_waiting_for_approval(self, kind):
        with pytest.raises(ForbiddenTransition, match="approval"):
            next_status(Action.APPROVE, TicketState(Status.ON_HOLD, assignee="alice", hold_kind=kind))
        assert next_status(Action.APPROVE, TicketState(Status.ON_HOLD, assignee="alice",
                                                       hold_kind=HoldKind.APPROVAL)) is Status.OPEN

    def test_resume_refuses_an_approval_hold(self):
        with pytest.raises(ForbiddenTransition, match="record the approval"):
            next_status(Action.RESUME, TicketState(Status.ON_HOLD, assignee="alice", hold_kind=HoldKind.APPROVAL))
        assert next_status(Action.RESUME, TicketState(Status.ON_HOLD, assignee="alice",
                                                      hold_kind=HoldKind.THIRD_PARTY)) is Status.OPEN

    def test_deescalate_at_tier1_is_refused(self):
        with pytest.raises(ForbiddenTransition, match="already at Tier 1"):
            next_status(Action.DEESCALATE, TicketState(Status.OPEN, assignee="bruno", tier="tier1"))

    def test_hold_needs_a_reason(self):
        with pytest.raises(ForbiddenTransition, match="reason is required"):
            next_status(Action.HOLD, TicketState(Status.OPEN, assignee="alice"), reason="  ")

    def test_assign_needs_an_agent(self):
        with pytest.raises(ForbiddenTransition, match="no agent given"):
            next_status(Action.ASSIGN, TicketState(Status.NEW))

    def test_a_hotfix_proposal_keeps_the_ticket_open(self):
        state = TicketState(Status.OPEN, assignee="alice")
        assert next_status(Action.PROPOSE_SOLUTION, state, hotfix=True) is Status.OPEN
        assert next_status(Action.PROPOSE_SOLUTION, state, hotfix=False) is Status.ON_HOLD

    @pytest.mark.parametrize("score", [1, 4, 7])
    def test_survey_scores_from_1_to_7_are_accepted(self, score):
        assert next_status(Action.SURVEY, TicketState(Status.SOLVED, assignee="a"), score=score) is Status.SOLVED

    @pytest.mark.parametrize("score", [0, 8, -1, 3.5, "5", None, 99, True])
    def test_survey_scores_outside_1_to_7_are_refused(self, score):
        with pytest.raises(ForbiddenTransition, match="from 1 .* to 7"):
            next_status(Action.SURVEY, TicketState(Status.SOLVED, assignee="a"), score=score)


def test_outcomes_parse_loosely_and_unknown_ones_list_the_choices():
    assert parse_outcome(" Cannot-Reproduce ") is Outcome.CANNOT_REPRODUCE
    with pytest.raises(InvalidInput, match="fixed") as info:
        parse_outcome("magic")
    assert "no_customer_response" not in info.value.message


def test_closed_is_the_only_final_status_and_only_closing_reaches_it():
    from agent_tui.domain.lifecycle import FINAL_STATUSES, irreversible

    assert FINAL_STATUSES == {Status.CLOSED}
    assert {a for a in Action if irreversible(a)} == {Action.CLOSE, Action.AUTO_CLOSE}
