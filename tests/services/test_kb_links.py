"""The help centre's public address (issue 15): one team setting, checked; Tier 2 and Engineering draft articles
before a solve, Tier 1 from solved tickets."""

from __future__ import annotations

import pytest

from agent_tui.domain.escalation import Handover
from agent_tui.errors import InvalidInput
from agent_tui.services import config_store, kb
from agent_tui.services import ticket_actions as ta
from tests.conftest import new_ticket

FACTS = {"symptoms": "wrong totals", "reproduction_steps": "export", "error_message": "none",
         "recent_changes": "4.2 upgrade"}


def test_the_base_address_is_kept_checked_and_cleared(ctx):
    assert kb.base_url(ctx) == "" and kb.public_url(ctx, "reset") is None
    kb.set_base_url(ctx, " https://help.example.com/kb ")
    assert kb.public_url(ctx, "reset") == "https://help.example.com/kb/reset"
    with pytest.raises(InvalidInput, match="not a web address"):
        kb.set_base_url(ctx, "javascript:alert(1)")
    assert kb.base_url(ctx) == "https://help.example.com/kb"  # a refused address loses nothing
    kb.set_base_url(ctx, "")
    assert kb.public_url(ctx, "reset") is None


def test_tier1_writes_from_solved_tickets_tier2_and_engineering_while_they_work(ctx):
    config_store.use_policy(ctx.as_actor("system"), "tiered")
    t = new_ticket(ctx)
    ta.assign(ctx, t.number)
    with pytest.raises(InvalidInput, match="at Tier 1"):
        kb.draft_from_ticket(ctx, t.number)
    ta.update_checklist(ctx, t.number, FACTS)
    ta.escalate(ctx, t.number, "tier2", "potential_bug", Handover("rounding per line", "logs read"))
    draft = kb.draft_from_ticket(ctx.as_actor("bruno"), t.number)
    assert "## Cause" in draft.body and "rounding per line" in draft.body
    assert "(describe the solution)" in draft.body
