"""Seed 001 (SupraTix): a solution that is not a hotfix waits for the customer's approval before it
is applied, so the ticket cannot be solved until that approval is recorded."""

from __future__ import annotations

import pytest

from agent_tui.domain.lifecycle import Action, HoldKind, Status, TicketState, is_allowed, next_status
from agent_tui.errors import ForbiddenTransition

WAITING = TicketState(Status.ON_HOLD, assignee="alice", hold_kind=HoldKind.APPROVAL, number=1042,
                      awaiting_approval=True)


def test_solving_is_refused_while_the_customer_approval_is_owed_and_the_reason_is_named():
    with pytest.raises(ForbiddenTransition) as info:
        next_status(Action.SOLVE, WAITING, outcome="fixed")
    message = info.value.message
    assert message.startswith("Cannot solve ticket #1042:")
    assert "approval" in message and "hotfix" in message and "\n" not in message
    assert is_allowed(Action.SOLVE, WAITING, outcome="fixed") == (False, message)


@pytest.mark.parametrize("status", [Status.OPEN, Status.PENDING])
def test_the_gate_holds_after_a_customer_message_reopened_the_ticket(status):
    state = TicketState(status, assignee="alice", number=7, awaiting_approval=True)
    with pytest.raises(ForbiddenTransition, match="approval"):
        next_status(Action.SOLVE, state, outcome="fixed")
    assert next_status(Action.APPROVE, TicketState(Status.OPEN, assignee="alice", awaiting_approval=True)) \
        is Status.OPEN


def test_an_approval_hold_alone_also_blocks_solving():
    state = TicketState(Status.ON_HOLD, assignee="alice", hold_kind=HoldKind.APPROVAL)
    assert not is_allowed(Action.SOLVE, state, outcome="fixed")[0]


@pytest.mark.parametrize("hold", [HoldKind.THIRD_PARTY, HoldKind.OTHER])
def test_other_holds_and_open_tickets_can_be_solved(hold):
    assert next_status(Action.SOLVE, TicketState(Status.ON_HOLD, assignee="a", hold_kind=hold),
                       outcome="fixed") is Status.SOLVED
    assert next_status(Action.SOLVE, TicketState(Status.OPEN, assignee="a"), outcome="fixed") is Status.SOLVED


def test_approving_an_open_ticket_that_owes_no_approval_is_refused():
    with pytest.raises(ForbiddenTransition, match="it is open and not waiting for the customer's approval"):
        next_status(Action.APPROVE, TicketState(Status.OPEN, assignee="alice"))
