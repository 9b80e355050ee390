"""Seed 004 — AuditCase's ticket cycle, walked end to end on the ``auditcase`` preset.

A registered user phones (the knowledge base answers while the subject is typed) and mails in Dutch
(through the mail intake); the agent works the screens in Dutch; a ticket awaiting the customer's
reply gets a reminder after 7 days, is closed after 14, and the customer's late reply re-opens it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from textual.widgets import Static

from agent_tui.screens.new_ticket import NewTicketScreen
from agent_tui.services import intake as ti
from agent_tui.services import ticket_queries as tq
from agent_tui.services.sweep import sweep
from agent_tui.widgets.modals import ComposerModal, ConfirmModal
from tests.seeds.conftest import at_work, fill_in, keys, open_ticket, shown, take_next, type_text, wait_for

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

MAIL = """Goedemiddag,

bij het publiceren van de controleverklaring naar het klantportaal krijg ik een foutmelding.
We werken met Chrome.

Klantnummer: K-31337
Foutmelding: Publicatie mislukt (code 409)

Met vriendelijke groet,
Sanne de Vries"""


def register(desk, name: str, email: str, number: str) -> None:
    """A registered user of AuditCase (known by e-mail and customer number)."""
    with desk.ctx.db.transaction() as s:
        ti.find_or_create_customer(s, desk.ctx, ti.CustomerInput(email=email, name=name, customer_number=number,
                                                                 company="De Vries Accountants"))


async def test_auditcase_from_the_phone_to_a_reopened_ticket(desk):
    desk.use("auditcase")
    desk.load_help_centre()
    desk.clock.set(MONDAY)
    register(desk, "Sanne de Vries", "sanne@devries-accountants.example", "K-31337")
    sanne = desk.customer("Sanne de Vries", "sanne@devries-accountants.example")

    # "Uiteraard zijn wij op kantooruren telefonisch bereikbaar." — "Een handige functie is dat direct na het
    # vullen van het onderwerp gezocht wordt in de kennisdatabase naar onderwerpen die hier betrekking op
    # hebben. … Op deze manier heeft u mogelijk al het gewenste antwoord voordat de aanvraag wordt ingediend."
    async with at_work(desk, "alice", "nl") as (agent, pilot):
        await keys(pilot, agent, "n")
        form = agent.screen
        assert isinstance(form, NewTicketScreen)
        await type_text(pilot, agent, "dossier afsluiten")  # the subject, key by key
        suggested = form.query_one("#nt-suggestions", Static)
        await wait_for(pilot, lambda: "openstaande reviewpunten" in str(suggested.render()), timeout=5)
        # The article answers the caller: no ticket; the typed draft is discarded (ctrl+g, then y).
        await keys(pilot, agent, "ctrl+g")
        assert isinstance(agent.screen, ConfirmModal)
        await keys(pilot, agent, "y")
        assert not isinstance(agent.screen, NewTicketScreen)
    assert tq.count_tickets(desk.ctx) == 0

    # "Ticket: via e-mail … Wanneer u dit (als geregistreerd gebruiker) doet wordt uw vraag/melding/wens
    # automatisch een ticket." — "De ticket krijgt een nummer … Dit nummer kan later als referentie worden gebruikt."
    desk.clock.advance(hours=4)
    number = sanne.writes("Foutmelding bij publiceren controleverklaring", MAIL).ticket_number
    ticket = desk.ticket(number)
    assert ticket.customer_number == "K-31337"  # the registered user
    assert ticket.row.language == "nl" and ticket.row.status == "new"
    (ack,) = sanne.new_mail(number)
    assert ack.kind == "acknowledgement" and ack.language == "nl"
    assert f"Uw vraag heeft nummer {number}" in ack.body and f"[#{number}]" in ack.subject
    # "Welke informatie in ticket": the mail already answered the browser, the customer and the message.
    assert {k: ticket.checklist[k] for k in ("browser", "customer_number", "error_message")} == \
        {"browser": "Chrome", "customer_number": "K-31337", "error_message": "Publicatie mislukt (code 409)"}
    asked = ["users_affected", "document", "module", "reproduction_steps", "screenshots"]
    assert ticket.checklist_gaps == asked

    # "een aanvraag wordt een ticket met status Open; de aanvraag wordt aan een supportmedewerker toegekend;
    # wanneer er meer informatie nodig is krijgt de ticket de status 'In afwachting van uw reactie' met het
    # verzoek tot de gewenste informatie"
    async with at_work(desk, "alice", "nl") as (agent, pilot):
        taken = await take_next(pilot, agent)
        assert taken.number == number and taken.row.status == "open"
        await keys(pilot, agent, "p")
        assert isinstance(agent.screen, ComposerModal)
        await type_text(pilot, agent, "Beste Sanne, om welke gebruikers, welk dossier en welke module gaat het? "
                                      "Wilt u de stappen beschrijven en een schermafdruk van het hele scherm "
                                      "meesturen?")
        await keys(pilot, agent, "ctrl+s")
        assert shown(agent).row.status == "pending"

    request = sanne.last("info_request_close", number)
    assert request.language == "nl" and "schermafdruk van het hele scherm" in request.body
    assert "Zonder antwoord binnen 2 weken sluiten we de vraag; u kunt hem heropenen door erop te reageren." \
        in request.body

    # "Om deze reden zullen ticket met de status 'in afwachting' na 14 dagen automatisch worden gesloten indien
    # hier niet op wordt gereageerd. Hiervoor ontvangt u na 7 dagen eerst een reminder."
    desk.clock.advance(days=7, minutes=-1)
    sweep(desk.ctx)
    assert sanne.new_mail(number) == [request]
    desk.clock.advance(minutes=1)
    sweep(desk.ctx)
    (reminder,) = sanne.new_mail(number)
    assert reminder.kind == "reminder_close" and reminder.language == "nl"
    assert "Zonder antwoord wordt deze vraag over 7 dagen gesloten" in reminder.body
    assert desk.ticket(number).row.status == "pending"
    desk.clock.advance(days=7)
    sweep(desk.ctx)
    (closed,) = sanne.new_mail(number)
    assert closed.kind == "closed_no_reply" and closed.language == "nl"
    assert "we hebben al 2 weken niets van u gehoord en hebben deze vraag daarom gesloten" in closed.body
    assert desk.ticket(number).row.status == "closed"

    # "U kunt deze overigens heropenen door erop te reageren wanneer dit toch gewenst is."
    desk.clock.advance(days=2)
    result = sanne.writes("", "Excuses voor de late reactie. Het gaat om gebruiker Jansen (groep Controle), dossier "
                              "2025-114, module Rapportage. Schermafdruk in de bijlage.", answering=closed,
                          attachments=(("scherm.png", "image/png", PNG),))
    assert (result.action, result.ticket_number) == ("replied", number)  # the same ticket, not a follow-up
    again = desk.ticket(number)
    assert again.row.status == "open" and again.row.assignee == "alice"
    assert "screenshots" not in again.checklist_gaps  # the screenshot came with the reply

    async with at_work(desk, "alice", "nl") as (agent, pilot):
        await open_ticket(pilot, agent, number)
        await fill_in(pilot, agent, "C", users_affected="Jansen (groep Controle)", document="Dossier 2025-114",
                      module="Rapportage", reproduction_steps="Dossier > Publiceren > Klantportaal")
        assert shown(agent).checklist_gaps == []

        # "wanneer de aanvraag is afhandeld krijgt het de status Opgelost"
        await fill_in(pilot, agent, "s", resolution=(
            "Het dossier stond nog op 'Afgehandeld'; na sluiten van het laatste reviewpunt is de verklaring "
            "gepubliceerd."))
        assert shown(agent).row.status == "solved"

    solution = sanne.last("solution", number)
    assert solution.language == "nl" and f"[#{number}]" in solution.subject
    assert "is de verklaring gepubliceerd" in solution.body
