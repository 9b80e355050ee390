"""The compact ticket header (80 columns) still says how the customer answered an approval request by
mail (seed 001: "Der Auftraggeber bestätigt die Durchführung"), found by walking the seed at 80×24."""

from __future__ import annotations

import pytest

from agent_tui import i18n
from agent_tui.mail.settings import MailSettings
from agent_tui.services import mail_intake as mi
from agent_tui.services import outbox
from agent_tui.services import ticket_actions as ta
from agent_tui.services import ticket_queries as tq
from agent_tui.widgets.ticket_header import header_text
from tests.conftest import new_ticket

DESK = "support@ourdesk.example"


def answered(ctx, body: str) -> int:
    d = new_ticket(ctx, language="de")
    ta.assign(ctx, d.number)
    ta.propose_solution(ctx, d.number, "Umstellung auf die neue Checkout-API.", hotfix=False)
    (request,) = [m for m in outbox.list_outbox(ctx, ticket=d.number) if m.kind == "approval_request"]
    raw = (f"From: Jana Novak <jana@brightlane.example>\r\nTo: {DESK}\r\nSubject: Re: {request.subject}\r\n"
           f"Message-ID: <answer@brightlane.example>\r\nIn-Reply-To: <{request.message_id}>\r\n"
           f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n").encode()
    mi.intake(ctx, raw, MailSettings(own_addresses=(DESK,), address=DESK))
    return d.number


@pytest.mark.parametrize("body, reading", [("Ja, bitte umsetzen.", "liest sich als Ja — v erfasst die Freigabe"),
                                           ("Nein, bitte noch nicht.", "liest sich als Nein — nicht freigegeben")])
def test_the_compact_header_shows_the_customers_answer_on_one_line(ctx, body, reading):
    number = answered(ctx, body)
    i18n.activate("de")
    d = tq.get_ticket(ctx, number)
    lines = header_text(d, ctx.clock.now(), narrow=True).plain.splitlines()
    line = next(ln for ln in lines if "per Mail geantwortet" in ln)
    assert line.endswith(reading)
    assert len(line) <= 78  # an 80-column terminal less the header's padding: nothing cut off
    assert not any("wartet auf die Freigabe" in ln for ln in lines)  # the answer replaces the waiting note


def test_without_an_answer_the_compact_header_says_it_waits(ctx):
    d = new_ticket(ctx)
    ta.assign(ctx, d.number)
    shown = ta.propose_solution(ctx, d.number, "Move to the beta.", hotfix=False)
    assert "awaiting the customer's approval (v records it)" in header_text(shown, ctx.clock.now(), narrow=True).plain
