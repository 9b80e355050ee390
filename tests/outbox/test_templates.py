"""The customer mail texts: every kind in every shipped language renders completely; text put into
a template is never read as one; a missing translation falls back to English and says so."""

from __future__ import annotations

import copy
from datetime import timedelta

import pytest

from agent_tui.mail import templates as tpl

VALUES = {"number": 1234, "reference": "[#1234]", "subject": "PDF export", "customer_name": "Jana",
          "desk_name": "Desk", "agent_name": "Alice", "body": "BODY", "solution": "SOLUTION", "outcome": "fixed",
          "resolution": "RESOLUTION", "autosolve_after": timedelta(days=3), "autoclose_after": timedelta(days=4),
          "after": timedelta(days=3), "time_left": timedelta(days=7), "scale_low": 1, "scale_high": 7}


@pytest.mark.parametrize("language", ["en", "de", "pt", "nl"])
@pytest.mark.parametrize("kind", sorted(tpl.KINDS))
def test_every_kind_renders_completely_in_every_shipped_language(kind, language):
    r = tpl.render(kind, language, VALUES)
    assert (r.language, r.note) == (language, "")
    assert "$" not in r.subject + r.body  # every name was filled
    assert "Desk" in r.body and "[#1234]" in r.body  # the signature with the reference
    for name in tpl.KINDS[kind]:
        if isinstance(VALUES[name], str) and name != "outcome":
            assert VALUES[name] in r.body


def test_the_shipped_templates_have_no_gaps():
    assert tpl.check() == []


def test_durations_are_in_the_customers_grammar():
    assert "in 7 Tagen" in tpl.render("reminder", "de", VALUES).body
    assert "over 7 dagen" in tpl.render("reminder", "nl", VALUES).body
    assert "dentro de 7 dias" in tpl.render("reminder", "pt", VALUES).body
    assert "innerhalb der nächsten 4 Tage" in tpl.render("solution", "de", VALUES).body


def test_text_in_a_template_is_data_never_a_template_or_markup():
    hostile = {**VALUES, "body": "${signature} {number} $$ [bold red]x[/] \x1b[2J", "customer_name": "${body}"}
    r = tpl.render("reply", "en", hostile)
    assert "${signature} {number} $$ [bold red]x[/] \x1b[2J" in r.body
    r = tpl.render("acknowledgement", "en", hostile)
    assert "Hello ${body}," in r.body and "BODY" not in r.body


def test_a_missing_translation_goes_out_in_english_and_says_so():
    sets = copy.deepcopy(tpl.template_sets())
    del sets["nl"]["reminder"]
    r = tpl.render("reminder", "nl", VALUES, sets=sets)
    assert r.language == "en" and r.wanted == "nl"
    assert r.note == "no Dutch template for reminder: sent in English"
    assert r.subject.startswith("Reminder")
    gaps = [str(g) for g in tpl.check(sets)]
    assert gaps == ["nl: reminder: missing: sent in English"]


def test_a_broken_name_in_a_team_template_is_a_gap_and_falls_back():
    sets = copy.deepcopy(tpl.template_sets())
    sets["de"]["reply"]["body"] = "${body} ${kundennummer}"
    assert [str(g) for g in tpl.check(sets)] == ["de: reply.body: unknown name(s) ${kundennummer}"]
    r = tpl.render("reply", "de", VALUES, sets=sets)
    assert r.language == "en" and "no German template for reply" in r.note


def test_an_unknown_language_is_english_without_a_fallback_note_for_english():
    r = tpl.render("reply", "en", VALUES)
    assert r.note == ""
