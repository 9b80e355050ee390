"""Seed 002 — the Droz Survey support cycle, walked end to end on the ``droz`` preset.

The customer writes Portuguese mail (through the mail intake) and reads what the desk sends back
(the outbox); the agent works the screens in Portuguese. Every resolution is told to the customer
with its outcome: fixed, on the roadmap, could not reproduce, waiting on a third party.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import Input, Select, TextArea

from agent_tui.screens.new_ticket import NewTicketScreen
from agent_tui.screens.ticket import TicketScreen
from agent_tui.widgets.modals import ComposerModal
from tests.seeds.conftest import at_work, fill_in, keys, open_ticket, shown, take_next, type_text, wait_for

SAO_PAULO = ZoneInfo("America/Sao_Paulo")
FRIDAY_18H = datetime(2026, 3, 6, 18, 0, tzinfo=SAO_PAULO)  # the office closes at 18:00
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

FIRST_MAIL = """Olá,

desde hoje o relatório de respostas da pesquisa NPS fica carregando e não aparece nada.
Uso Windows 11 com o navegador Chrome 122. Segue a imagem do erro em anexo.

Mensagem de erro: Falha ao carregar os dados

Abraço,
Rafael"""


async def test_droz_from_an_email_to_a_told_resolution(desk):
    desk.use("droz")
    desk.clock.set(FRIDAY_18H)
    rafael = desk.customer("Rafael Teixeira", "rafael@lojaverde.example")

    # "O melhor canal para comunicar tal comportamento é enviando um email para suporte@…" — "Tente incluir o
    # máximo de informações possível … sistema operacional, navegador de internet utilizado e imagens dos erros"
    number = rafael.writes("Relatório de respostas não carrega", FIRST_MAIL,
                           attachments=(("erro.png", "image/png", PNG),)).ticket_number
    (ack,) = rafael.new_mail(number)
    assert ack.kind == "acknowledgement" and ack.language == "pt"
    assert f"O seu pedido tem o número {number}" in ack.body
    ticket = desk.ticket(number)
    assert ticket.row.language == "pt"
    assert ticket.checklist["operating_system"] == "Windows 11" and ticket.checklist["browser"] == "Chrome 122"
    assert ticket.checklist["error_message"] == "Falha ao carregar os dados"
    assert [a.filename for a in ticket.attachments] == ["erro.png"]
    assert ticket.checklist_gaps == ["reproduction_steps"]  # the screenshot came with the mail

    # "Nossa primeira resposta acontece em até 12h após a solicitação." — an agent on duty answers the
    # same evening, "explicando a prioridade indicada para aquela solicitação e prazo de resolução previsto".
    desk.clock.set(datetime(2026, 3, 6, 22, 0, tzinfo=SAO_PAULO))
    async with at_work(desk, "alice", "pt") as (agent, pilot):
        taken = await take_next(pilot, agent)
        assert taken.number == number and taken.row.severity == "moderate"
        due = taken.resolution_clock.due_at.astimezone(SAO_PAULO)  # in the header: the agent tells it
        # "Comunicação ativa com o usuário: … nosso time de suporte vai enviar um email solicitando as
        # novas informações" — here: the path the user took to the error.
        await keys(pilot, agent, "p")
        assert isinstance(agent.screen, ComposerModal)
        await type_text(pilot, agent,
                        f"Olá Rafael, o seu pedido tem prioridade moderada; prevemos resolvê-lo até "
                        f"{due:%d/%m %H:%M}. Pode descrever o caminho que percorreu até ao erro?")
        await keys(pilot, agent, "ctrl+s")
        assert shown(agent).row.status == "pending"
        answered = shown(agent).first_response
        assert answered.met_at is not None and answered.met_at - FRIDAY_18H.astimezone(UTC) <= timedelta(hours=12)

    request = rafael.last("info_request", number)
    assert request.language == "pt" and "prioridade moderada" in request.body
    assert "Pode descrever o caminho que percorreu" in request.body

    # "Caminho que o usuário percorreu para encontrar o erro" — the customer answers by mail.
    desk.clock.set(datetime(2026, 3, 9, 10, 0, tzinfo=SAO_PAULO))
    rafael.writes("", "Abro Pesquisas > NPS Março > Relatórios > Respostas e a página fica carregando.",
                  answering=request)
    assert desk.ticket(number).row.status == "open" and desk.ticket(number).row.assignee == "alice"

    async with at_work(desk, "alice", "pt") as (agent, pilot):
        await open_ticket(pilot, agent, number)
        await fill_in(pilot, agent, "C", reproduction_steps="Pesquisas > NPS Março > Relatórios > Respostas")
        assert shown(agent).checklist_gaps == []

        # "Resolução do ticket: … você receberá um email com todas as informações relacionadas a como essa
        # solução aconteceu e o que você pode esperar de comportamento de nossa plataforma."
        await fill_in(pilot, agent, "s", outcome="fixed", resolution=(
            "Um índice em falta atrasava os relatórios com mais de 10 mil respostas; foi criado. "
            "O relatório abre agora em poucos segundos."))
        assert shown(agent).row.status == "solved" and shown(agent).outcome == "fixed"

    solution = rafael.last("solution", number)
    assert solution.language == "pt" and f"[#{number}]" in solution.subject
    # "Uma correção para seu problema já foi apresentada e você pode voltar a navegar normalmente"
    assert "O problema está resolvido." in solution.body
    assert "O relatório abre agora em poucos segundos." in solution.body


OUTCOMES = {  # the seed's other three outcomes, as the customer reads them
    # "O time de produto já recebeu sua solicitação e ela será incluída em nosso roadmap"
    "added_to_roadmap": "acrescentámo-lo ao nosso plano de desenvolvimento",
    # "Infelizmente não conseguimos reproduzir o erro, por isso não conseguimos atuar na solução"
    "cannot_reproduce": "Não conseguimos reproduzir o problema.",
    # "Uma plataforma de terceiros precisa ser envolvida, ficamos aguardando uma resposta deles"
    "third_party": "A causa está num terceiro",
}


@pytest.mark.parametrize("outcome", sorted(OUTCOMES))
async def test_droz_every_outcome_is_told_to_the_customer(desk, outcome):
    """"Independente de qual seja o resultado de sua solicitação você será informado ao final." A request
    that came by phone is typed into the new-ticket form, which asks for the OS and browser under droz."""
    desk.use("droz")
    desk.clock.set(datetime(2026, 3, 9, 10, 0, tzinfo=SAO_PAULO))
    ana = desk.customer("Ana Ribeiro", "ana@cliente.example")
    async with at_work(desk, "alice", "pt") as (agent, pilot):
        await keys(pilot, agent, "n")
        form = agent.screen
        assert isinstance(form, NewTicketScreen)
        await wait_for(pilot, lambda: bool(form.query("#nt-check-operating_system")))
        await type_text(pilot, agent, "Exportar para PowerBI")
        form.query_one("#nt-description", TextArea).load_text("Gostaria de exportar as respostas para o PowerBI.")
        form.query_one("#nt-email", Input).value = ana.email
        form.query_one("#nt-name", Input).value = ana.name
        form.query_one("#nt-channel", Select).value = "phone"
        assert form.query_one("#nt-language", Select).value == "pt"  # the agent's language: the caller's
        form.query_one("#nt-check-operating_system", Input).value = "macOS 14"
        form.query_one("#nt-check-browser", Input).value = "Safari 17"
        await keys(pilot, agent, "ctrl+s")
        await wait_for(pilot, lambda: isinstance(agent.screen, TicketScreen), timeout=5)
        number = shown(agent).number
        assert shown(agent).checklist["operating_system"] == "macOS 14"
        await keys(pilot, agent, "a")  # assign to me
        if outcome == "third_party":  # waiting on the third party first: the clock pauses
            await fill_in(pilot, agent, "h", reason="Resposta da Microsoft", kind="third_party")
            assert shown(agent).row.status == "on_hold"
        await fill_in(pilot, agent, "s", outcome=outcome, resolution="Detalhes para o cliente.")
        assert shown(agent).row.status == "solved" and shown(agent).outcome == outcome

    (solution,) = [m for m in ana.inbox(number) if m.kind == "solution"]
    assert solution.language == "pt" and OUTCOMES[outcome] in solution.body


def due_of_a_friday_evening_request(desk) -> datetime:
    desk.use("droz")
    desk.clock.set(FRIDAY_18H)
    number = desk.customer("Rafael Teixeira", "rafael@lojaverde.example").writes(
        "Relatório de respostas não carrega", FIRST_MAIL).ticket_number
    return desk.ticket(number).first_response.due_at.astimezone(SAO_PAULO)


def test_droz_first_response_is_due_twelve_hours_after_a_friday_evening_request(desk):
    """"Nossa primeira resposta acontece em até 12h após a solicitação": a Friday 18:00 request is due
    Saturday 06:00 — twelve hours of the clock, not twelve office hours (Tuesday noon)."""
    assert due_of_a_friday_evening_request(desk) == datetime(2026, 3, 7, 6, 0, tzinfo=SAO_PAULO)
