"""Triage rules as data (seed 000 severities, four languages) and policy presets as data."""

from __future__ import annotations

from datetime import timedelta

import pytest

from agent_tui.domain.escalation import Tier
from agent_tui.domain.policy import policy_from_dict, policy_to_dict
from agent_tui.domain.severity import Severity, parse_severity
from agent_tui.domain.triage import DEFAULT_RULE, Rule, rule_from_dict, triage
from agent_tui.errors import InvalidInput

RULES = [
    Rule("blocked", Severity.CRITICAL, priority=10, keywords=("cannot publish", "kann nicht veröffentlichen",
                                                              "não consigo publicar", "kan niet publiceren"),
         tags=("blocking",)),
    Rule("broken", Severity.MODERATE, priority=30, keywords=("error", "fehler", "erro", "foutmelding")),
    Rule("premium", Severity.MODERATE, priority=40, plans=("premium",), tags=("premium",)),
    Rule("phone-urgent", Severity.CRITICAL, priority=5, keywords=("urgent",), channels=("phone",), tier=Tier.TIER2),
    Rule("billing", Severity.GENERAL_QUESTION, priority=90, keywords=("invoice", "rechnung", "fatura", "factuur"),
         tags=("billing",)),
]


class TestTriage:
    @pytest.mark.parametrize(("subject", "body"), [
        ("We CANNOT PUBLISH the report", ""),
        ("Hilfe", "Wir kann nicht VERÖFFENTLICHEN seit heute"),
        ("Ajuda", "Nao consigo publicar o relatório"),  # accent missing in the text: still matches
        ("Probleem", "Wij kan  niet\npubliceren"),  # any whitespace between the words
    ], ids=["en-upper", "de-umlaut-case", "pt-no-accent", "nl-whitespace"])
    def test_blocking_words_in_any_language_make_it_critical(self, subject, body):
        d = triage(RULES, subject, body)
        assert d.severity is Severity.CRITICAL and d.rule == "blocked"
        assert "blocking" in d.tags

    def test_keywords_match_whole_words_only(self):
        assert triage(RULES, "terror on the export", "").rule == DEFAULT_RULE
        assert triage(RULES, "Fehlerhafte Anzeige", "").rule == DEFAULT_RULE

    def test_the_reason_says_which_keyword_and_where(self):
        d = triage(RULES, "Question", "I get an Error when saving")
        assert d.reason == "rule 'broken': 'error' in the description"
        d = triage(RULES, "Error on save", "")
        assert "'error' in the subject" in d.reason

    def test_a_plan_condition_must_hold(self):
        assert triage(RULES, "hello", "", plan="premium").rule == "premium"
        assert triage(RULES, "hello", "", plan="basic").rule == DEFAULT_RULE
        assert "plan premium" in triage(RULES, "hello", "", plan="PREMIUM").reason.lower()

    def test_a_channel_condition_must_hold_together_with_the_keywords(self):
        d = triage(RULES, "urgent: help", "", channel="phone")
        assert (d.rule, d.tier, d.severity) == ("phone-urgent", Tier.TIER2, Severity.CRITICAL)
        assert triage(RULES, "urgent: help", "", channel="email").rule == DEFAULT_RULE
        assert triage(RULES, "help", "", channel="phone").rule == DEFAULT_RULE

    def test_the_first_matching_rule_decides_and_tags_come_from_all(self):
        d = triage(RULES, "Cannot publish: error on the invoice", "", plan="premium")
        assert d.rule == "blocked" and d.severity is Severity.CRITICAL
        assert d.tags == ("blocking", "premium", "billing")

    def test_priority_not_list_order_decides(self):
        assert triage(list(reversed(RULES)), "error and cannot publish", "").rule == "blocked"

    def test_disabled_rules_never_match(self):
        rules = [Rule("off", Severity.CRITICAL, keywords=("error",), enabled=False)]
        assert triage(rules, "error", "").rule == DEFAULT_RULE

    def test_nothing_matches_gives_the_default_with_a_reason(self):
        d = triage(RULES, "Hello", "Just saying hi")
        assert (d.severity, d.tier, d.rule, d.tags) == (Severity.GENERAL_QUESTION, Tier.TIER1, DEFAULT_RULE, ())
        assert "no rule matched" in d.reason

    def test_hostile_keyword_text_is_literal_not_a_regex(self):
        rules = [Rule("cpp", Severity.MODERATE, keywords=("c++", "(x"))]
        assert triage(rules, "c++ build", "").rule == "cpp"
        assert triage(rules, "cc build", "").rule == DEFAULT_RULE

    def test_rules_read_from_data_and_refuse_gaps(self):
        rule = rule_from_dict({"name": "r", "severity": "high", "tier": "t2", "plans": "Premium", "keywords": ["X"]})
        assert (rule.severity, rule.tier, rule.plans, rule.keywords) == (Severity.CRITICAL, Tier.TIER2, ("premium",), ("X",))
        with pytest.raises(InvalidInput, match="missing 'severity'"):
            rule_from_dict({"name": "r"})
        with pytest.raises(InvalidInput, match="empty name"):
            rule_from_dict({"name": " ", "severity": "moderate"})
        with pytest.raises(InvalidInput, match="unknown severity"):
            rule_from_dict({"name": "r", "severity": "apocalyptic"})


def _policy_data(**over):
    data = {
        "pending_autosolve_days": 3,
        "solved_autoclose_days": 4,
        "sla": {s.value: {"first_response_hours": 4, "resolution_hours": 48} for s in Severity},
    }
    data.update(over)
    return data


class TestPolicyParsing:
    def test_a_complete_policy_round_trips(self):
        p = policy_from_dict("p", _policy_data(pending_reminder_days=1, warning_fraction=0.8))
        assert p.pending_autosolve_after == timedelta(days=3)
        assert p.pending_reminder_after == timedelta(days=1)
        assert p.target(Severity.CRITICAL).first_response == timedelta(hours=4)
        assert policy_from_dict("p", policy_to_dict(p)) == p

    @pytest.mark.parametrize(("data", "message"), [
        ({"sla": None}, "no \\[sla\\] table"),
        ({"sla": {"critical": 5}}, "sla.critical must be a table"),
        ({"sla": {"urgent": {"first_response_hours": 1, "resolution_hours": 2}}}, "unknown severity 'urgent'"),
        ({"sla": {s.value: {"first_response_hours": 5, "resolution_hours": 2} for s in Severity}}, "shorter than first response"),
        # issue 16: a severity without a target, or a target without some clock, is valid (tests/sla/test_clock_rules.py)
        ({"update_clock": "sometimes"}, "update_clock 'sometimes' is not one of last_contact, unanswered, both"),
        ({"responses": ["reply", "note"]}, "an internal note never counts as a response"),
        ({"responses": ["fax"]}, "responses fax are not among reply, phone, chat"),
        ({"warn_before": {"lunch": 5}}, "warn_before.lunch is not a clock"),
        ({"warn_before": {"first_response": -5}}, "warn_before.first_response must be a positive number"),
        ({"update_before_first_response": "yes"}, "update_before_first_response must be true or false"),
        ({"pending_autosolve_days": "three"}, "pending_autosolve_days must be a number"),
        ({"pending_autosolve_days": 0}, "must be positive"),
        ({"pending_autosolve_days": None}, "missing pending_autosolve_hours"),
        ({"warning_fraction": 1.5}, "warning_fraction must be between 0 and 1"),
        ({"pending_reminder_days": 3}, "reminder must come before the auto-solve"),
    ])
    def test_a_broken_policy_is_refused_with_the_reason(self, data, message):
        with pytest.raises(InvalidInput, match=message):
            policy_from_dict("p", _policy_data(**data))

    def test_severity_aliases(self):
        assert parse_severity("General Question") is Severity.GENERAL_QUESTION
        assert parse_severity("medium") is Severity.MODERATE


class TestTriageOnLongText:
    def test_a_keyword_at_the_end_of_a_megabyte_body_is_still_found(self):
        body = "lorem ipsum " * 90_000 + "und dann: Kann\nnicht veröffentlichen!"
        d = triage(RULES, "Hallo", body)
        assert d.rule == "blocked" and "in the description" in d.reason

    def test_punctuated_keywords_still_need_their_word_boundaries(self):
        rules = [Rule("cant", Severity.CRITICAL, keywords=("can't publish", "urgent: down"))]
        assert triage(rules, "we can't  publish", "").rule == "cant"
        assert triage(rules, "URGENT: down", "").rule == "cant"
        assert triage(rules, "scan't publish", "").rule == DEFAULT_RULE
        assert triage(rules, "urgent down", "").rule == DEFAULT_RULE
