"""Tiered escalation (seed 003) and the hand-over checklist it enforces (seeds 001, 004)."""

from __future__ import annotations

import pytest

from agent_tui.domain import checklist as cl
from agent_tui.domain.escalation import Handover, Tier, next_tier, parse_tier
from agent_tui.domain.escalation import validate_escalation as _validate
from agent_tui.errors import ForbiddenTransition, InvalidInput, MissingRequiredInfo
from tests.conftest import FULL_CHECKLIST



def validate_escalation(current, target, criterion, handover, checklist):
    """The escalation as the service checks it: the default policy's checklist against ``checklist``."""
    _validate(current, target, criterion, handover, cl.gaps(cl.DEFAULT, checklist))


def checklist_gaps(values):
    return [f.key for f in cl.gaps(cl.DEFAULT, values)]


def normalize_checklist(values):
    return cl.normalize(cl.DEFAULT, values)


GOOD = Handover(findings="reproduced on iOS 17", steps_taken="cleared cache, reinstalled")


class TestEscalationValidation:
    def test_a_complete_escalation_to_the_next_tier_passes(self):
        validate_escalation(Tier.TIER1, Tier.TIER2, "potential_bug", GOOD, FULL_CHECKLIST)
        validate_escalation(Tier.TIER2, Tier.ENGINEERING, "security", GOOD, FULL_CHECKLIST)

    def test_skipping_a_tier_is_refused(self):
        with pytest.raises(ForbiddenTransition, match="from Tier 1 to Engineering: the next step is Tier 2"):
            validate_escalation(Tier.TIER1, Tier.ENGINEERING, "code_change", GOOD, FULL_CHECKLIST)

    def test_nothing_is_above_engineering(self):
        with pytest.raises(ForbiddenTransition, match="already at Engineering"):
            validate_escalation(Tier.ENGINEERING, Tier.ENGINEERING, "code_change", GOOD, FULL_CHECKLIST)

    @pytest.mark.parametrize(("target", "criterion"), [(Tier.TIER2, "code_change"),
                                                       (Tier.ENGINEERING, "potential_bug")])
    def test_a_criterion_of_another_step_is_refused(self, target, criterion):
        current = Tier.TIER1 if target is Tier.TIER2 else Tier.TIER2
        with pytest.raises(InvalidInput, match="does not apply"):
            validate_escalation(current, target, criterion, GOOD, FULL_CHECKLIST)

    def test_no_criterion_is_named_among_the_other_gaps(self):
        with pytest.raises(MissingRequiredInfo) as info:
            validate_escalation(Tier.TIER1, Tier.TIER2, "", Handover(), dict(FULL_CHECKLIST, domain=""))
        assert info.value.missing[0] == "criterion: one of deeper_knowledge, potential_bug"
        assert "checklist: Domain" in info.value.missing
        assert "hand-over: findings" in info.value.missing

    def test_missing_information_names_every_gap(self):
        checklist = dict(FULL_CHECKLIST, domain="", environment="  ")
        del checklist["end_customer_contact"]
        with pytest.raises(MissingRequiredInfo) as info:
            validate_escalation(Tier.TIER1, Tier.TIER2, "deeper_knowledge", Handover(), checklist)
        msg = info.value.message
        for label in ("Domain", "Environment (OS, browser, app version)", "May we contact the end customer?",
                      "findings", "steps taken"):
            assert label in msg
        assert "Customer number" not in msg
        assert len(info.value.missing) == 5

    def test_an_empty_checklist_lists_all_fields(self):
        assert checklist_gaps(None) == list(cl.DEFAULT_KEYS)
        assert checklist_gaps(FULL_CHECKLIST) == []


class TestChecklistAndTiers:
    @pytest.mark.parametrize(("given", "stored"), [("Ja", "yes"), ("não", "no"), ("nee", "no"), ("Y", "yes")])
    def test_end_customer_contact_accepts_yes_no_in_four_languages(self, given, stored):
        assert normalize_checklist({"end_customer_contact": given}) == {"end_customer_contact": stored}

    def test_end_customer_contact_must_be_yes_or_no(self):
        with pytest.raises(InvalidInput, match="yes or no"):
            normalize_checklist({"end_customer_contact": "maybe"})

    def test_unknown_checklist_fields_are_refused(self):
        with pytest.raises(InvalidInput, match="unknown checklist field 'shoe_size'"):
            normalize_checklist({"shoe_size": "42"})

    @pytest.mark.parametrize(("text", "tier"), [("T2", Tier.TIER2), ("Tier 1", Tier.TIER1), ("eng", Tier.ENGINEERING)])
    def test_tiers_parse_from_what_agents_type(self, text, tier):
        assert parse_tier(text) is tier

    def test_an_unknown_tier_is_refused(self):
        with pytest.raises(InvalidInput, match="unknown tier"):
            parse_tier("tier9")

    def test_tiers_follow_each_other(self):
        assert next_tier(Tier.TIER1) is Tier.TIER2
        assert next_tier(Tier.TIER2) is Tier.ENGINEERING
        assert next_tier(Tier.ENGINEERING) is None
