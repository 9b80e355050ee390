"""Our mail, answered the way the customers' clients answer it: the survey mail as the SMTP server
received it comes back quoted in Gmail, Outlook (German), Apple Mail (Portuguese) and Thunderbird
(Dutch) styles. Our text holds numbers ("from 1 … to 7"), so only a clean strip of the quote and
signature leaves the customer's score to read."""

from __future__ import annotations

import pytest

from agent_tui.mail import send
from agent_tui.services import config_store, mail_intake as mi, ticket_actions as ta, ticket_queries as tq
from tests.conftest import new_ticket
from tests.outbox.conftest import DESK


def quoted(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in text.splitlines())


STYLES = {
    "gmail_en": ("en", "7\n\nBest,\nJana\n\nOn Tue, 3 Mar 2026 at 10:00, Brightlane Support <{desk}> wrote:\n\n{quoted}\n"),
    "outlook_de": ("de", "Sieben!\n\nMit freundlichen Grüßen\nJürgen Weiß\n\n"
                         "Von: Brightlane Support <{desk}>\nGesendet: Dienstag, 3. März 2026 10:00\n"
                         "An: Jürgen Weiß <jana@brightlane.example>\nBetreff: {subject}\n\n{plain}\n"),
    "apple_pt": ("pt", "Nota 6, obrigado!\n\nEnviado do meu iPhone\n\n"
                       "Em 3 de mar. de 2026, à(s) 10:00, Brightlane Support <{desk}> escreveu:\n\n{quoted}\n"),
    "thunderbird_nl": ("nl", "Een 6.\n\nOp 03-03-2026 om 10:00 schreef Brightlane Support:\n{quoted}\n"),
}
SCORES = {"gmail_en": 7, "outlook_de": 7, "apple_pt": 6, "thunderbird_nl": 6}


@pytest.mark.parametrize("style", sorted(STYLES))
def test_a_survey_answer_quoted_by_the_customers_client_records_their_score(ctx, smtpd, smtp_settings, style):
    language, template = STYLES[style]
    config_store.use_policy(ctx.as_actor("system"), "tap-inspect")
    d = new_ticket(ctx, language=language)
    ta.assign(ctx, d.number)
    ta.solve(ctx, d.number, "fixed", "Fixed in 4.2.2.")
    send.flush(ctx, smtp_settings, transport=send.SmtpTransport(smtp_settings.smtp))  # type: ignore[arg-type]
    survey = next(m.message for m in smtpd.received if m.message.get("Auto-Submitted") and "7" in
                  m.message.get_content())
    plain = survey.get_content()
    body = template.format(desk=DESK, quoted=quoted(plain), plain=plain, subject=survey["Subject"])
    subject = ("AW: " if language == "de" else "Re: ") + survey["Subject"]
    raw = (f"From: Jana <jana@brightlane.example>\r\nTo: {DESK}\r\nSubject: {subject}\r\n"
           f"Message-ID: <{style}@brightlane.example>\r\nIn-Reply-To: {survey['Message-ID']}\r\n"
           f"References: {survey['Message-ID']}\r\nDate: Tue, 3 Mar 2026 10:05:00 +0100\r\n"
           "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
           + body.replace("\n", "\r\n")).encode()
    r = mi.intake(ctx, raw, smtp_settings)
    assert (r.ticket_number, r.action) == (d.number, "survey"), r
    shown = tq.get_ticket(ctx, d.number)
    assert shown.survey_score == SCORES[style] and shown.row.status == "solved"


APPROVALS = {"gmail_en": "Yes, go ahead please.", "outlook_de": "Ja, gerne so umsetzen.",
             "apple_pt": "Sim, pode avançar.", "thunderbird_nl": "Akkoord, doe maar."}


@pytest.mark.parametrize("style", sorted(STYLES))
def test_an_approval_quoted_by_the_customers_client_is_pre_read_as_yes(ctx, smtpd, smtp_settings, style):
    language, template = STYLES[style]
    d = new_ticket(ctx, language=language)
    ta.assign(ctx, d.number)
    ta.propose_solution(ctx, d.number, "Move the account to 4.2.2; it restarts once (2 minutes).", hotfix=False)
    send.flush(ctx, smtp_settings, transport=send.SmtpTransport(smtp_settings.smtp))  # type: ignore[arg-type]
    [request] = [m.message for m in smtpd.received]
    plain = request.get_content()
    first_line = template.split("\n", 1)[0]
    body = template.replace(first_line, APPROVALS[style], 1).format(desk=DESK, quoted=quoted(plain), plain=plain,
                                                                     subject=request["Subject"])
    raw = (f"From: Jana <jana@brightlane.example>\r\nTo: {DESK}\r\nSubject: Re: {request['Subject']}\r\n"
           f"Message-ID: <{style}-ok@brightlane.example>\r\nIn-Reply-To: {request['Message-ID']}\r\n"
           "Date: Tue, 3 Mar 2026 10:05:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n"
           "Content-Transfer-Encoding: 8bit\r\n\r\n" + body.replace("\n", "\r\n")).encode()
    r = mi.intake(ctx, raw, smtp_settings)
    assert (r.ticket_number, r.action) == (d.number, "replied")
    shown = tq.get_ticket(ctx, d.number)
    assert shown.approval_reply is not None and shown.approval_reply[0] == "yes", shown.approval_reply
    assert shown.awaiting_approval and shown.messages[-1].body.startswith(APPROVALS[style])
