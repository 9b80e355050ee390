"""Required information belongs to the policy: each preset asks for the fields its seed names, and
escalation enforces the fields of the ticket's policy (seeds 001, 002, 003, 004)."""

from __future__ import annotations

import pytest

from agent_tui.domain import checklist as cl
from agent_tui.domain.escalation import Handover
from agent_tui.domain.policy import policy_from_dict, policy_to_dict
from agent_tui.errors import InvalidInput, MissingRequiredInfo
from agent_tui.services import config_store
from agent_tui.services import ticket_actions as ta
from agent_tui.services import ticket_files as tf
from agent_tui.services import ticket_queries as tq
from tests.conftest import new_ticket

GOOD = Handover(findings="reproduced on the test system", steps_taken="cache cleared, other browser tried")

SEED_FIELDS = {  # what each seed names, in its order
    "supratix": ["customer_number", "domain", "contact", "error_message", "end_customer_contact"],
    "auditcase": ["browser", "users_affected", "customer_number", "document", "error_message", "module",
                  "reproduction_steps", "screenshots"],
    "droz": ["operating_system", "browser", "screenshots", "reproduction_steps", "error_message"],
    "tiered": ["symptoms", "reproduction_steps", "error_message", "recent_changes"],
    "tap-inspect": [],
    "standard": list(cl.DEFAULT_KEYS),
}


def use(ctx, name: str) -> None:
    config_store.use_policy(ctx.as_actor("system"), name)


@pytest.mark.parametrize("preset, keys", sorted(SEED_FIELDS.items()))
def test_each_preset_ships_the_fields_its_seed_names(ctx, preset, keys):
    use(ctx, preset)
    d = new_ticket(ctx)
    assert [f.key for f in d.checklist_fields] == keys
    assert set(d.checklist_gaps) <= set(keys)


def test_auditcase_escalation_asks_for_auditcases_fields_not_supratixs(ctx):
    use(ctx, "auditcase")
    d = new_ticket(ctx)
    ta.assign(ctx, d.number)
    with pytest.raises(MissingRequiredInfo) as info:
        ta.escalate(ctx, d.number, "tier2", "potential_bug", GOOD)
    missing = " ".join(info.value.missing)
    for label in ("Browser", "Users affected", "Document concerned", "Module", "Screenshots"):
        assert label in missing
    assert "Domain" not in missing and "end customer" not in missing  # SupraTix's, not AuditCase's
    assert "Customer number" not in missing  # the customer record filled it


def test_a_screenshot_field_is_met_by_a_file_on_the_ticket(ctx):
    use(ctx, "auditcase")
    d = new_ticket(ctx)
    ta.assign(ctx, d.number)
    ta.update_checklist(ctx, d.number, {"browser": "Firefox 128", "users_affected": "Jansen (finance)",
                                        "document": "Jaarrekening 2025", "error_message": "Fout 17",
                                        "module": "Dossiers", "reproduction_steps": "open, publish"})
    assert tq.get_ticket(ctx, d.number).checklist_gaps == ["screenshots"]
    ta.note(ctx, d.number, "Screenshot from the call", files=[tf.OutgoingFile("screen.png", b"\x89PNG...")])
    d = tq.get_ticket(ctx, d.number)
    assert d.checklist_gaps == []
    done = ta.escalate(ctx, d.number, "tier2", "potential_bug", GOOD)
    assert done.row.tier == "tier2"


def test_the_standard_checklist_still_guards_escalation(ctx):
    d = new_ticket(ctx)
    ta.assign(ctx, d.number)
    with pytest.raises(MissingRequiredInfo) as info:
        ta.escalate(ctx, d.number, "tier2", "potential_bug", GOOD)
    assert any("May we contact the end customer" in m for m in info.value.missing)


def test_tap_inspect_asks_for_nothing_before_escalating(ctx):
    use(ctx, "tap-inspect")
    d = new_ticket(ctx)
    ta.assign(ctx, d.number)
    assert ta.escalate(ctx, d.number, "tier2", "deeper_knowledge", GOOD).row.tier == "tier2"


def test_a_teams_own_field_is_shown_as_written_and_enforced():
    policy = policy_from_dict("ours", {
        "sla": {s: {"first_response_hours": 1, "resolution_hours": 8} for s in
                ("general_question", "moderate", "critical")},
        "pending_autosolve_days": 3, "solved_autoclose_days": 4,
        "checklist": ["browser", {"key": "contract", "label": "Vertragsnummer"}], "new_ticket": ["contract"]})
    assert [f.shown for f in policy.checklist] == ["Browser", "Vertragsnummer"]
    assert [f.key for f in cl.gaps(policy.checklist, {"browser": "Edge"})] == ["contract"]
    again = policy_from_dict("ours", policy_to_dict(policy))
    assert again.checklist == policy.checklist and again.new_ticket_fields == ("contract",)


@pytest.mark.parametrize("checklist, why", [
    (["shoe_size"], "unknown checklist field 'shoe_size'"),
    ([{"key": "x"}], "needs key"),
    (["browser", "browser"], "named twice"),
    ("browser", "must be a list"),
])
def test_a_wrong_checklist_in_a_policy_is_refused_naming_it(checklist, why):
    with pytest.raises(InvalidInput, match=why):
        policy_from_dict("bad", {"sla": {s: {"first_response_hours": 1, "resolution_hours": 8} for s in
                                         ("general_question", "moderate", "critical")},
                                 "pending_autosolve_days": 3, "solved_autoclose_days": 4, "checklist": checklist})


def test_an_unknown_field_is_refused_naming_the_policys_fields(ctx):
    use(ctx, "droz")
    d = new_ticket(ctx)
    with pytest.raises(InvalidInput, match="operating_system, browser, screenshots"):
        ta.update_checklist(ctx, d.number, {"shoe_size": "42"})
