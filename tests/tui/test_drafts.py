"""Drafts are kept: Esc, another screen or quitting the app loses no typed text; sending or a confirmed discard removes it."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Select, Static, TextArea

from agent_tui.errors import DatabaseUnavailable
from agent_tui.screens.ticket import TicketScreen
from agent_tui.services import drafts
from agent_tui.services import ticket_actions as ta
from agent_tui.services import ticket_queries as tq
from agent_tui.widgets.modals import ComposerModal, ConfirmModal
from tests.conftest import new_ticket
from tests.tui.conftest import make_app, settle

SIZE = (120, 40)
MARKUP = "[bold]not bold[/bold] [@click=app.quit]x[/]"

COMPOSERS = [("r", drafts.REPLY, "public"), ("i", drafts.NOTE, "internal"), ("p", drafts.REQUEST_INFO, "public")]


def head(screen: TicketScreen) -> str:
    return str(screen.query_one("#head", Static).render())


async def open_ticket(app, pilot, number: int) -> TicketScreen:
    app.open_ticket(number)
    await settle(pilot, app)
    assert isinstance(app.screen, TicketScreen)
    return app.screen


async def press(pilot, app, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot, app)


def editor(app) -> TextArea:
    assert isinstance(app.screen, ComposerModal)
    return app.screen.query_one("#draft", TextArea)


class TestComposerDrafts:
    @pytest.mark.parametrize(("key", "kind", "message_kind"), COMPOSERS)
    async def test_composer_text_survives_esc_and_a_restart_and_goes_when_sent(self, ctx, key, kind, message_kind):
        t = new_ticket(ctx)
        ta.assign(ctx, t.number)
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_ticket(app, pilot, t.number)
            await press(pilot, app, key)
            await pilot.press(*"Half an answer")
            await press(pilot, app, "escape")
            assert app.screen is screen
            assert "draft kept: " + drafts.KINDS[kind] in head(screen)
            await press(pilot, app, key)
            assert editor(app).text == "Half an answer"
            await press(pilot, app, "escape", "escape")  # back to the queue, then the ticket again
            screen = await open_ticket(app, pilot, t.number)
            assert "draft kept" in head(screen)
            await press(pilot, app, key)
            assert editor(app).text == "Half an answer"
        assert drafts.load(ctx, t.number, kind) == {"body": "Half an answer"}

        app = make_app(ctx)  # a new start of the app on the same store
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_ticket(app, pilot, t.number)
            assert "draft kept: " + drafts.KINDS[kind] in head(screen)
            await press(pilot, app, key)
            assert editor(app).text == "Half an answer"
            await pilot.press(*", finished.")
            await press(pilot, app, "ctrl+s")
            assert app.screen is screen
            assert "draft kept" not in head(screen)
        last = tq.get_ticket(ctx, t.number).messages[-1]
        assert (last.kind, last.body) == (message_kind, "Half an answer, finished.")
        assert drafts.load(ctx, t.number, kind) is None

    async def test_quitting_with_the_composer_open_keeps_the_text(self, ctx):
        t = new_ticket(ctx)
        ta.assign(ctx, t.number)
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            await open_ticket(app, pilot, t.number)
            await press(pilot, app, "r")
            await pilot.press(*"typed just before quitting")
        assert drafts.load(ctx, t.number, drafts.REPLY) == {"body": "typed just before quitting"}

    async def test_markup_looking_draft_round_trips_and_shows_literally(self, ctx):
        t = new_ticket(ctx)
        ta.assign(ctx, t.number)
        drafts.save(ctx, t.number, drafts.REPLY, {"body": MARKUP})
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            await open_ticket(app, pilot, t.number)
            await press(pilot, app, "r")
            assert editor(app).text == MARKUP
            await press(pilot, app, "escape")
            assert app.is_running
        assert drafts.load(ctx, t.number, drafts.REPLY) == {"body": MARKUP}

    async def test_text_inserted_from_the_kb_is_added_to_the_kept_reply(self, ctx):
        t = new_ticket(ctx)
        ta.assign(ctx, t.number)
        drafts.save(ctx, t.number, drafts.REPLY, {"body": "Hello Jana,"})
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_ticket(app, pilot, t.number)
            screen.open_composer(drafts.REPLY, insert="Check the upload size and retry.")
            await settle(pilot, app)
            assert editor(app).text == "Hello Jana,\n\nCheck the upload size and retry."
            await press(pilot, app, "escape")
        assert drafts.load(ctx, t.number, drafts.REPLY) == {"body": "Hello Jana,\n\nCheck the upload size and retry."}

    async def test_each_agent_sees_only_their_own_draft(self, ctx):
        t = new_ticket(ctx)
        ta.assign(ctx, t.number)
        drafts.save(ctx.as_actor("bob"), t.number, drafts.REPLY, {"body": "bob's private words"})
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_ticket(app, pilot, t.number)
            assert "draft kept" not in head(screen)
            await press(pilot, app, "r")
            assert editor(app).text == ""

    async def test_discard_asks_first_cancel_keeps_it_confirm_removes_it(self, ctx):
        t = new_ticket(ctx)
        ta.assign(ctx, t.number)
        drafts.save(ctx, t.number, drafts.NOTE, {"body": "maybe not"})
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_ticket(app, pilot, t.number)
            await press(pilot, app, "i")
            await press(pilot, app, "ctrl+g")
            assert isinstance(app.screen, ConfirmModal)
            await press(pilot, app, "n")
            assert editor(app).text == "maybe not"
            assert drafts.load(ctx, t.number, drafts.NOTE) == {"body": "maybe not"}
            await press(pilot, app, "ctrl+g")
            await press(pilot, app, "y")
            assert app.screen is screen
            assert "draft kept" not in head(screen)
            await press(pilot, app, "i")
            assert editor(app).text == ""
        assert drafts.load(ctx, t.number, drafts.NOTE) is None

    async def test_a_failed_send_keeps_the_text_in_the_editor_and_the_store(self, ctx, monkeypatch):
        t = new_ticket(ctx)
        ta.assign(ctx, t.number)

        def down(*_args, **_kwargs):
            raise DatabaseUnavailable("cannot use the database test.db: connection refused")

        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            await open_ticket(app, pilot, t.number)
            monkeypatch.setattr(ta, "reply", down)
            await press(pilot, app, "r")
            await pilot.press(*"Not lost")
            await press(pilot, app, "ctrl+s")
            assert editor(app).text == "Not lost"
        assert drafts.load(ctx, t.number, drafts.REPLY) == {"body": "Not lost"}
        assert tq.get_ticket(ctx, t.number).messages[-1].body != "Not lost"

    async def test_a_stale_send_keeps_the_draft_until_the_retry_is_sent(self, ctx):
        t = new_ticket(ctx)
        ta.assign(ctx, t.number)
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_ticket(app, pilot, t.number)
            await press(pilot, app, "r")
            await pilot.press(*"Careful")
            ta.note(ctx.as_actor("bob"), t.number, "bob was here")
            await press(pilot, app, "ctrl+s")
            assert editor(app).text == "Careful"
            assert drafts.load(ctx, t.number, drafts.REPLY) == {"body": "Careful"}
            await press(pilot, app, "ctrl+s")
            assert app.screen is screen
        assert drafts.load(ctx, t.number, drafts.REPLY) is None
        assert tq.get_ticket(ctx, t.number).messages[-1].body == "Careful"


def nt_fields(screen) -> dict[str, str]:
    return {"subject": screen.query_one("#nt-subject", Input).value,
            "description": screen.query_one("#nt-description", TextArea).text,
            "email": screen.query_one("#nt-email", Input).value}


class TestFormDrafts:
    async def test_new_ticket_text_survives_esc_and_a_restart_and_goes_when_saved(self, ctx):
        from agent_tui.screens.new_ticket import NewTicketScreen

        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            await press(pilot, app, "n")
            assert isinstance(app.screen, NewTicketScreen)
            await pilot.press(*"Printer [bold]on fire[/bold]")
            app.screen.query_one("#nt-description", TextArea).load_text("Smoke since 9:00.\n\tReally.")
            await settle(pilot, app)
            await press(pilot, app, "escape")
            assert not isinstance(app.screen, NewTicketScreen)
            assert any("Draft kept" in n.message for n in app._notifications)
            await press(pilot, app, "n")
            assert nt_fields(app.screen) == {"subject": "Printer [bold]on fire[/bold]",
                                             "description": "Smoke since 9:00.\n\tReally.", "email": ""}
        assert drafts.load(ctx, None, drafts.NEW_TICKET)["subject"] == "Printer [bold]on fire[/bold]"

        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            await press(pilot, app, "n")
            screen = app.screen
            assert nt_fields(screen)["description"] == "Smoke since 9:00.\n\tReally."
            screen.query_one("#nt-email", Input).value = "jana@brightlane.example"
            screen.query_one("#nt-channel", Select).value = "phone"
            await press(pilot, app, "ctrl+s")
            assert isinstance(app.screen, TicketScreen)
            number = app.screen.number
        saved = tq.get_ticket(ctx, number)
        assert saved.row.subject == "Printer [bold]on fire[/bold]"
        assert drafts.load(ctx, None, drafts.NEW_TICKET) is None

    async def test_new_ticket_discard_asks_first(self, ctx):
        from agent_tui.screens.new_ticket import NewTicketScreen

        drafts.save(ctx, None, drafts.NEW_TICKET, {"subject": "half a ticket"})
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            await press(pilot, app, "n")
            assert nt_fields(app.screen)["subject"] == "half a ticket"
            await press(pilot, app, "ctrl+g")
            assert isinstance(app.screen, ConfirmModal)
            await press(pilot, app, "escape")
            assert isinstance(app.screen, NewTicketScreen)
            assert drafts.load(ctx, None, drafts.NEW_TICKET)["subject"] == "half a ticket"
            await press(pilot, app, "ctrl+g", "y")
            assert not isinstance(app.screen, NewTicketScreen)
        assert drafts.load(ctx, None, drafts.NEW_TICKET) is None

    async def test_escalation_hand_over_survives_esc_and_a_restart_and_goes_when_sent(self, ctx):
        from textual.widgets import Select

        from agent_tui.screens.escalation import EscalationScreen

        t = new_ticket(ctx)
        ta.assign(ctx, t.number)
        app = make_app(ctx)
        async with app.run_test(size=(120, 50)) as pilot:
            screen = await open_ticket(app, pilot, t.number)
            await press(pilot, app, "e")
            form = app.screen
            assert isinstance(form, EscalationScreen)
            form.query_one("#esc-findings", TextArea).load_text("Totals use the [red]cached[/red] rate table.")
            form.query_one("#esc-logs", TextArea).load_text("ERROR 503 at 09:01")
            form.query_one("#check-environment", Input).value = "iOS 17"
            await settle(pilot, app)
            await press(pilot, app, "escape")
            assert app.screen is screen
            assert "draft kept: escalation hand-over" in head(screen)
            await press(pilot, app, "e")
            form = app.screen
            assert form.query_one("#esc-findings", TextArea).text == "Totals use the [red]cached[/red] rate table."
            assert form.query_one("#check-environment", Input).value == "iOS 17"

        app = make_app(ctx)
        async with app.run_test(size=(120, 50)) as pilot:
            screen = await open_ticket(app, pilot, t.number)
            assert "draft kept: escalation hand-over" in head(screen)
            await press(pilot, app, "e")
            form = app.screen
            assert form.query_one("#esc-logs", TextArea).text == "ERROR 503 at 09:01"
            assert form.query_one("#check-environment", Input).value == "iOS 17"
            form.query_one("#esc-criterion", Select).value = "potential_bug"
            form.query_one("#esc-steps", TextArea).load_text("Reproduced on staging.")
            for key in ("error_message", "reproduction_steps", "end_customer_contact"):
                form.query_one(f"#check-{key}", Input).value = "yes" if key == "end_customer_contact" else "x"
            await settle(pilot, app)
            await press(pilot, app, "ctrl+s")
            assert app.screen is screen
            assert "draft kept" not in head(screen)
        saved = tq.get_ticket(ctx, t.number)
        assert saved.row.tier == "tier2"
        assert saved.escalations[-1].findings == "Totals use the [red]cached[/red] rate table."
        assert drafts.load(ctx, t.number, drafts.ESCALATION) is None
