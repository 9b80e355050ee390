"""Mail out, in the app: the app delivers the outbox (here to a real SMTP server), the timeline says
how each mail went, and a failed one is read and sent again from the outbox screen (O)."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from agent_tui.mail.settings import MailSettings, SmtpSettings
from agent_tui.screens.outbox import OutboxScreen, OutgoingMail
from agent_tui.screens.ticket import TicketScreen
from agent_tui.services import outbox as ob
from agent_tui.services import ticket_actions as ta
from agent_tui.widgets.timeline import Timeline
from tests.conftest import new_ticket
from tests.outbox.smtpd import SmtpServer
from tests.tui.conftest import make_app, settle, wait_for

SIZE = (120, 40)
DESK = "support@ourdesk.example"


def timeline_text(screen) -> str:
    return "\n".join(str(w.render()) for w in screen.query_one(Timeline).children)


async def test_a_failed_mail_shows_on_the_ticket_and_is_sent_again_from_the_outbox_screen(ctx):
    d = new_ticket(ctx)
    ta.assign(ctx, d.number)
    ta.reply(ctx, d.number, "Here is what we found.")
    with SmtpServer() as server:
        server.recorder.reply_for["jana@brightlane.example"] = "550 5.1.1 mailbox unavailable"
        settings = MailSettings(own_addresses=(DESK,), address=DESK,
                                smtp=SmtpSettings(host="127.0.0.1", port=server.port, security="none", timeout=5))
        app = make_app(ctx, mail=settings, outbox_interval=0.2)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            await wait_for(pilot, lambda: "not delivered (O)" in app.sub_title, timeout=8)
            app.open_ticket(d.number)
            await settle(pilot, app)
            screen = app.screen
            assert isinstance(screen, TicketScreen)
            await wait_for(pilot, lambda: "550 5.1.1 mailbox unavailable" in timeline_text(screen), timeout=8)
            assert "not delivered" in timeline_text(screen)
            await pilot.press("O")
            await settle(pilot, app)
            outbox = app.screen
            assert isinstance(outbox, OutboxScreen) and outbox.ticket == d.number
            await wait_for(pilot, lambda: outbox.query_one(DataTable).row_count == 1, timeout=8)
            await pilot.press("enter")
            await settle(pilot, app)
            assert isinstance(app.screen, OutgoingMail)
            detail = app.screen.query_one("#o-detail", Static)
            await wait_for(pilot, lambda: "Here is what we found." in str(detail.render()), timeout=8)
            assert f"Subject: [#{d.number}] Re:" in str(detail.render())
            await pilot.press("escape")
            await settle(pilot, app)
            del server.recorder.reply_for["jana@brightlane.example"]
            await pilot.press("r")
            await wait_for(pilot, lambda: len(server.received) == 1, timeout=8)
            await wait_for(pilot, lambda: ob.list_outbox(ctx)[0].state == "sent", timeout=8)
            await pilot.press("escape")
            await settle(pilot, app)
            await wait_for(pilot, lambda: "sent " in timeline_text(app.screen), timeout=8)


async def test_without_smtp_the_timeline_says_the_mail_went_to_the_file_sink(ctx, tmp_path):
    d = new_ticket(ctx)
    ta.assign(ctx, d.number)
    ta.reply(ctx, d.number, "Sink me.")
    app = make_app(ctx, mail=MailSettings(address=DESK, sink=tmp_path / "sink"), outbox_interval=0.2)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await wait_for(pilot, lambda: ob.list_outbox(ctx)[0].state == "sent", timeout=8)
        app.open_ticket(d.number)
        await settle(pilot, app)
        await wait_for(pilot, lambda: "file sink" in timeline_text(app.screen), timeout=8)
        assert "not delivered" in timeline_text(app.screen)  # says plainly that nobody got it
        assert len(list((tmp_path / "sink").glob("*.eml"))) == 1


async def test_a_file_attached_in_the_reply_composer_goes_with_the_mail_and_a_missing_one_keeps_the_text(ctx, tmp_path):
    from textual.widgets import Input, TextArea

    from agent_tui.mail.send import attachments_of
    from agent_tui.widgets.modals import ComposerModal

    d = new_ticket(ctx)
    ta.assign(ctx, d.number)
    shot = tmp_path / "steps.png"
    shot.write_bytes(b"\x89PNG fake")
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.open_ticket(d.number)
        await settle(pilot, app)
        await pilot.press("r")
        await settle(pilot, app)
        composer = app.screen
        assert isinstance(composer, ComposerModal)
        composer.query_one(TextArea).insert("See the screenshot.")
        composer.query_one("#attach", Input).value = str(tmp_path / "missing.png")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, ComposerModal) and "See the screenshot." in app.screen.text
        assert any("cannot attach" in n.message for n in app._notifications)
        composer.query_one("#attach", Input).value = str(shot)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        await wait_for(pilot, lambda: not isinstance(app.screen, ComposerModal), timeout=8)
    [row] = [r for r in ob.list_outbox(ctx)]
    _, stored = ob.show(ctx, row.id)
    assert attachments_of(ctx, stored) == [("steps.png", "image/png", b"\x89PNG fake")]


async def test_a_mail_whose_address_cannot_be_a_header_is_shown_failed_not_a_crash(ctx, tmp_path):
    from agent_tui.services import intake as ti

    d = new_ticket(ctx, customer=ti.CustomerInput(email="eve@example.com\nBcc: victim@example.com", name="Eve"),
                   channel="phone")
    ta.assign(ctx, d.number)
    ta.reply(ctx, d.number, "Hello Eve.")
    app = make_app(ctx, mail=MailSettings(address=DESK, sink=tmp_path / "sink"), outbox_interval=0.2)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await wait_for(pilot, lambda: ob.list_outbox(ctx)[0].state == "failed", timeout=8)
        app.push_screen(OutgoingMail(ctx, ob.list_outbox(ctx)[0].id, app.mail if hasattr(app, "mail") else None))
        await settle(pilot, app)
        detail = app.screen.query_one("#o-detail", Static)
        await wait_for(pilot, lambda: "cannot be used in a mail header" in str(detail.render()), timeout=8)
        assert app.is_running
    assert not list((tmp_path / "sink").glob("*.eml"))


async def test_an_unexpected_error_while_sending_is_said_in_the_header_and_the_app_goes_on(ctx, tmp_path, monkeypatch):
    """Bug: the app's sender caught only AgentTuiError; anything else from a delivery round (a disk
    or library error in the transport) failed the worker, and Textual ends the app on that."""
    from agent_tui.mail import send

    def broken(self, msg, sender, recipients):
        raise RuntimeError("the sink's library broke")

    monkeypatch.setattr(send.FileSink, "send", broken)
    d = new_ticket(ctx)
    ta.assign(ctx, d.number)
    ta.reply(ctx, d.number, "Hello.")
    app = make_app(ctx, mail=MailSettings(address=DESK, sink=tmp_path / "sink"), outbox_interval=0.2)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await wait_for(pilot, lambda: "not sending" in app.sub_title, timeout=8)
        assert app.is_running
        [row] = ob.list_outbox(ctx)
        assert row.state == "failed" and "may have been delivered" in row.last_error  # an agent decides


async def test_a_note_keeps_a_file_with_the_ticket_and_mails_nothing(ctx, tmp_path):
    """A screenshot from a phone call goes on the ticket with an internal note: the timeline lists it,
    ``A`` saves or opens it, the customer gets no mail (seeds 002/004 ask for screenshots)."""
    from textual.widgets import Input, OptionList, TextArea

    from agent_tui.services import ticket_queries as tq
    from agent_tui.widgets.mail_views import AttachmentsModal
    from agent_tui.widgets.modals import ComposerModal

    d = new_ticket(ctx)
    ta.assign(ctx, d.number)
    shot = tmp_path / "call-screen.png"
    shot.write_bytes(b"\x89PNG from the call")
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        app.open_ticket(d.number)
        await settle(pilot, app)
        await pilot.press("i")
        await settle(pilot, app)
        composer = app.screen
        assert isinstance(composer, ComposerModal)
        assert "not mailed" in composer.query_one("#attach", Input).placeholder
        composer.query_one(TextArea).insert("Screenshot the customer sent by chat.")
        composer.query_one("#attach", Input).value = str(shot)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        await wait_for(pilot, lambda: not isinstance(app.screen, ComposerModal), timeout=8)
        await settle(pilot, app)
        assert "call-screen.png" in "\n".join(str(w.render()) for w in app.screen.query("#timeline Static"))
        await pilot.press("A")
        await settle(pilot, app)
        assert isinstance(app.screen, AttachmentsModal)
        assert "call-screen.png" in str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
    assert [a.filename for a in tq.get_ticket(ctx, d.number).attachments] == ["call-screen.png"]
    assert ob.list_outbox(ctx, ticket=d.number) == []
