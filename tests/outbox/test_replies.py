"""Replies by mail drive the process: a survey answer records the score (the ticket stays solved);
an answer to an approval request re-opens the ticket to its agent with the answer pre-read, never
approved without the agent."""

from __future__ import annotations

import pytest
from sqlmodel import select

from agent_tui.domain.lifecycle import Status
from agent_tui.mail.settings import MailSettings
from agent_tui.services import config_store, mail_intake as mi, ticket_actions as ta, ticket_queries as tq
from agent_tui.store.models import OutboundMail
from tests.conftest import new_ticket
from tests.outbox.conftest import DESK

SETTINGS = MailSettings(own_addresses=(DESK,), address=DESK)


def our_mail(ctx, kind: str) -> OutboundMail:
    with ctx.db.read() as s:
        return s.exec(select(OutboundMail).where(OutboundMail.kind == kind).order_by(OutboundMail.id.desc())).first()


def answer(to: OutboundMail, body: str, n: int = 1, subject: str = "Re: your mail") -> bytes:
    return (f"From: Jana Novak <jana@brightlane.example>\r\nTo: {DESK}\r\nSubject: {subject}\r\n"
            f"Message-ID: <answer{n}@brightlane.example>\r\nIn-Reply-To: <{to.message_id}>\r\n"
            f"Date: Tue, 3 Mar 2026 10:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            f"{body}\r\n\r\n> quoted text of our mail\r\n").encode()


def solved_with_survey(ctx, language: str = "en"):
    config_store.use_policy(ctx.as_actor("system"), "tap-inspect")
    d = new_ticket(ctx, language=language)
    ta.assign(ctx, d.number)
    ta.solve(ctx, d.number, "fixed", "Fixed in 4.2.2.")
    return d.number


class TestSurveyByMail:
    @pytest.mark.parametrize("body, score, language", [
        ("7 – very easy", 7, "en"),
        ("sieben!", 7, "de"),
        ("Nota 6, obrigado", 6, "pt"),
        ("6 van de 7", 6, "nl"),
        ("I'd give it a 5", 5, "en"),
    ])
    def test_a_short_answer_records_the_score_and_the_ticket_stays_solved(self, ctx, body, score, language):
        number = solved_with_survey(ctx, language)
        r = mi.intake(ctx, answer(our_mail(ctx, "survey"), body), SETTINGS)
        assert (r.ticket_number, r.action) == (number, "survey")
        d = tq.get_ticket(ctx, number)
        assert d.survey_score == score and d.row.status == Status.SOLVED.value
        assert d.messages[-1].kind == "customer" and body in d.messages[-1].body

    def test_a_real_message_after_the_survey_reopens_the_ticket(self, ctx):
        number = solved_with_survey(ctx)
        body = "The export is wrong again since this morning, the totals are off by 7 percent in every report."
        r = mi.intake(ctx, answer(our_mail(ctx, "survey"), body), SETTINGS)
        assert r.action == "replied"
        d = tq.get_ticket(ctx, number)
        assert d.survey_score is None and d.row.status == Status.OPEN.value

    def test_a_second_answer_is_a_message_not_a_second_score(self, ctx):
        number = solved_with_survey(ctx)
        mi.intake(ctx, answer(our_mail(ctx, "survey"), "6"), SETTINGS)
        r = mi.intake(ctx, answer(our_mail(ctx, "survey"), "7", n=2), SETTINGS)
        assert r.action == "replied"
        assert tq.get_ticket(ctx, number).survey_score == 6


class TestApprovalByMail:
    @pytest.mark.parametrize("body, verdict, language", [
        ("Ja, bitte so machen.", "yes", "de"),
        ("yes please go ahead", "yes", "en"),
        ("Não, ainda não, por favor.", "no", "pt"),
        ("Misschien, ik bel u morgen.", "unclear", "nl"),
    ])
    def test_the_answer_reopens_to_the_agent_pre_read_and_not_approved(self, ctx, body, verdict, language):
        d = new_ticket(ctx, language=language)
        ta.assign(ctx, d.number)
        ta.propose_solution(ctx, d.number, "Move the account to the 4.2.2 beta.", hotfix=False)
        r = mi.intake(ctx, answer(our_mail(ctx, "approval_request"), body), SETTINGS)
        assert r.action == "replied"
        shown = tq.get_ticket(ctx, d.number)
        assert shown.row.status == Status.OPEN.value and shown.row.assignee == "alice"
        assert shown.awaiting_approval  # only the agent records the approval
        assert shown.approval_reply is not None and shown.approval_reply[0] == verdict
        allowed, _ = shown.allows("approve")
        assert allowed  # one key away
        done = ta.approve(ctx, d.number, "the customer said yes by mail")
        assert not done.awaiting_approval and done.approval_reply is None
