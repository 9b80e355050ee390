"""The ticket's mail on screen: attachments listed in the timeline and saved with A, the full mail with M."""

from __future__ import annotations

from textual.widgets import Static

from agent_tui.services import mail_intake as mi
from agent_tui.screens.ticket import TicketScreen
from agent_tui.widgets.mail_views import AttachmentsModal, FullMailModal
from tests.mail.conftest import OURS, fixture_bytes, mail
from tests.tui.conftest import make_app, settle

SIZE = (120, 40)


def texts(screen, selector: str) -> str:
    return "\n".join(str(w.render()) for w in screen.query(selector))


async def open_ticket(pilot, app, number: int) -> TicketScreen:
    await settle(pilot, app)
    app.open_ticket(number)
    await settle(pilot, app)
    assert isinstance(app.screen, TicketScreen)
    return app.screen


async def test_attachments_show_in_the_timeline_and_save_with_A(ctx, tmp_path, monkeypatch):
    monkeypatch.setattr("agent_tui.widgets.mail_views.downloads_folder", lambda: tmp_path)
    r = mi.intake(ctx, fixture_bytes("gmail_en_new.eml"), OURS)
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_ticket(pilot, app, r.ticket_number)
        assert "screenshot.png" in texts(screen, "#timeline Static")
        await pilot.press("A")
        await settle(pilot, app)
        assert isinstance(app.screen, AttachmentsModal)
        await pilot.press("enter")
        for _ in range(40):
            if (tmp_path / "screenshot.png").exists():
                break
            await pilot.pause(0.05)
        assert (tmp_path / "screenshot.png").read_bytes()[:4] == b"\x89PNG"
        assert any("Saved" in n.message for n in app._notifications)
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, TicketScreen)


async def test_the_full_mail_is_one_key_away(ctx):
    r = mi.intake(ctx, mail(message_id="first@x", body="It fails."), OURS)
    reply = ("Still broken.\r\n\r\nOn Mon, 2 Mar 2026 at 10:00, Desk <support@ourdesk.example> wrote:\r\n"
             "> Please send the [bold]log[/bold].\r\n")
    mi.intake(ctx, mail(subject=f"Re: [#{r.ticket_number}] PDF", message_id="second@x", body=reply), OURS)
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_ticket(pilot, app, r.ticket_number)
        assert "Please send" not in texts(screen, "#timeline Static")
        await pilot.press("M")
        await settle(pilot, app)
        assert isinstance(app.screen, FullMailModal)
        for _ in range(40):
            shown = texts(app.screen, ".mail")
            if shown:
                break
            await pilot.pause(0.05)
        assert "> Please send the [bold]log[/bold]." in shown  # markup in a mail stays literal
        assert "Message-ID: <second@x>" in shown
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, TicketScreen)


async def test_a_typed_ticket_has_no_mail(ctx):
    from tests.conftest import new_ticket

    t = new_ticket(ctx)
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_ticket(pilot, app, t.number)
        await pilot.press("M")
        await settle(pilot, app)
        for _ in range(40):
            shown = texts(app.screen, "Static")
            if "did not come in by e-mail" in shown:
                break
            await pilot.pause(0.05)
        assert "did not come in by e-mail" in shown
