"""Seed 003: "Tier 1 Support will communicate the resolution to the customer" — under a policy with
``tier1_tells_customer`` (the ``tiered`` preset) a Tier 2 or Engineering solve hands the resolution
back to the Tier 1 agent who escalated, and Tier 1 solves it (the customer hears it then)."""

from __future__ import annotations

import pytest

from agent_tui.domain.escalation import Handover
from agent_tui.errors import InvalidInput
from agent_tui.services import config_store
from agent_tui.services import outbox
from agent_tui.services import ticket_actions as ta
from agent_tui.services import ticket_queries as tq
from tests.conftest import new_ticket

TIERED_FACTS = {"symptoms": "totals wrong on every PDF", "reproduction_steps": "export any invoice",
                "error_message": "none, wrong numbers", "recent_changes": "upgraded to 4.2 on Monday"}
GOOD = Handover(findings="reproduced: rounding per line", steps_taken="checked settings, logs")


def escalated_to_engineering(ctx):
    config_store.use_policy(ctx.as_actor("system"), "tiered")
    d = new_ticket(ctx)
    ta.assign(ctx, d.number)
    ta.update_checklist(ctx, d.number, TIERED_FACTS)
    ta.escalate(ctx, d.number, "tier2", "potential_bug", GOOD)
    bruno = ctx.as_actor("bruno")
    ta.assign(bruno, d.number)
    ta.escalate(bruno, d.number, "engineering", "code_change",
                Handover(findings="rounding bug in the PDF writer", steps_taken="traced to invoice_pdf.py"))
    erik = ctx.as_actor("erik")
    ta.assign(erik, d.number)
    return d.number, erik


def test_an_engineering_solve_goes_back_to_the_tier1_agent_who_escalated(ctx):
    number, erik = escalated_to_engineering(ctx)
    mails_before = len(outbox.list_outbox(ctx, ticket=number))
    d = ta.solve(erik, number, "fixed", "Rounding fixed in 4.2.3, deployed tonight.")
    assert (d.row.status, d.row.tier, d.row.assignee) == ("open", "tier1", "alice")
    assert d.handed_back is not None
    assert (d.handed_back.outcome, d.handed_back.by) == ("fixed", "erik")
    assert d.handed_back.resolution == "Rounding fixed in 4.2.3, deployed tonight."
    assert len(outbox.list_outbox(ctx, ticket=number)) == mails_before  # the customer hears it from Tier 1

    solved = ta.solve(ctx, number, d.handed_back.outcome, d.handed_back.resolution)
    assert solved.row.status == "solved" and solved.handed_back is None
    kinds = [m.kind for m in outbox.list_outbox(ctx, ticket=number)[: -mails_before or None]]
    assert "solution" in kinds  # newest first: the solution (and the preset's survey) from Tier 1


def test_the_detail_says_before_that_a_solve_hands_back(ctx):
    number, erik = escalated_to_engineering(ctx)
    assert tq.get_ticket(erik, number).solve_hands_back
    assert not tq.get_ticket(ctx, number).handed_back


def test_a_hand_back_needs_the_resolution_to_tell(ctx):
    number, erik = escalated_to_engineering(ctx)
    with pytest.raises(InvalidInput, match="resolution is required"):
        ta.solve(erik, number, "fixed", "  ")
    assert tq.get_ticket(ctx, number).row.tier == "engineering"


def test_without_the_switch_a_higher_tier_solves_itself(ctx):
    d = new_ticket(ctx, checklist={"reproduction_steps": "x", "environment": "y", "error_message": "z",
                                   "end_customer_contact": "yes"})
    ta.assign(ctx, d.number)
    ta.escalate(ctx, d.number, "tier2", "potential_bug", GOOD)
    bruno = ctx.as_actor("bruno")
    ta.assign(bruno, d.number)
    solved = ta.solve(bruno, d.number, "workaround", "Use CSV until 4.2.3.")
    assert (solved.row.status, solved.row.tier, solved.solve_hands_back) == ("solved", "tier2", False)
