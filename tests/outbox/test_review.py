"""Adversarial review of mail out: each test names a bug it proved (and its fix keeps fixed)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from agent_tui.errors import ConfigError
from agent_tui.mail import send
from agent_tui.mail.settings import MailSettings
from agent_tui.services import intake as ti, outbox as ob, ticket_actions as ta
from agent_tui.store.models import OutboundMail
from tests.conftest import new_ticket
from tests.outbox.conftest import DESK


def rows(ctx) -> list[OutboundMail]:
    with ctx.db.read() as s:
        return list(s.exec(select(OutboundMail).order_by(OutboundMail.id)).all())


class PasswordGoneAfter(send.FileSink):
    """A sink that delivers ``n`` mails, then fails like an SMTP reconnect whose password is gone."""

    def __init__(self, folder: Path, n: int) -> None:
        super().__init__(folder)
        self.n = n
        self.delivered: list[str] = []

    def send(self, msg, sender, recipients) -> None:
        if len(self.delivered) >= self.n:
            raise ConfigError("no SMTP password for smtp:desk@smtp.example:587")
        super().send(msg, sender, recipients)
        self.delivered.append(msg["Message-ID"])


def test_a_config_error_mid_batch_records_what_was_sent_and_leaves_nothing_in_sending(ctx, tmp_path):
    """Bug: a ConfigError (or any exception not caught per mail) in the middle of a batch left the
    mails already delivered and the rest of the batch in 'sending'; release_stale then marked them
    failed 'may have been delivered', inviting an agent to send the delivered ones twice."""
    for i in range(5):
        d = new_ticket(ctx, f"Problem {i}")
        ta.reply(ctx, d.number, f"answer {i}")
    sink = PasswordGoneAfter(tmp_path / "sink", 2)
    with pytest.raises(ConfigError):
        send.flush(ctx, MailSettings(address=DESK), transport=sink)
    states = [r.state for r in rows(ctx)]
    assert len(sink.delivered) == 2
    assert states[:2] == ["sent", "sent"]  # delivered: recorded as such
    assert ob.SENDING not in states  # nothing left claimed by a sender that gave up
    assert all(s in ob.DUE_STATES for s in states[2:])  # the rest waits to be sent, not failed for good


def test_a_newline_in_a_customer_address_never_reaches_a_header(ctx, tmp_path):
    """Bug: customer addresses keep a newline (``clean`` keeps \\n), so 'a@x\\nBcc: b@y' went into
    the To header (or crashed the batch with HeaderParseError, leaving it in 'sending')."""
    bad = new_ticket(ctx, "Injected", customer=ti.CustomerInput(
        email="jana@brightlane.example\nBcc: victim@elsewhere.example", name="Eve"), channel="phone")
    ta.reply(ctx, bad.number, "hello")
    bad2 = new_ticket(ctx, "Injected body", customer=ti.CustomerInput(
        email="eve@brightlane.example\n\nInjected body text", name="Eve 2"), channel="phone")
    ta.reply(ctx, bad2.number, "hello")
    good = new_ticket(ctx, "Fine")
    ta.reply(ctx, good.number, "hello")
    sink = tmp_path / "sink"
    report = send.flush(ctx, MailSettings(address=DESK), transport=send.FileSink(sink))
    by_ticket = {r.subject.split(" ", 1)[0]: r for r in rows(ctx)}
    assert by_ticket[f"[#{good.number}]"].state == "sent"
    for n in (bad.number, bad2.number):
        row = by_ticket[f"[#{n}]"]
        assert row.state == "failed" and "address" in row.last_error
    written = b"".join(p.read_bytes() for p in sink.glob("*.eml"))
    assert b"victim@elsewhere.example" not in written and b"Injected body text" not in written
    assert report.sent == 1 and report.failed == 2


def _answer(to: OutboundMail, body: str, n: int) -> bytes:
    return (f"From: Jana Novak <jana@brightlane.example>\r\nTo: {DESK}\r\nSubject: Re: your mail\r\n"
            f"Message-ID: <review-answer{n}@brightlane.example>\r\nIn-Reply-To: <{to.message_id}>\r\n"
            f"Date: Tue, 3 Mar 2026 10:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            f"{body}\r\n").encode()


def _last(ctx, kind: str) -> OutboundMail:
    return [r for r in rows(ctx) if r.kind == kind][-1]


def test_an_answer_to_another_question_is_not_read_as_the_approval(ctx):
    """Bug: every customer mail while ``awaiting_approval`` was pre-read as the answer to the proposal,
    even after the ticket had left the approval hold: 'Yes, Chrome 120' answering a request for
    details replaced the customer's 'no' to the proposal with a 'yes' in the header."""
    from agent_tui.services import mail_intake as mi, ticket_queries as tq

    settings = MailSettings(own_addresses=(DESK,), address=DESK)
    d = new_ticket(ctx)
    ta.assign(ctx, d.number)
    ta.propose_solution(ctx, d.number, "Move the account to the 4.2.2 beta.", hotfix=False)
    mi.intake(ctx, _answer(_last(ctx, "approval_request"), "No, please not the beta.", 1), settings)
    assert tq.get_ticket(ctx, d.number).approval_reply[0] == "no"
    ta.request_info(ctx, d.number, "Which browser do you use?")
    mi.intake(ctx, _answer(_last(ctx, "info_request"), "Yes, Chrome 120.", 2), settings)
    shown = tq.get_ticket(ctx, d.number)
    assert shown.awaiting_approval and shown.approval_reply[0] == "no"


class SlowServer(send.FileSink):
    """Each mail takes 8 minutes; meanwhile another sender runs its flush (release_stale first)."""

    def __init__(self, folder: Path, ctx, clock) -> None:
        super().__init__(folder)
        self.ctx, self.clock = ctx, clock
        self.delivered: list[str] = []

    def send(self, msg, sender, recipients) -> None:
        super().send(msg, sender, recipients)
        self.delivered.append(msg["Message-ID"].strip("<>"))
        self.clock.advance(minutes=8)
        ob.release_stale(self.ctx)  # the other agent's app, every 10 s


def test_a_slow_batch_never_sends_a_mail_whose_claim_another_sender_released(ctx, clock, tmp_path):
    """Bug: a batch that took longer than STALE_CLAIM went on sending mails another sender had
    meanwhile released as failed ('may have been delivered'); delivered, they stayed failed, and an
    agent's retry sent them twice. A sender now gives back what it cannot send within half that time."""
    for i in range(4):
        d = new_ticket(ctx, f"Problem {i}")
        ta.reply(ctx, d.number, f"answer {i}")
    sink = SlowServer(tmp_path / "sink", ctx, clock)
    send.flush(ctx, MailSettings(address=DESK), transport=sink)
    state = {r.message_id: r.state for r in rows(ctx)}
    assert sorted(sink.delivered) == sorted(set(sink.delivered))  # each once
    assert {m: state[m] for m in sink.delivered} == {m: "sent" for m in sink.delivered}
    assert len(sink.delivered) == 4 and all(v == "sent" for v in state.values())


def test_a_customer_mail_without_a_message_id_is_not_referenced_by_its_content_hash(ctx, tmp_path):
    """Bug: a mail without a Message-ID is stored under 'sha256:<hex>' (the content hash); our answer
    then carried 'In-Reply-To: <sha256:…>' and 'References: <sha256:…>', no msg-id at all (RFC 5322
    wants id-left@id-right) and an id the customer's client never saw."""
    from email import message_from_bytes

    from agent_tui.services import mail_intake as mi

    settings = MailSettings(own_addresses=(DESK,), address=DESK)
    raw = (b"From: Jana Novak <jana@brightlane.example>\r\nTo: support@ourdesk.example\r\n"
           b"Subject: Export broken\r\nDate: Mon, 2 Mar 2026 10:00:00 +0100\r\n"
           b"Content-Type: text/plain; charset=utf-8\r\n\r\nThe PDF export shows wrong totals.\r\n")
    r = mi.intake(ctx, raw, settings)
    assert r.message_id.startswith("sha256:")
    ta.reply(ctx, r.ticket_number, "Looking at it.")
    sink = tmp_path / "sink"
    send.flush(ctx, settings, transport=send.FileSink(sink))
    for path in sink.glob("*.eml"):
        msg = message_from_bytes(path.read_bytes())
        assert "sha256:" not in str(msg["In-Reply-To"] or "") and "sha256:" not in str(msg["References"] or "")
        for value in (msg["In-Reply-To"], msg["References"]):
            for ref in str(value or "").split():
                assert ref.startswith("<") and ref.endswith(">") and "@" in ref
    reply = rows(ctx)[-1]
    assert reply.references == [rows(ctx)[0].message_id]  # the acknowledgement: what the customer has


class Greylisting(send.FileSink):
    def send(self, msg, sender, recipients) -> None:
        raise send.TemporaryFailure("451 4.7.1 greylisted, try again later")


def test_the_readme_backoff_1_5_15_60_minutes_and_8_tries_then_failed_for_an_agent(ctx, clock, tmp_path):
    """README promise without a test: '1 min, 5 min, 15 min, 1 h …, 8 tries'."""
    d = new_ticket(ctx)
    ta.reply(ctx, d.number, "hello")
    sink = Greylisting(tmp_path / "sink")
    waits = []
    for attempt in range(1, 9):
        report = send.flush(ctx, MailSettings(address=DESK), transport=sink)
        [row] = rows(ctx)
        assert row.attempts == attempt
        if attempt < 8:
            assert report.retrying == 1 and row.state == "retrying"
            waits.append(row.next_attempt_at - clock.now())
            assert send.flush(ctx, MailSettings(address=DESK), transport=sink).total == 0  # not due yet
            clock.advance(waits[-1])
        else:
            assert report.failed == 1 and row.state == "failed" and row.next_attempt_at is None
    assert [int(w.total_seconds() // 60) for w in waits[:4]] == [1, 5, 15, 60]
    assert waits == sorted(waits)
    clock.advance(timedelta(days=2))
    assert send.flush(ctx, MailSettings(address=DESK), transport=sink).total == 0  # waits for an agent
    ob.retry(ctx, row.id)
    assert [r.state for r in rows(ctx)] == ["queued"]


def test_a_complaint_answering_the_solution_mail_reopens_and_is_no_survey_score(ctx):
    """Bug: any short mail with a number to a solved ticket that had a survey sent was taken as the
    survey answer: 'Not fixed. Error 5 again.' answering the *solution* mail recorded score 5 and
    left the ticket solved (to be closed by the clock). Only an answer to the survey mail is one."""
    from agent_tui.domain.lifecycle import Status
    from agent_tui.services import config_store, mail_intake as mi, ticket_queries as tq

    settings = MailSettings(own_addresses=(DESK,), address=DESK)
    config_store.use_policy(ctx.as_actor("system"), "tap-inspect")
    d = new_ticket(ctx)
    ta.assign(ctx, d.number)
    ta.solve(ctx, d.number, "fixed", "Fixed in 4.2.2.")
    assert [r.kind for r in rows(ctx)][-2:] == ["solution", "survey"]
    r = mi.intake(ctx, _answer(_last(ctx, "solution"), "Not fixed. Error 5 again.", 3), settings)
    shown = tq.get_ticket(ctx, d.number)
    assert r.action == "replied" and shown.survey_score is None and shown.row.status == Status.OPEN.value


class TestInternationalAddresses:
    """Bug: a customer address with a non-ASCII domain crashed delivery: smtplib asked compat32 for
    a utf8 policy (TypeError, out of the flush) when the server offers SMTPUTF8, or the mail was
    retried eight times for a server without it; and the To header was an encoded word."""

    def test_an_idn_domain_goes_out_in_its_ascii_form(self, ctx, smtpd, smtp_settings):
        d = new_ticket(ctx, customer=ti.CustomerInput(email="jana@müller.example", name="Jana"), channel="phone")
        ta.reply(ctx, d.number, "hello")
        report = send.flush(ctx, smtp_settings, transport=send.SmtpTransport(smtp_settings.smtp))
        assert report.sent == 1, report.errors
        [got] = smtpd.received
        assert got.rcpt_tos == ["jana@xn--mller-kva.example"]
        assert got.message["To"] == "jana@xn--mller-kva.example"

    def test_a_non_ascii_local_part_fails_that_mail_with_the_reason_and_the_batch_goes_on(self, ctx, smtpd,
                                                                                         smtp_settings):
        bad = new_ticket(ctx, "Umlaut", customer=ti.CustomerInput(email="jürgen@example.de", name="J"),
                         channel="phone")
        ta.reply(ctx, bad.number, "hello")
        good = new_ticket(ctx, "Fine")
        ta.reply(ctx, good.number, "hello")
        report = send.flush(ctx, smtp_settings, transport=send.SmtpTransport(smtp_settings.smtp))
        assert (report.sent, report.failed) == (1, 1)
        failed = next(r for r in rows(ctx) if r.state == "failed")
        assert failed.ticket_id is not None and "jürgen@example.de" in failed.last_error
        assert len(smtpd.received) == 1


def test_a_password_with_non_ascii_letters_is_a_clear_config_error_and_the_mail_waits(ctx, tmp_path, monkeypatch):
    """Bug: smtplib encodes AUTH PLAIN in ASCII, so a password like 'Pässwort' raised UnicodeEncodeError
    out of the connection: not a ConfigError nor a TemporaryFailure, it left the claimed mails in
    'sending' and escaped flush (the app's sender only expects AgentTuiError)."""
    from agent_tui.mail.settings import SmtpSettings
    from tests.outbox.smtpd import SmtpServer

    with SmtpServer(tls_folder=tmp_path, users={"desk": "Pässwort"}) as server:
        settings = MailSettings(address=DESK, smtp=SmtpSettings(host="127.0.0.1", port=server.port,
                                                                security="starttls", user="desk", timeout=5))
        d = new_ticket(ctx)
        ta.reply(ctx, d.number, "over TLS")
        monkeypatch.setenv("AGENT_TUI_SMTP_PASSWORD", "Pässwort")
        with pytest.raises(ConfigError, match="ASCII"):
            send.flush(ctx, settings, transport=send.SmtpTransport(settings.smtp, ssl_context=server.client_context))
        [row] = rows(ctx)
        assert row.state == "retrying"  # kept, not lost, not stuck in 'sending'


class NoPassword(send.FileSink):
    def __enter__(self):
        raise ConfigError("no SMTP password for smtp:desk@smtp.example:587")


def test_a_configuration_problem_does_not_use_up_the_mails_tries(ctx, clock, tmp_path):
    """Bug: each round with a configuration problem (no SMTP password in the keyring) counted a try
    of every due mail: after a weekend without the password every mail was failed for good and had
    to be sent again by hand, one by one, though no mail was ever offered to a server."""
    d = new_ticket(ctx)
    ta.reply(ctx, d.number, "hello")
    refused = 0
    for _ in range(10):
        try:
            send.flush(ctx, MailSettings(address=DESK), transport=NoPassword(tmp_path / "sink"))
        except ConfigError:
            refused += 1
        clock.advance(timedelta(hours=12))
    assert refused == 10  # said every round, the mail due each time
    [row] = rows(ctx)
    assert row.state in ob.DUE_STATES and row.attempts == 0 and "no SMTP password" in row.last_error
    report = send.flush(ctx, MailSettings(address=DESK), transport=send.FileSink(tmp_path / "sink"))
    assert report.sent == 1 and rows(ctx)[0].attempts == 1


def test_our_own_addresses_copied_on_the_customers_mail_are_not_copied_on_our_answers(ctx):
    """Bug: the customer's Cc list was kept as it came, our own addresses included: a customer who
    wrote to a colleague with the desk (or an alias of it) in Cc got every answer with the desk in Cc,
    so the desk mailed itself each time (taken in again and dropped as 'from our own address')."""
    from agent_tui.services import mail_intake as mi

    settings = MailSettings(own_addresses=(DESK, "help@ourdesk.example"), address=DESK)
    raw = (f"From: Jana Novak <jana@brightlane.example>\r\nTo: {DESK}\r\n"
           f"Cc: Help <HELP@ourdesk.example>, Piet <piet@brightlane.example>\r\n"
           f"Subject: Export broken\r\nMessage-ID: <cc1@brightlane.example>\r\n"
           f"Date: Mon, 2 Mar 2026 10:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
           f"The PDF export shows wrong totals.\r\n").encode()
    r = mi.intake(ctx, raw, settings)
    ta.reply(ctx, r.ticket_number, "Looking at it.")
    reply = rows(ctx)[-1]
    assert reply.kind == "reply" and reply.cc == ["piet@brightlane.example"]



class TestInternationalDeskAddress:
    def test_a_desk_address_with_an_idn_domain_is_sent_in_its_ascii_form(self, ctx, smtpd, smtp_settings):
        """The same TypeError came from the desk's own address (``[mail] address``) as envelope sender."""
        from dataclasses import replace

        settings = replace(smtp_settings, address="hilfe@bücher.example")
        d = new_ticket(ctx)
        ta.reply(ctx, d.number, "hello")
        report = send.flush(ctx, settings, transport=send.SmtpTransport(settings.smtp))
        assert report.sent == 1, report.errors
        [got] = smtpd.received
        assert got.mail_from == "hilfe@xn--bcher-kva.example"
        assert "hilfe@xn--bcher-kva.example" in got.message["From"]
        assert got.message["Reply-To"] == "hilfe@xn--bcher-kva.example"
        # the Message-ID, made from the desk's domain when queued, stays an ASCII msg-id, so replies thread
        assert ob.new_message_id(settings, 1001).endswith(".t1001@xn--bcher-kva.example")

    def test_a_desk_address_that_cannot_be_sent_is_a_configuration_error(self, ctx, smtpd, smtp_settings):
        from dataclasses import replace

        settings = replace(smtp_settings, address="jürgen@example.de")
        d = new_ticket(ctx)
        ta.reply(ctx, d.number, "hello")
        with pytest.raises(ConfigError, match="jürgen@example.de"):
            send.flush(ctx, settings, transport=send.SmtpTransport(settings.smtp))
        assert [r.state for r in rows(ctx)] == ["queued"] and smtpd.received == []


def test_a_line_starting_with_from_reaches_the_customer_as_written(ctx, smtpd, smtp_settings):
    """Bug: smtplib flattens with the message's policy, and compat32 mangles 'From ' at the start of
    a line (mbox style): the agent's 'From now on …' reached the customer as '>From now on …'."""
    d = new_ticket(ctx)
    ta.reply(ctx, d.number, "Thanks for the logs.\nFrom now on the export uses the new totals.")
    assert send.flush(ctx, smtp_settings, transport=send.SmtpTransport(smtp_settings.smtp)).sent == 1
    [got] = smtpd.received
    text = got.message.get_content()
    assert "\nFrom now on the export uses the new totals." in text and ">From" not in text


class TestNoAcknowledgementWhereNoneIsWanted:
    """Bug: the acknowledgement went to any mail that opened a ticket, though the desk asks others
    for no automatic answer (X-Auto-Response-Suppress: All on its own notices) and did not honour the
    same from them; nor mailing-list mail (List-Id), nor a mail with a null Return-Path: another
    helpdesk's notice or a list's post got an automatic answer (RFC 3834 section 2)."""

    @pytest.mark.parametrize("header", [
        "X-Auto-Response-Suppress: All",
        "X-Auto-Response-Suppress: DR, AutoReply",
        "List-Id: Brightlane announcements <announce.brightlane.example>",
        "Return-Path: <>",
    ])
    def test_the_ticket_is_opened_without_an_automatic_answer(self, ctx, header):
        from agent_tui.services import mail_intake as mi

        settings = MailSettings(own_addresses=(DESK,), address=DESK)
        raw = (f"{header}\r\nFrom: Ops <ops@brightlane.example>\r\nTo: {DESK}\r\n"
               f"Subject: Export broken\r\nMessage-ID: <noack@brightlane.example>\r\n"
               f"Date: Mon, 2 Mar 2026 10:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
               f"The PDF export shows wrong totals.\r\n").encode()
        r = mi.intake(ctx, raw, settings)
        assert r.action == "created"
        assert [m.kind for m in rows(ctx)] == []

    def test_an_ordinary_mail_still_gets_its_acknowledgement(self, ctx):
        from agent_tui.services import mail_intake as mi

        settings = MailSettings(own_addresses=(DESK,), address=DESK)
        raw = (f"X-Auto-Response-Suppress: OOF\r\nFrom: Jana <jana@brightlane.example>\r\nTo: {DESK}\r\n"
               f"Subject: Export broken\r\nMessage-ID: <ack@brightlane.example>\r\n"
               f"Date: Mon, 2 Mar 2026 10:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
               f"The PDF export shows wrong totals.\r\n").encode()
        assert mi.intake(ctx, raw, settings).action == "created"
        assert [m.kind for m in rows(ctx)] == ["acknowledgement"]


def test_the_acknowledgement_is_marked_auto_replied_and_the_desks_notices_auto_generated(ctx, tmp_path):
    """RFC 3834 section 5: an automatic answer to a message is 'auto-replied' (the acknowledgement);
    'auto-generated' is for notices no message caused (reminder, survey). Sent as auto-generated,
    the acknowledgement did not tell the other side it was a reply to their mail."""
    from agent_tui.services import mail_intake as mi

    settings = MailSettings(own_addresses=(DESK,), address=DESK)
    raw = (f"From: Jana <jana@brightlane.example>\r\nTo: {DESK}\r\n"
           f"Subject: Export broken\r\nMessage-ID: <ack2@brightlane.example>\r\n"
           f"Date: Mon, 2 Mar 2026 10:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
           f"The PDF export shows wrong totals.\r\n").encode()
    mi.intake(ctx, raw, settings)
    [ack] = rows(ctx)
    assert send.build(ack, settings)["Auto-Submitted"] == "auto-replied"
    ack.kind = "reminder"
    assert send.build(ack, settings)["Auto-Submitted"] == "auto-generated"


def test_a_refused_customer_address_is_not_sent_because_a_cc_was_accepted(ctx, smtpd, smtp_settings):
    """Bug: when the server refused the customer's address (550 user unknown) but accepted a Cc,
    smtplib returns the refusal instead of raising, and the mail was recorded 'sent': the customer
    never got it and nobody was told. A refused To is the mail's failure; a refused Cc is not."""
    from agent_tui.services import mail_intake as mi

    settings = MailSettings(own_addresses=(DESK,), address=DESK)
    raw = (f"From: Jana <jana@brightlane.example>\r\nTo: {DESK}\r\nCc: piet@brightlane.example\r\n"
           f"Subject: Export broken\r\nMessage-ID: <cc2@brightlane.example>\r\n"
           f"Date: Mon, 2 Mar 2026 10:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
           f"The PDF export shows wrong totals.\r\n").encode()
    r = mi.intake(ctx, raw, settings)
    ta.reply(ctx, r.ticket_number, "Looking at it.")
    smtpd.recorder.reply_for["jana@brightlane.example"] = "550 5.1.1 user unknown"
    report = send.flush(ctx, smtp_settings, transport=send.SmtpTransport(smtp_settings.smtp))
    reply = next(m for m in rows(ctx) if m.kind == "reply")
    assert reply.cc == ["piet@brightlane.example"]
    assert reply.state == "failed" and "550 5.1.1 user unknown" in reply.last_error
    assert report.failed >= 1

    smtpd.recorder.reply_for.clear()
    smtpd.recorder.reply_for["piet@brightlane.example"] = "550 5.1.1 user unknown"
    ob.retry(ctx, reply.id)
    send.flush(ctx, smtp_settings, transport=send.SmtpTransport(smtp_settings.smtp))
    assert next(m for m in rows(ctx) if m.kind == "reply").state == "sent"  # only the Cc refused: sent
