"""The outbox, against a real SMTP server (aiosmtpd on 127.0.0.1): mail goes with its change, once,
threaded, in the customer's language; failures are kept and retried, never dropped or doubled."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlmodel import select

from agent_tui.errors import ConfigError, InvalidInput, StaleTicket
from agent_tui.mail import send
from agent_tui.mail.settings import MailSettings, SmtpSettings
from agent_tui.services import config_store, intake as ti, mail_intake as mi, outbox as ob, ticket_actions as ta
from agent_tui.services import ticket_queries as tq
from agent_tui.store.models import Message, OutboundMail
from tests.conftest import new_ticket
from tests.outbox.conftest import DESK
from tests.outbox.smtpd import SmtpServer


def rows(ctx) -> list[OutboundMail]:
    with ctx.db.read() as s:
        return list(s.exec(select(OutboundMail).order_by(OutboundMail.id)).all())


def transport(settings: MailSettings, **kw) -> send.SmtpTransport:
    return send.SmtpTransport(settings.smtp, **kw)  # type: ignore[arg-type]


class TestWithTheChange:
    def test_a_reply_is_queued_in_its_transaction_and_goes_out_over_smtp_threaded(self, ctx, smtpd, smtp_settings):
        d = new_ticket(ctx)
        ta.reply(ctx, d.number, "We are on it; the export is fixed in 4.2.2.")
        [row] = rows(ctx)
        assert (row.kind, row.state, row.to_addr) == ("reply", "queued", "jana@brightlane.example")
        report = send.flush(ctx, smtp_settings, transport=transport(smtp_settings))
        assert report.sent == 1 and report.via == f"smtp://127.0.0.1:{smtpd.port}"
        [got] = smtpd.received
        msg = got.message
        assert got.rcpt_tos == ["jana@brightlane.example"] and got.mail_from == DESK
        assert msg["Message-ID"] == f"<{row.message_id}>"
        assert msg["Subject"] == f"[#{d.number}] Re: Export to PDF shows wrong totals"
        assert msg["Reply-To"] == DESK and "Brightlane Support" in msg["From"]
        assert "We are on it; the export is fixed in 4.2.2." in msg.get_content()
        assert msg["Auto-Submitted"] is None  # a person wrote it
        shown = tq.get_ticket(ctx, d.number)
        reply = next(m for m in shown.messages if m.kind == "public")
        assert reply.mail is not None and reply.mail.state == "sent" and reply.mail.sent_at is not None
        with ctx.db.read() as s:  # the customer's answer threads back through this id
            assert s.get(Message, reply.id).mail_message_id == row.message_id

    def test_a_change_that_is_refused_or_rolled_back_queues_no_mail(self, ctx, monkeypatch):
        d = new_ticket(ctx)
        with pytest.raises(StaleTicket):
            ta.reply(ctx, d.number, "hello", expected_version=d.version - 1)
        assert rows(ctx) == []

        def boom(ticket):
            raise RuntimeError("crash after the mail was queued")

        monkeypatch.setattr(ta, "refresh_queue_keys", boom)
        with pytest.raises(RuntimeError):
            ta.reply(ctx, d.number, "hello")
        assert rows(ctx) == []  # the rollback took the mail with it
        assert [m.kind for m in tq.get_ticket(ctx, d.number).messages] == ["customer"]

    def test_every_step_the_customer_must_hear_about_is_mailed(self, ctx, clock, smtpd, smtp_settings):
        config_store.use_policy(ctx.as_actor("system"), "tap-inspect")
        d = new_ticket(ctx)
        ta.assign(ctx, d.number)
        ta.request_info(ctx, d.number, "Which app version do you use?")
        ti.customer_message(ctx.as_customer("jana@brightlane.example"), d.number, "Version 4.2.1 on iOS.")
        ta.propose_solution(ctx, d.number, "We move your account to the 4.2.2 beta.", hotfix=False)
        ta.approve(ctx, d.number, "approved by phone")
        ta.reply(ctx, d.number, "Thanks, moving you now.")
        ta.solve(ctx, d.number, "fixed", "Version 4.2.2 fixes the export.")
        kinds = [r.kind for r in rows(ctx)]
        # seed 001: the proposal reaches the customer; seed 002: the outcome; seed 000: the survey on solve
        assert kinds == ["info_request", "approval_request", "reply", "solution", "survey"]
        approval = next(r for r in rows(ctx) if r.kind == "approval_request")
        assert "We move your account to the 4.2.2 beta." in approval.body and 'reply "yes"' in approval.body
        send.flush(ctx, smtp_settings, transport=transport(smtp_settings))
        bodies = {m.message["Subject"].split(": ", 1)[0]: m.message for m in smtpd.received}
        survey = next(m for m in smtpd.received if "how easy" in m.message.get_content())
        assert survey.message["Auto-Submitted"] == "auto-generated"
        solution = next(m.message for m in smtpd.received if m.message["Subject"].split(" ", 1)[1].startswith("Solved"))
        assert "The problem is fixed." in solution.get_content()
        assert "Version 4.2.2 fixes the export." in solution.get_content()
        assert len(bodies) >= 3

    def test_the_pending_reminder_and_the_auto_close_reach_the_customer_in_their_language(self, ctx, clock):
        from agent_tui.services.sweep import sweep

        config_store.use_policy(ctx.as_actor("system"), "auditcase")
        d = new_ticket(ctx, "Bericht lässt sich nicht veröffentlichen", "Beim Veröffentlichen kommt Fehler 503.",
                       language="de")
        ta.assign(ctx, d.number)
        ta.request_info(ctx, d.number, "Welchen Browser verwenden Sie?")
        clock.advance(timedelta(days=8))
        sweep(ctx)
        reminder = [r for r in rows(ctx) if r.kind == "reminder_close"]
        assert len(reminder) == 1 and reminder[0].template_language == "de"
        assert reminder[0].subject.startswith(f"[#{d.number}] Erinnerung")
        assert "geschlossen" in reminder[0].body and "wieder öffnen" in reminder[0].body  # seed 004: closed
        clock.advance(timedelta(days=30))
        sweep(ctx)  # closed for want of an answer
        kinds = [r.kind for r in rows(ctx)]
        assert kinds.count("reminder_close") == 1 and kinds.count("closed_no_reply") == 1
        assert "auto_solved" not in kinds
        closed = next(r for r in rows(ctx) if r.kind == "closed_no_reply")
        assert closed.subject.startswith(f"[#{d.number}] Geschlossen") and closed.auto
        assert "wieder geöffnet" in closed.body


class TestThreading:
    def test_the_acknowledgement_answers_the_customers_mail_and_their_reply_finds_the_ticket(self, ctx, smtpd,
                                                                                               smtp_settings):
        raw = (b"From: Jana Novak <jana@brightlane.example>\r\nTo: support@ourdesk.example\r\n"
               b"Subject: Export broken\r\nMessage-ID: <first@brightlane.example>\r\n"
               b"Date: Mon, 2 Mar 2026 10:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
               b"The PDF export shows wrong totals since yesterday.\r\n")
        r = mi.intake(ctx, raw, smtp_settings)
        [ack] = rows(ctx)
        assert ack.kind == "acknowledgement" and ack.in_reply_to == "first@brightlane.example"
        assert str(r.ticket_number) in ack.body and ack.auto
        send.flush(ctx, smtp_settings, transport=transport(smtp_settings))
        sent = smtpd.received[0].message
        assert sent["In-Reply-To"] == "<first@brightlane.example>"
        assert sent["References"] == "<first@brightlane.example>"
        # Their client drops our reference from the subject; In-Reply-To still finds the ticket.
        answer = (f"From: jana@brightlane.example\r\nTo: support@ourdesk.example\r\nSubject: Re: Export broken\r\n"
                  f"Message-ID: <second@brightlane.example>\r\nIn-Reply-To: {sent['Message-ID']}\r\n"
                  f"Date: Mon, 2 Mar 2026 11:00:00 +0100\r\nContent-Type: text/plain\r\n\r\nHere is more.\r\n").encode()
        r2 = mi.intake(ctx, answer, smtp_settings)
        assert (r2.ticket_number, r2.action) == (r.ticket_number, "replied")
        ta.reply(ctx, r.ticket_number, "Thanks, looking at it.")
        reply = rows(ctx)[-1]
        assert reply.in_reply_to == "second@brightlane.example" and reply.message_id not in reply.references
        assert reply.references == ["first@brightlane.example", ack.message_id, "second@brightlane.example"]


class TestFailures:
    def test_a_temporary_refusal_is_retried_with_backoff_and_then_delivered(self, ctx, clock, smtpd, smtp_settings):
        d = new_ticket(ctx)
        ta.reply(ctx, d.number, "hello")
        smtpd.recorder.reply_for["jana@brightlane.example"] = "451 4.7.1 greylisted, try again later"
        report = send.flush(ctx, smtp_settings, transport=transport(smtp_settings))
        assert report.retrying == 1 and smtpd.received == []
        [row] = rows(ctx)
        assert row.state == "retrying" and row.attempts == 1 and "451" in row.last_error
        assert row.next_attempt_at == clock.now() + timedelta(minutes=1)
        line = tq.get_ticket(ctx, d.number).messages[-1].mail
        assert line is not None and line.state == "retrying"
        assert send.flush(ctx, smtp_settings, transport=transport(smtp_settings)).total == 0  # not due yet
        del smtpd.recorder.reply_for["jana@brightlane.example"]
        clock.advance(timedelta(minutes=1))
        assert send.flush(ctx, smtp_settings, transport=transport(smtp_settings)).sent == 1
        [row] = rows(ctx)
        assert (row.state, row.attempts, row.last_error) == ("sent", 2, "")
        assert len(smtpd.received) == 1

    def test_a_permanent_refusal_fails_with_the_servers_words_until_an_agent_retries(self, ctx, smtpd, smtp_settings):
        d = new_ticket(ctx)
        ta.reply(ctx, d.number, "hello")
        smtpd.recorder.reply_for["jana@brightlane.example"] = "550 5.1.1 no such mailbox"
        report = send.flush(ctx, smtp_settings, transport=transport(smtp_settings))
        assert report.failed == 1
        [row] = rows(ctx)
        assert row.state == "failed" and "550 5.1.1 no such mailbox" in row.last_error
        events = [e.action for e in tq.get_ticket(ctx, d.number).events]
        assert "mail_failed" in events
        del smtpd.recorder.reply_for["jana@brightlane.example"]
        assert send.flush(ctx, smtp_settings, transport=transport(smtp_settings)).total == 0  # waits for an agent
        view = ob.retry(ctx, row.id)
        assert view.state == "queued"
        assert send.flush(ctx, smtp_settings, transport=transport(smtp_settings)).sent == 1
        with pytest.raises(InvalidInput, match="sent"):
            ob.retry(ctx, row.id)

    def test_a_server_that_is_down_keeps_the_mail_for_later(self, ctx, smtp_settings):
        d = new_ticket(ctx)
        ta.reply(ctx, d.number, "hello")
        from tests.outbox.smtpd import free_port

        down = MailSettings(address=DESK, smtp=SmtpSettings(host="127.0.0.1", port=free_port(), security="none",
                                                            timeout=2))
        report = send.flush(ctx, down, transport=transport(down))
        assert report.retrying == 1
        [row] = rows(ctx)
        assert row.state == "retrying" and "cannot reach the SMTP server" in row.last_error

    def test_a_customer_without_an_address_is_said_not_sent(self, ctx):
        d = new_ticket(ctx, customer=ti.CustomerInput(name="Walk-in"), channel="phone")
        ta.reply(ctx, d.number, "Call me back?")
        [row] = rows(ctx)
        assert row.state == "unsent" and "no e-mail address" in row.last_error
        with pytest.raises(InvalidInput, match="no e-mail address"):
            ob.retry(ctx, row.id)

    def test_a_sender_that_died_mid_send_never_sends_again_by_itself(self, ctx, clock, smtpd, smtp_settings):
        d = new_ticket(ctx)
        ta.reply(ctx, d.number, "hello")
        claimed = ob.claim(ctx, "crashed-sender")  # claimed, then the process died
        assert len(claimed) == 1
        assert send.flush(ctx, smtp_settings, transport=transport(smtp_settings)).total == 0
        clock.advance(ob.STALE_CLAIM + timedelta(seconds=1))
        report = send.flush(ctx, smtp_settings, transport=transport(smtp_settings))
        assert report.released == 1 and report.total == 0 and smtpd.received == []
        [row] = rows(ctx)
        assert row.state == "failed" and "may have been delivered" in row.last_error


class TestExactlyOnce:
    def test_two_senders_at_once_deliver_every_mail_once(self, ctx, smtpd, smtp_settings):
        numbers = [new_ticket(ctx, f"ticket {i}").number for i in range(12)]
        for n in numbers:
            ta.reply(ctx, n, f"answer for {n}")
            ta.reply(ctx, n, f"second answer for {n}")
        errors: list[BaseException] = []

        def run(worker: str) -> None:
            try:
                send.flush(ctx, smtp_settings, transport=transport(smtp_settings), worker=worker, batch=3)
            except BaseException as exc:  # noqa: BLE001
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(f"sender-{i}",)) for i in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert errors == []
        ids = [m.message["Message-ID"] for m in smtpd.received]
        assert len(ids) == 24 and len(set(ids)) == 24
        assert {r.state for r in rows(ctx)} == {"sent"}


class TestTlsAndLogin:
    def test_starttls_and_login_with_the_password_from_the_environment(self, ctx, tmp_path, monkeypatch):
        with SmtpServer(tls_folder=tmp_path, users={"desk": "s3cret"}) as server:
            settings = MailSettings(address=DESK, smtp=SmtpSettings(host="127.0.0.1", port=server.port,
                                                                    security="starttls", user="desk", timeout=5))
            d = new_ticket(ctx)
            ta.reply(ctx, d.number, "over TLS")
            monkeypatch.setenv("AGENT_TUI_SMTP_PASSWORD", "wrong")
            with pytest.raises(ConfigError, match="refused the login"):
                send.flush(ctx, settings, transport=send.SmtpTransport(settings.smtp, ssl_context=server.client_context))
            [row] = rows(ctx)
            assert row.state == "retrying"  # kept, not lost
            monkeypatch.setenv("AGENT_TUI_SMTP_PASSWORD", "s3cret")
            ob.retry(ctx, row.id)
            report = send.flush(ctx, settings, transport=send.SmtpTransport(settings.smtp,
                                                                            ssl_context=server.client_context))
            assert report.sent == 1 and len(server.received) == 1


    @pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")  # the test server's view of SMTPS
    def test_implicit_tls_smtps(self, ctx, tmp_path, monkeypatch):
        with SmtpServer(tls_folder=tmp_path, users={"desk": "s3cret"}, implicit_tls=True) as server:
            settings = MailSettings(address=DESK, smtp=SmtpSettings(host="127.0.0.1", port=server.port,
                                                                    security="ssl", user="desk", timeout=5))
            d = new_ticket(ctx)
            ta.reply(ctx, d.number, "over SMTPS")
            monkeypatch.setenv("AGENT_TUI_SMTP_PASSWORD", "s3cret")
            report = send.flush(ctx, settings, transport=send.SmtpTransport(settings.smtp,
                                                                            ssl_context=server.client_context))
            assert report.sent == 1 and "over SMTPS" in server.received[0].message.get_content()

    def test_a_certificate_we_do_not_trust_is_refused_and_the_mail_kept(self, ctx, tmp_path, monkeypatch):
        with SmtpServer(tls_folder=tmp_path, users={"desk": "s3cret"}) as server:
            settings = MailSettings(address=DESK, smtp=SmtpSettings(host="127.0.0.1", port=server.port,
                                                                    security="starttls", user="desk", timeout=5))
            d = new_ticket(ctx)
            ta.reply(ctx, d.number, "never in clear")
            monkeypatch.setenv("AGENT_TUI_SMTP_PASSWORD", "s3cret")
            report = send.flush(ctx, settings, transport=send.SmtpTransport(settings.smtp))  # system CAs only
            assert report.retrying == 1 and server.received == []
            assert "CERTIFICATE_VERIFY_FAILED" in rows(ctx)[0].last_error or "certificate" in rows(ctx)[0].last_error


class TestFileSink:
    def test_without_smtp_the_mail_is_written_to_the_sink_and_said_so(self, ctx, tmp_path):
        d = new_ticket(ctx)
        ta.reply(ctx, d.number, "hello")
        settings = MailSettings(address=DESK, sink=tmp_path / "sink")
        report = send.flush(ctx, settings)
        assert report.sent == 1 and report.via == f"file:{tmp_path / 'sink'}"
        [eml] = list((tmp_path / "sink").glob("*.eml"))
        assert b"hello" in eml.read_bytes()
        mail = tq.get_ticket(ctx, d.number).messages[-1].mail
        assert mail is not None and mail.sent_via.startswith("file:")


class TestLanguage:
    def test_a_missing_translation_is_visible_on_the_ticket_and_in_the_outbox(self, ctx, monkeypatch):
        import copy

        from agent_tui.mail import templates as tpl
        from agent_tui.widgets.timeline import delivery_line

        sets = copy.deepcopy(tpl.template_sets())
        del sets["nl"]["info_request"]
        monkeypatch.setattr(tpl, "template_sets", lambda override=None: sets)
        d = new_ticket(ctx, "Dossier afsluiten lukt niet", "Ik kan het dossier niet afsluiten.", language="nl")
        ta.assign(ctx, d.number)
        ta.request_info(ctx, d.number, "Welke browser gebruikt u?")
        [row] = rows(ctx)
        assert (row.language, row.template_language) == ("nl", "en")
        assert row.subject.startswith(f"[#{d.number}] We need a few details")
        view = ob.list_outbox(ctx)[0]
        assert view.fallback
        mail = tq.get_ticket(ctx, d.number).messages[-1].mail
        assert "in en (no nl template)" in delivery_line(mail).plain
        events = tq.get_ticket(ctx, d.number).events
        queued = next(e for e in events if e.action == "mail_queued")
        assert queued.details["fallback"] == "no Dutch template for info request: sent in English"


def test_a_ticket_without_a_language_is_written_in_the_customers_language_from_their_record(ctx):
    first = new_ticket(ctx, "Export kaputt", "Der Export ist kaputt.", language="de")
    by_phone = new_ticket(ctx, "Phoned in", "Called about the export.", channel="phone")
    assert first.number != by_phone.number
    ta.assign(ctx, by_phone.number)
    ta.reply(ctx, by_phone.number, "Wie besprochen: die Version 4.2.2 behebt es.")
    [row] = rows(ctx)
    assert (row.language, row.template_language) == ("de", "de") and row.subject.split(" ", 1)[1].startswith("AW:")
