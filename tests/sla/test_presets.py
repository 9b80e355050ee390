"""The shipped presets say what their seeds say (issue 15), and the new policy settings round-trip (issue 16)."""

from __future__ import annotations

import tomllib
from datetime import timedelta
from pathlib import Path

import pytest

from agent_tui.domain.calendar import calendar_from_dict, calendar_to_dict
from agent_tui.domain.policy import UpdateMode, policy_from_dict, policy_to_dict
from agent_tui.domain.severity import Severity

DATA = Path(__file__).resolve().parents[2] / "data"
PRESETS = {name: policy_from_dict(name, data)
           for name, data in tomllib.loads((DATA / "policies.toml").read_text(encoding="utf-8"))["policy"].items()}


def test_droz_answers_first_within_twelve_clock_hours_and_resolves_in_office_hours():
    """Seed 002: "Nossa primeira resposta acontece em até 12h após a solicitação"."""
    droz = PRESETS["droz"]
    for severity in Severity:
        target = droz.target(severity)
        assert target.first_response == timedelta(hours=12)
        assert target.calendar_for("first_response") == "24x7"
        assert target.calendar_for("resolution") == target.calendar_for("next_update") == "sao-paulo-office"
    text = droz.description
    assert "12h" in text and "twelve clock hours" in text and "Friday 18:00" in text and "Saturday 06:00" in text
    assert "not in its published text" in text  # the seed's table of deadlines: which reading the preset takes


@pytest.mark.parametrize(("name", "words"), [
    ("tap-inspect", ["3 calendar days", "around the clock", "the targets are ours"]),   # seed 000
    ("auditcase", ["7 calendar days", "closed after 14", "re-opens", "kantooruren", "the targets are ours"]),  # 004
    ("standard", ["around the clock", "business hours", "3 calendar days"]),
])
def test_every_description_says_which_clock_it_counts(name, words):
    for word in words:
        assert word in PRESETS[name].description, (name, word)


def test_the_auditcase_preset_counts_the_dutch_office_hours():
    policy = PRESETS["auditcase"]
    assert policy.calendar == "amsterdam-office"
    assert policy.pending_reminder_after == timedelta(days=7) and policy.pending_autosolve_after == timedelta(days=14)
    assert policy.pending_timeout == "close"  # "na 14 dagen automatisch worden gesloten"


def test_the_new_settings_round_trip():
    data = tomllib.loads("""
        calendar = "berlin-office"
        pending_autosolve_days = 3
        solved_autoclose_days = 4
        update_clock = "both"
        update_before_first_response = true
        responses = ["reply", "chat"]
        [warn_before]
        first_response = 30
        next_update_minutes = 60
        [[target]]
        severity = "critical"
        first_response_calendar = "24x7"
        first_response_hours = 1
        [[target]]
        severity = "moderate"
        next_update_hours = 8
        resolution_hours = 24
    """)
    p = policy_from_dict("p", data)
    assert p.update_rules.mode is UpdateMode.BOTH and p.update_rules.before_first_response
    assert p.update_rules.counts("chat") and not p.update_rules.counts("phone") and not p.update_rules.counts("internal")
    assert p.warn_before == {"first_response": 30, "next_update": 60}
    assert p.target(Severity.CRITICAL).resolution is None
    assert p.target(Severity.MODERATE).first_response is None
    assert p.target(Severity.GENERAL_QUESTION) is None  # no entry matches: no SLA
    assert policy_from_dict("p", policy_to_dict(p)) == p


def test_a_day_written_to_end_at_2359_ends_at_midnight():
    cal = calendar_from_dict("late", {"timezone": "UTC", "hours": {"mon-fri": ["09:00-23:59"]}})
    assert cal.hours[0] == ((9 * 60, 24 * 60),)
    assert calendar_to_dict(cal)["hours"] == {"mon-fri": ["09:00-24:00"]}
