"""The intake service: every customer mail becomes the right ticket, once; nothing is lost."""

from __future__ import annotations

import threading

import pytest
from sqlmodel import select

from agent_tui.services import mail_intake as mi
from agent_tui.services import ticket_actions as ta
from agent_tui.services import intake as ti
from agent_tui.services import ticket_queries as tq
from agent_tui.store.models import Customer, InboundMail, MailAttachment, Message, RawBlob
from tests.mail.conftest import OURS, fixture_bytes, mail


def inbound(ctx) -> list[InboundMail]:
    with ctx.db.read() as s:
        return list(s.exec(select(InboundMail).order_by(InboundMail.id)).all())


def ticket_count(ctx) -> int:
    return tq.count_tickets(ctx, tq.QueueFilter(statuses=()))


class TestNewMail:
    def test_a_new_mail_opens_a_ticket_for_its_sender(self, ctx, settings):
        r = mi.intake(ctx, fixture_bytes("gmail_en_new.eml"), settings, source="file:gmail_en_new.eml")
        assert (r.status, r.action) == ("stored", "created")
        d = tq.get_ticket(ctx, r.ticket_number)
        assert d.row.subject == "PDF export shows wrong totals"
        assert d.customer_email == "jana.novak@brightlane.example"  # normalised
        assert d.description.startswith("Hi,\n\nwhen I export") and d.channel == "email"
        [row] = inbound(ctx)
        assert row.cc == ["erik@brightlane.example"] and row.ticket_id is not None
        assert row.source == "file:gmail_en_new.eml"
        with ctx.db.read() as s:
            msg = s.exec(select(Message).where(Message.ticket_id == row.ticket_id, Message.kind == "customer")).one()
            assert msg.mail_message_id == "CAH7x9kP3nQ1=Zt5sA@mail.gmail.com"
            [att] = s.exec(select(MailAttachment)).all()
        assert (att.filename, att.content_type, att.size, att.message_row_id) == ("screenshot.png", "image/png", 70,
                                                                                  msg.id)
        from agent_tui.services.ticket_files import attachment_bytes

        _, data = attachment_bytes(ctx, r.ticket_number, att.id)
        assert data.startswith(b"\x89PNG")

    def test_the_raw_mail_is_kept_compressed_and_content_addressed(self, ctx, settings):
        raw = fixture_bytes("gmail_en_new.eml")
        r = mi.intake(ctx, raw, settings)
        view, again = mi.show_inbound(ctx, r.inbound_id)
        assert again == raw
        with ctx.db.read() as s:
            blob = s.get(RawBlob, mi.sha256(raw))
            assert blob is not None and blob.size == len(raw) and len(blob.data) < len(raw)

    def test_reply_to_is_the_customer(self, ctx, settings):
        r = mi.intake(ctx, fixture_bytes("no_message_id_reply_to.eml"), settings)
        assert tq.get_ticket(ctx, r.ticket_number).customer_email == "piet.jansen@voorbeeld.nl"

    def test_a_known_customer_is_matched_on_the_normalised_address(self, ctx, settings):
        first = mi.intake(ctx, mail(sender="Jana@BrightLane.example"), settings)
        second = mi.intake(ctx, mail(subject="Another problem", sender="jana@brightlane.EXAMPLE",
                                     message_id="m2@b"), settings)
        assert first.ticket_number != second.ticket_number
        with ctx.db.read() as s:
            assert len(s.exec(select(Customer)).all()) == 1

    def test_attachments_over_the_limit_are_not_stored_but_the_mail_is(self, ctx):
        from agent_tui.mail.settings import MailSettings

        r = mi.intake(ctx, fixture_bytes("gmail_en_new.eml"), MailSettings(max_attachment_bytes=10))
        assert r.status == "stored" and "screenshot.png" in r.reason
        with ctx.db.read() as s:
            assert s.exec(select(MailAttachment)).all() == []


class TestExactlyOnce:
    def test_the_same_mail_twice_makes_one_ticket(self, ctx, settings):
        raw = fixture_bytes("gmail_en_new.eml")
        first, second = mi.intake(ctx, raw, settings), mi.intake(ctx, raw, settings)
        assert first.status == "stored" and second.status == "duplicate"
        assert ticket_count(ctx) == 1 and len(inbound(ctx)) == 1

    def test_a_mail_without_message_id_is_known_by_its_content(self, ctx, settings):
        raw = fixture_bytes("no_message_id_reply_to.eml")
        assert [mi.intake(ctx, raw, settings).status for _ in range(2)] == ["stored", "duplicate"]
        assert ticket_count(ctx) == 1

    def test_two_watchers_at_once_take_a_mail_once(self, ctx, settings):
        raw = fixture_bytes("gmail_en_new.eml")
        results: list[str] = []
        barrier = threading.Barrier(4)

        def take() -> None:
            barrier.wait()
            results.append(mi.intake(ctx, raw, settings).status)

        threads = [threading.Thread(target=take) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(results) == ["duplicate"] * 3 + ["stored"]
        assert ticket_count(ctx) == 1


class TestThreading:
    def test_the_subject_reference_threads_a_reply(self, ctx, settings):
        first = mi.intake(ctx, fixture_bytes("gmail_en_new.eml"), settings)
        assert first.ticket_number == 1001
        r = mi.intake(ctx, fixture_bytes("gmail_en_reply.eml"), settings)
        assert (r.status, r.action, r.ticket_number) == ("stored", "replied", 1001)
        d = tq.get_ticket(ctx, 1001)
        assert d.messages[-1].body == "It still happens after the update."  # the quote is stripped
        assert ticket_count(ctx) == 1

    def test_in_reply_to_threads_a_reply_without_a_reference(self, ctx, settings):
        first = mi.intake(ctx, mail(message_id="orig@b"), settings)
        r = mi.intake(ctx, mail(subject="Re: totals", body="More detail.", message_id="r1@b",
                                headers="In-Reply-To: <orig@b>\r\nReferences: <orig@b>\r\n"), settings)
        assert (r.action, r.ticket_number) == ("replied", first.ticket_number)
        # and a reply to that reply, by References only
        r2 = mi.intake(ctx, mail(subject="again", body="Even more.", message_id="r2@b",
                                 headers="References: <orig@b> <r1@b>\r\n"), settings)
        assert r2.ticket_number == first.ticket_number

    def test_a_reference_to_an_unknown_ticket_opens_a_new_one(self, ctx, settings):
        r = mi.intake(ctx, mail(subject="Re: [#99999] old thing"), settings)
        assert r.action == "created" and r.ticket_number != 99999

    def test_a_configured_reference_form(self, ctx):
        from agent_tui.mail.settings import MailSettings

        mi.intake(ctx, mail(message_id="a@b"), MailSettings())
        r = mi.intake(ctx, mail(subject="Re: Ticket 1001 totals", message_id="b@b"),
                      MailSettings(subject_reference="Ticket {number}"))
        assert (r.action, r.ticket_number) == ("replied", 1001)

    def test_a_reply_reopens_a_solved_ticket_to_its_agent(self, ctx, clock, settings):
        first = mi.intake(ctx, mail(message_id="orig@b"), settings)
        ta.assign(ctx, first.ticket_number)
        ta.solve(ctx, first.ticket_number, "fixed", "Patched")
        clock.advance(days=1)
        r = mi.intake(ctx, mail(subject=f"Re: [#{first.ticket_number}] totals", body="Still broken.",
                                message_id="r@b"), settings)
        d = tq.get_ticket(ctx, r.ticket_number)
        assert r.action == "replied" and d.row.status == "open" and d.row.assignee == "alice"

    def test_a_reply_to_a_closed_ticket_opens_a_linked_follow_up(self, ctx, clock, settings):
        first = mi.intake(ctx, mail(message_id="orig@b"), settings)
        ta.assign(ctx, first.ticket_number)
        ta.solve(ctx, first.ticket_number, "fixed")
        ta.close(ctx, first.ticket_number)
        r = mi.intake(ctx, mail(subject="Re: totals", body="Same again.", message_id="r@b",
                                headers="In-Reply-To: <orig@b>\r\n"), settings)
        assert r.action == "follow_up" and r.ticket_number != first.ticket_number
        assert tq.get_ticket(ctx, r.ticket_number).follow_up_of == first.ticket_number
        [row] = [x for x in inbound(ctx) if x.message_id == "r@b"]
        with ctx.db.read() as s:
            msg = s.get(Message, row.message_row_id)
            assert msg.mail_message_id == "r@b" and msg.body == "Same again."


class TestNoise:
    def test_an_auto_reply_is_stored_as_ignored_and_opens_nothing(self, ctx, settings):
        r = mi.intake(ctx, fixture_bytes("autoreply_de.eml"), settings)
        assert r.status == "ignored" and r.ticket_number is None and "Auto-Submitted" in r.reason
        assert ticket_count(ctx) == 0 and inbound(ctx)[0].status == "ignored"

    def test_mail_from_our_own_address_is_ignored(self, ctx, settings):
        r = mi.intake(ctx, mail(sender="Support@OurDesk.example"), settings)
        assert r.status == "ignored" and r.reason == "from our own address" and ticket_count(ctx) == 0

    def test_a_bounce_becomes_a_note_on_the_ticket_whose_mail_bounced(self, ctx, settings):
        first = mi.intake(ctx, mail(sender="old.address@brightlane.example"), settings)
        ta.reply(ctx, first.ticket_number, "Please update to 4.2.1.")
        with ctx.db.transaction() as s:  # our reply went out with this id (the outbound half sets it)
            reply = s.exec(select(Message).where(Message.kind == "public")).one()
            reply.mail_message_id = "ticket-1001-1@ourdesk.example"
        r = mi.intake(ctx, fixture_bytes("bounce_dsn.eml"), settings)
        assert (r.status, r.action, r.ticket_number) == ("stored", "bounce_note", first.ticket_number)
        d = tq.get_ticket(ctx, first.ticket_number)
        assert d.messages[-1].kind == "internal" and "old.address@brightlane.example" in d.messages[-1].body
        assert d.row.status == "open"  # a bounce is no customer reply
        with ctx.db.read() as s:
            customer = s.exec(select(Customer)).one()
            assert customer.bouncing_since is not None

    def test_a_bounce_for_an_unknown_mail_is_ignored(self, ctx, settings):
        r = mi.intake(ctx, fixture_bytes("bounce_dsn.eml"), settings)
        assert r.status == "ignored" and ticket_count(ctx) == 0


class TestQuarantine:
    def test_an_unreadable_mail_is_quarantined_and_does_not_block_the_next(self, ctx, settings):
        results = mi.intake_many(ctx, [fixture_bytes("broken_no_from.eml"), fixture_bytes("gmail_en_new.eml")],
                                 settings)
        assert [r.status for r in results] == ["quarantined", "stored"]
        [q] = mi.list_quarantine(ctx)
        assert q.reason == "no sender address (From)" and q.message_id == "broken-1@example.org"
        view, raw = mi.show_inbound(ctx, q.id)
        assert raw == fixture_bytes("broken_no_from.eml")

    def test_the_same_broken_mail_twice_is_one_quarantine_row(self, ctx, settings):
        raw = fixture_bytes("broken_no_from.eml")
        mi.intake(ctx, raw, settings)
        assert mi.intake(ctx, raw, settings).status == "quarantined"
        assert len(inbound(ctx)) == 1

    def test_a_failure_to_store_quarantines_and_a_retry_after_the_fix_takes_it_in(self, ctx, settings,
                                                                                   monkeypatch):
        real = ti.create_in_session

        def broken(*args, **kwargs):
            raise RuntimeError("parser bug")

        monkeypatch.setattr(ti, "create_in_session", broken)
        r = mi.intake(ctx, fixture_bytes("gmail_en_new.eml"), settings)
        assert r.status == "quarantined" and "parser bug" in r.reason and ticket_count(ctx) == 0
        assert mi.retry(ctx, r.inbound_id, settings).status == "quarantined"  # still broken: stays, counted
        assert mi.list_quarantine(ctx)[0].attempts == 2
        monkeypatch.setattr(ti, "create_in_session", real)
        again = mi.retry(ctx, r.inbound_id, settings)
        assert (again.status, again.action, again.inbound_id) == ("stored", "created", r.inbound_id)
        assert ticket_count(ctx) == 1 and mi.list_quarantine(ctx) == []
        assert mi.intake(ctx, fixture_bytes("gmail_en_new.eml"), settings).status == "duplicate"

    def test_retry_of_a_mail_not_in_quarantine_is_refused(self, ctx, settings):
        from agent_tui.errors import NotFound

        r = mi.intake(ctx, fixture_bytes("gmail_en_new.eml"), settings)
        with pytest.raises(NotFound):
            mi.retry(ctx, r.inbound_id, settings)

    @pytest.mark.parametrize("body", ["[/]", "[@click=app.quit]x[/]", "a\x1b]52;c;AAAA\x07b", "'; DROP TABLE tickets; --"])
    def test_hostile_text_is_stored_as_data(self, ctx, settings, body):
        r = mi.intake(ctx, mail(subject=body, body=body), settings)
        assert r.status == "stored"
        d = tq.get_ticket(ctx, r.ticket_number)
        assert "\x1b" not in d.description and "\x1b" not in d.row.subject

    def test_every_fixture_goes_through_without_an_error(self, ctx, settings):
        from tests.mail.conftest import FIXTURES

        results = [mi.intake(ctx, p.read_bytes(), settings) for p in sorted(FIXTURES.glob("*.eml"))]
        assert {r.status for r in results} <= {"stored", "ignored", "quarantined"}
        assert [r.status for r in results].count("quarantined") == 1


class TestLoops:
    def test_a_sender_over_the_hourly_limit_is_ignored(self, ctx, clock):
        from agent_tui.mail.settings import MailSettings

        limited = MailSettings(max_per_sender_per_hour=3)
        results = [mi.intake(ctx, mail(subject=f"Auto {n}", message_id=f"loop-{n}@b"), limited) for n in range(5)]
        assert [r.status for r in results] == ["stored"] * 3 + ["ignored"] * 2
        assert results[-1].reason.startswith("rate limit: 3 mails from jana@brightlane.example")
        clock.advance(hours=2)
        assert mi.intake(ctx, mail(subject="Later", message_id="later@b"), limited).status == "stored"


def test_a_mail_answering_a_ticket_closed_for_want_of_an_answer_reopens_it(ctx, clock):
    """Seed 004: closed after 14 days without an answer — "U kunt deze overigens heropenen door erop te
    reageren": the customer's mail re-opens that ticket instead of opening a follow-up."""
    from agent_tui.services import config_store
    from agent_tui.services import ticket_actions as ta
    from agent_tui.services import ticket_queries as tq
    from agent_tui.services.sweep import sweep

    config_store.use_policy(ctx.as_actor("system"), "auditcase")
    r = mi.intake(ctx, mail(message_id="first@x"), OURS)
    ta.assign(ctx, r.ticket_number)
    ta.request_info(ctx, r.ticket_number, "Welke browser gebruikt u?")
    clock.advance(days=15)
    sweep(ctx)
    assert tq.get_ticket(ctx, r.ticket_number).row.status == "closed"
    again = mi.intake(ctx, mail(subject=f"Re: [#{r.ticket_number}] PDF export", message_id="late@x",
                                body="Sorry, ik was op vakantie. Firefox 128."), OURS)
    assert again.ticket_number == r.ticket_number and again.action == "replied"
    d = tq.get_ticket(ctx, r.ticket_number)
    assert (d.row.status, d.row.assignee) == ("open", "alice")
    assert d.checklist.get("browser") == "Firefox 128"  # and the mail filled what AuditCase asks for
