"""Seed 001 — the SupraTix Supportprozess, walked end to end on the ``supratix`` preset.

The client's first-level desk writes German mail (through the mail intake) and reads what comes
back (the outbox); SupraTix's agents work the screens in German: a hand-over to second level needs
the five facts, a hotfix is applied directly, anything else waits for the client's approval.
"""

from __future__ import annotations

from textual.widgets import Checkbox, Select, Static, TextArea

from agent_tui.screens.escalation import EscalationScreen
from agent_tui.screens.ticket import TicketScreen
from agent_tui.widgets.modals import ComposerModal, ConfirmModal, FormModal
from agent_tui.widgets.ticket_header import TicketHeader
from tests.seeds.conftest import at_work, fill_in, keys, open_ticket, shown, take_next, type_text, wait_for

FIRST_MAIL = """Guten Tag,

ein Endkunde meldet über unseren First-Level-Support, dass der Bezahlvorgang im Ticketshop abbricht.
Wir kommen intern nicht weiter und bitten um Unterstützung.

Kundennummer: K-20417
Fehlermeldung: Zahlung konnte nicht abgeschlossen werden (Code 502)

Viele Grüße
Service-Desk Stadtwerke Lindau"""


async def test_supratix_from_hand_over_to_a_documented_close(desk):
    desk.use("supratix")
    client = desk.customer("Service-Desk Stadtwerke Lindau", "servicedesk@stadtwerke-lindau.example")

    # "Der Auftraggeber eröffnet ein Ticket in seinem internen First-Level-Supportsystem. Wenn es sich um
    # eine technische Anfrage handelt, wird die Anfrage an den Second-Level-Support weitergeleitet (SupraTix)
    # … per E-Mail". In dieser Anfrage müssen mindestens … Kundennummer, Domain, Kontakt-E-Mail/Benutzer,
    # Fehlerbild, Ist Endkundenkontakt möglich? (Ja/Nein)
    number = client.writes("Bezahlvorgang im Ticketshop bricht ab", FIRST_MAIL).ticket_number
    (ack,) = client.new_mail(number)
    assert ack.kind == "acknowledgement" and ack.language == "de"
    assert f"Ihre Anfrage hat die Nummer {number}" in ack.body
    ticket = desk.ticket(number)
    assert ticket.checklist["customer_number"] == "K-20417"  # read from the mail
    assert ticket.checklist["error_message"].startswith("Zahlung konnte nicht abgeschlossen werden")
    assert set(ticket.prefilled) == {"customer_number", "error_message"}
    assert ticket.checklist["contact"] == "servicedesk@stadtwerke-lindau.example"  # the sender, for a start
    assert set(ticket.checklist_gaps) == {"domain", "end_customer_contact"}

    async with at_work(desk, "alice", "de") as (alice, pilot):
        assert (await take_next(pilot, alice)).number == number

        # The hand-over to second level is refused while a fact is missing, and the form names them.
        await keys(pilot, alice, "e")
        form = alice.screen
        assert isinstance(form, EscalationScreen)
        await wait_for(pilot, lambda: form.detail is not None)
        form.query_one("#esc-criterion", Select).value = "deeper_knowledge"
        form.query_one("#esc-findings", TextArea).load_text("Bezahlung bricht mit Code 502 ab, nur im Live-Shop.")
        form.query_one("#esc-steps", TextArea).load_text("Im Testshop nicht nachstellbar; Cache geleert.")
        await keys(pilot, alice, "ctrl+s")
        problems = str(form.query_one("#esc-problems", Static).render())
        assert "Nicht gesendet" in problems
        assert "Domain" in problems and "Endkunden" in problems and "Kundennummer" not in problems
        assert desk.ticket(number).row.tier == "tier1"
        await keys(pilot, alice, "escape")  # the hand-over text is kept as a draft

        # "… nimmt gegebenenfalls Kontakt mit dem Auftraggeber … auf, um weitere Informationen zu sammeln."
        await keys(pilot, alice, "p")
        assert isinstance(alice.screen, ComposerModal)
        alice.screen.query_one(TextArea).load_text(
            "Guten Tag, um welche Domain geht es, wer ist Ihr Ansprechpartner, und dürfen wir den Endkunden "
            "direkt kontaktieren?")
        await keys(pilot, alice, "ctrl+s")
        assert shown(alice).row.status == "pending"

    request = client.last("info_request", number)
    assert request.language == "de" and "dürfen wir den Endkunden direkt kontaktieren" in request.body
    client.writes("", "Die Domain ist shop.stadtwerke-lindau.example, Ansprechpartner "
                      "m.weber@stadtwerke-lindau.example. Ja, Sie dürfen den Endkunden kontaktieren.",
                  answering=request)
    assert desk.ticket(number).row.status == "open" and desk.ticket(number).row.assignee == "alice"

    async with at_work(desk, "alice", "de") as (alice, pilot):
        await open_ticket(pilot, alice, number)
        # The agent fills in what the client's answer says (C: the checklist).
        await fill_in(pilot, alice, "C", domain="shop.stadtwerke-lindau.example",
                      contact="m.weber@stadtwerke-lindau.example", end_customer_contact="ja")
        assert shown(alice).checklist_gaps == []
        assert shown(alice).checklist["end_customer_contact"] == "yes"

        # Now the hand-over goes to second level; the kept draft is back in the form.
        await keys(pilot, alice, "e")
        form = alice.screen
        assert isinstance(form, EscalationScreen)
        await wait_for(pilot, lambda: form.detail is not None and form.query_one("#esc-findings", TextArea).text != "")
        form.query_one("#esc-criterion", Select).value = "deeper_knowledge"
        await keys(pilot, alice, "ctrl+s")
        await wait_for(pilot, lambda: isinstance(alice.screen, TicketScreen))
        assert shown(alice).row.tier == "tier2"

    async with at_work(desk, "bruno", "de") as (bruno, pilot):
        # "Identifizierung: Ein SupraTix-Supportmitarbeiter identifiziert den Kunden anhand von
        # Informationen wie Name oder Kundennummer"
        assert (await take_next(pilot, bruno)).number == number
        assert "Service-Desk Stadtwerke Lindau" in str(bruno.screen.query_one(TicketHeader).render())
        assert shown(bruno).checklist["customer_number"] == "K-20417"

        # "Wenn das Problem durch einen Hotfix behoben werden kann, wird der Hotfix durchgeführt."
        await keys(pilot, bruno, "x")
        form = bruno.screen
        assert isinstance(form, FormModal)
        await type_text(pilot, bruno, "Hotfix: Timeout zum Zahlungsanbieter von 10 auf 30 Sekunden erhöht.")
        await keys(pilot, bruno, "tab", "space")  # it is a hotfix
        assert form.query_one("#field-hotfix", Checkbox).value is True
        await keys(pilot, bruno, "ctrl+s")
        assert shown(bruno).row.status == "open" and not shown(bruno).awaiting_approval
        await keys(pilot, bruno, "r")
        await type_text(pilot, bruno, "Wir haben einen Hotfix eingespielt. Bitte testen Sie erneut.")
        await keys(pilot, bruno, "ctrl+s")

    hotfix_told = client.last("reply", number)
    assert "Hotfix eingespielt" in hotfix_told.body
    assert not [m for m in client.inbox(number) if m.kind == "approval_request"]  # a hotfix needs no approval

    # "Die Schritte 6-7 werden wiederholt, bis das Problem behoben ist."
    client.writes("", "Leider bricht die Zahlung mit PayPal weiterhin ab.", answering=hotfix_told)

    async with at_work(desk, "bruno", "de") as (bruno, pilot):
        await open_ticket(pilot, bruno, number)
        # "Wenn das Problem nicht durch einen Hotfix behoben werden kann, wird die Lösung in einem Ticket
        # festgehalten und auf die Freigabe des Auftraggebers gewartet."
        await keys(pilot, bruno, "x")
        await type_text(pilot, bruno, "Umstellung der PayPal-Anbindung auf die neue Checkout-API; der Shop ist "
                                      "dabei 15 Minuten offline.")
        await keys(pilot, bruno, "ctrl+s")
        assert shown(bruno).row.status == "on_hold" and shown(bruno).awaiting_approval

    approval = client.last("approval_request", number)
    assert approval.language == "de"
    assert "Umstellung der PayPal-Anbindung" in approval.body

    # "Der Auftraggeber bestätigt die Durchführung."
    client.writes("", "Ja, bitte umsetzen.", answering=approval)

    async with at_work(desk, "bruno", "de") as (bruno, pilot):
        await open_ticket(pilot, bruno, number)
        assert shown(bruno).approval_reply is not None and shown(bruno).approval_reply[0] == "yes"
        assert "liest sich als Ja" in str(bruno.screen.query_one(TicketHeader).render())
        # Nothing is carried out on the mail alone: solving waits for the agent to record the approval.
        await keys(pilot, bruno, "s")
        assert isinstance(bruno.screen, TicketScreen)
        await keys(pilot, bruno, "v")
        assert isinstance(bruno.screen, FormModal)
        await type_text(pilot, bruno, "Freigabe per Mail")
        await keys(pilot, bruno, "ctrl+s")
        assert not shown(bruno).awaiting_approval

        # "Abschluss: Der Supportmitarbeiter bestätigt dem Kunden die erfolgreiche Umsetzung der Lösung"
        await fill_in(pilot, bruno, "s", resolution=(
            "Lösungsweg: 1. Hotfix (Timeout 30 s) half nur teilweise. 2. PayPal-Anbindung nach Ihrer Freigabe "
            "auf die Checkout-API umgestellt; Zahlungen laufen wieder."))
        assert shown(bruno).row.status == "solved"

    solution = client.last("solution", number)
    assert solution.language == "de"
    assert "Das Problem ist behoben." in solution.body and "Checkout-API umgestellt" in solution.body
    assert "Falls noch etwas nicht stimmt, antworten Sie einfach" in solution.body  # "… ob noch weitere Fragen"

    # "Feedback: Der Supportmitarbeiter fragt den Kunden nach Feedback zum Supportprozess und zur Lösung
    # des Problems. Hierbei können Verbesserungsvorschläge aufgenommen werden"
    survey = client.last("survey", number)
    assert survey.language == "de" and "wie einfach haben wir es Ihnen gemacht" in survey.body
    assert client.writes("", "6 – eine kurze Statusmeldung zwischendurch wäre schön gewesen.",
                         answering=survey).action == "survey"
    assert desk.ticket(number).survey_score == 6

    # "Das Ticket wird geschlossen und der Lösungsweg sowie die umgesetzten Maßnahmen werden dokumentiert."
    async with at_work(desk, "bruno", "de") as (bruno, pilot):
        await open_ticket(pilot, bruno, number)
        await keys(pilot, bruno, "c")
        assert isinstance(bruno.screen, ConfirmModal)
        await keys(pilot, bruno, "y")
        assert shown(bruno).row.status == "closed"

    done = desk.ticket(number)
    assert "Checkout-API umgestellt" in done.resolution
    steps = [(e.action, e.details) for e in done.events if e.action in ("solution_proposed", "approved", "solved")]
    assert [a for a, _ in steps] == ["solution_proposed", "solution_proposed", "approved", "solved"]
    assert steps[0][1]["hotfix"] is True and steps[1][1]["hotfix"] is False
    assert steps[3][1]["approved"] is True  # the solve records that the client approved it
