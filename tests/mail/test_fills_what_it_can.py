"""Intake fills what it can: the ticket's language, the checklist fields the mail answers (marked as
from the customer's mail), the CC'd addresses; triage runs as on a typed ticket."""

from __future__ import annotations

import pytest

from agent_tui.domain.language import guess_language
from agent_tui.domain.prefill import prefill_from_text
from agent_tui.services import mail_intake as mi
from agent_tui.services import ticket_actions as ta
from agent_tui.services import ticket_queries as tq
from agent_tui.widgets.checklist import checklist_text
from tests.mail.conftest import OURS, fixture_bytes, mail


@pytest.mark.parametrize("text, expected", [
    ("Hello, since yesterday the export fails. I use the app 4.2.1 on Windows 11 with Chrome 120.\n"
     "Customer number C-10001.\nError: Export failed (code 503)",
     {"customer_number": "C-10001", "environment": "Windows 11, Chrome 120, app 4.2.1",
      "operating_system": "Windows 11", "browser": "Chrome 120",
      "error_message": "Export failed (code 503)"}),
    ('Hallo, seit gestern kommt die Fehlermeldung "Verbindung abgelehnt". Kundennummer: 4711. macOS 14, Firefox.',
     {"customer_number": "4711", "environment": "macOS 14, Firefox", "operating_system": "macOS 14",
      "browser": "Firefox", "error_message": "Verbindung abgelehnt"}),
    ("Olá, recebo erro 503 no aplicativo versão 3.1 no iOS 17. Número de cliente 88231.",
     {"customer_number": "88231", "environment": "iOS 17, app 3.1", "operating_system": "iOS 17",
      "error_message": "erro 503"}),
    ("Hallo, ik krijg een foutmelding: Kan bestand niet openen. Klantnummer K-2231, Android 14.",
     {"customer_number": "K-2231", "environment": "Android 14", "operating_system": "Android 14",
      "error_message": "Kan bestand niet openen"}),
    ("Thanks, all good now.", {}),
    ("We have 3 customers and 12 errors in the log.", {}),  # nothing labelled: nothing taken
])
def test_what_a_mail_answers(text, expected):
    assert prefill_from_text(text) == expected


@pytest.mark.parametrize("text, language", [
    ("Since yesterday the PDF export shows the wrong totals for every invoice.", "en"),
    ("Seit gestern zeigt der PDF-Export bei jeder Rechnung falsche Summen.", "de"),
    ("Desde ontem a exportação em PDF mostra totais errados em todas as faturas.", "pt"),
    ("Sinds gisteren toont de PDF-export bij elke factuur verkeerde totalen.", "nl"),
])
def test_the_language_of_a_mail(text, language):
    assert guess_language(text) == language


def test_a_new_mail_fills_language_and_checklist_and_marks_them(ctx):
    body = ("Hallo,\r\nseit gestern bricht der Export ab. Fehlermeldung: Zeitüberschreitung beim Export.\r\n"
            "Ich nutze Windows 11 und Firefox 128.\r\nKundennummer: K-4711\r\n")
    r = mi.intake(ctx, mail(subject="Export bricht ab", body=body), OURS)
    d = tq.get_ticket(ctx, r.ticket_number)
    assert d.row.language == "de"
    assert d.checklist["customer_number"] == "K-4711"
    assert d.checklist["error_message"] == "Zeitüberschreitung beim Export"
    assert d.checklist["environment"] == "Windows 11, Firefox 128"
    assert set(d.prefilled) == {"customer_number", "error_message", "environment"}
    assert "from the customer's mail" in checklist_text(d).plain
    ta.update_checklist(ctx, r.ticket_number, {"environment": "Windows 11, Firefox 128 ESR"})
    assert "environment" not in tq.get_ticket(ctx, r.ticket_number).prefilled  # an agent's edit is theirs


def test_a_reply_fills_only_what_is_still_empty(ctx):
    r = mi.intake(ctx, mail(message_id="a@x", body="The export fails.\r\nCustomer number C-10001\r\n"), OURS)
    reply = "It happens on macOS 14 with Safari 17.\r\nCustomer number C-999\r\n"
    mi.intake(ctx, mail(subject=f"Re: [#{r.ticket_number}] export", message_id="b@x", body=reply), OURS)
    d = tq.get_ticket(ctx, r.ticket_number)
    assert d.checklist["customer_number"] == "C-10001"  # already known: the reply does not overwrite it
    assert d.checklist["environment"] == "macOS 14, Safari 17"


def test_cc_is_recorded_on_the_ticket(ctx):
    raw = mail(headers="Cc: Piet <piet@brightlane.example>, finance@brightlane.example\r\n")
    r = mi.intake(ctx, raw, OURS)
    assert tq.get_ticket(ctx, r.ticket_number).cc == ["piet@brightlane.example", "finance@brightlane.example"]


def test_triage_runs_on_a_mail_as_on_a_typed_ticket(ctx):
    r = mi.intake(ctx, fixture_bytes("gmail_en_new.eml"), OURS)
    d = tq.get_ticket(ctx, r.ticket_number)
    assert d.triage_rule and d.triage_reason
