"""New-ticket form: KB suggestions and triage's proposal while typing (seed 004), then save."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Input, Select, Static, TextArea

from agent_tui.screens.new_ticket import NewTicketScreen
from agent_tui.services import kb
from agent_tui.services import ticket_queries as tq
from agent_tui.services.kb import ArticleInput


class Host(App):
    def __init__(self, make_screen) -> None:
        super().__init__()
        self.make_screen = make_screen
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.make_screen(), callback=self.results.append)


async def settle(app: App, pilot, wait: float = 0.25) -> None:
    await pilot.pause(wait)
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


def content(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).content)


class TestNewTicket:
    async def test_typing_the_subject_shows_suggestions_and_triage_then_saves(self, ctx):
        kb.save_article(ctx, ArticleInput("publish-fails", "Cannot publish a report",
                                          "Check the upload size and retry."))
        app = Host(lambda: NewTicketScreen(ctx))
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot, 0)
            await pilot.press(*"cannot publish")  # typed into the focused subject
            await settle(app, pilot)
            screen = app.screen
            triage = content(screen, "#nt-triage")
            assert "Critical issue" in triage and "critical-blocked" in triage
            assert "Cannot publish a report" in content(screen, "#nt-suggestions")
            screen.query_one("#nt-description", TextArea).load_text("Every upload ends with error 503.")
            screen.query_one("#nt-email", Input).value = "jana@brightlane.example"
            screen.query_one("#nt-name", Input).value = "Jana Novak"
            screen.query_one("#nt-language", Select).value = "de"
            screen.query_one("#nt-channel", Select).value = "phone"
            await pilot.press("ctrl+s")
            await settle(app, pilot, 0)
        assert len(app.results) == 1 and isinstance(app.results[0], int)
        saved = tq.get_ticket(ctx, app.results[0])
        assert saved.row.subject == "cannot publish" and saved.row.severity == "critical"
        assert saved.channel == "phone" and saved.row.language == "de"
        assert saved.customer_email == "jana@brightlane.example"

    async def test_missing_subject_and_customer_are_named_in_the_form(self, ctx):
        app = Host(lambda: NewTicketScreen(ctx))
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot, 0)
            await pilot.press("ctrl+s")
            await pilot.pause()
            errors = content(app.screen, "#nt-errors")
            assert "subject is required" in errors and "customer is required" in errors
            assert "choose the channel" in errors  # never silently "phone"
            app.screen.query_one("#nt-subject", Input).value = "Question"
            app.screen.query_one("#nt-email", Input).value = "not-an-address"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "not an e-mail address" in content(app.screen, "#nt-errors")
            assert app.results == []
        assert tq.count_tickets(ctx) == 0

    async def test_hostile_text_is_saved_and_shown_literally(self, ctx):
        app = Host(lambda: NewTicketScreen(ctx))
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot, 0)
            app.screen.query_one("#nt-subject", Input).value = "[/] [@click=app.quit]x[/] error"
            await settle(app, pilot)
            assert app.is_running
            app.screen.query_one("#nt-number", Input).value = "C-1"
            app.screen.query_one("#nt-channel", Select).value = "chat"
            await pilot.press("ctrl+s")
            await settle(app, pilot, 0)
        assert tq.get_ticket(ctx, app.results[0]).row.subject == "[/] [@click=app.quit]x[/] error"

    async def test_the_customers_language_starts_as_the_agents(self, ctx):
        """A Dutch desk logging a call (seed 004): the ticket, and every mail to the caller, is Dutch unless
        the agent picks another language; before, the form said English whatever the agent spoke."""
        from agent_tui import i18n

        i18n.activate("nl")
        app = Host(lambda: NewTicketScreen(ctx))
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot, 0)
            screen = app.screen
            assert screen.query_one("#nt-language", Select).value == "nl"
            screen.query_one("#nt-subject", Input).value = "Dossier kan niet worden afgesloten"
            screen.query_one("#nt-email", Input).value = "sanne@devries.example"
            screen.query_one("#nt-channel", Select).value = "phone"
            await pilot.press("ctrl+s")
            await settle(app, pilot, 0)
        assert tq.get_ticket(ctx, app.results[0]).row.language == "nl"

    async def test_a_preview_that_arrives_after_saving_is_dropped(self, ctx):
        """ctrl+s right after typing: the triage/KB preview computed meanwhile lands on a form that is gone
        (before: NoMatches '#nt-triage' ended the app)."""
        app = Host(lambda: NewTicketScreen(ctx))
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot, 0)
            screen = app.screen
            screen.query_one("#nt-subject", Input).value = "Export fails"
            screen.query_one("#nt-email", Input).value = "jana@brightlane.example"
            screen.query_one("#nt-channel", Select).value = "phone"
            await pilot.press("ctrl+s")
            await settle(app, pilot, 0)
            assert app.results and not screen.is_attached
            screen._start_preview()  # the debounce timer firing late
            screen._show_preview(None, [])  # the preview worker's answer arriving late
            await pilot.pause()
            assert app.is_running

    async def test_escape_cancels(self, ctx):
        app = Host(lambda: NewTicketScreen(ctx))
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot, 0)
            await pilot.press("escape")
            await pilot.pause()
        assert app.results == [None]


class TestWhatThePolicyAsksFor:
    async def test_droz_asks_for_the_environment_and_stores_it_in_the_checklist(self, ctx):
        """Seed 002: "Detalhes como sistema operacional, navegador … podem nos ajudar" — the droz preset's
        new-ticket form asks for the operating system and browser; they land in the checklist."""
        from agent_tui.services import config_store

        config_store.use_policy(ctx.as_actor("system"), "droz")
        app = Host(lambda: NewTicketScreen(ctx))
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot, 0)
            screen = app.screen
            os_field = screen.query_one("#nt-check-operating_system", Input)
            screen.query_one("#nt-check-browser", Input)
            screen.query_one("#nt-subject", Input).value = "Relatório não abre"
            screen.query_one("#nt-email", Input).value = "ana@cliente.example"
            screen.query_one("#nt-channel", Select).value = "email"
            os_field.value = "Windows 11"
            screen.query_one("#nt-check-browser", Input).value = "Edge 131"
            await pilot.press("ctrl+s")
            await settle(app, pilot, 0)
        saved = tq.get_ticket(ctx, app.results[0])
        assert saved.checklist["operating_system"] == "Windows 11" and saved.checklist["browser"] == "Edge 131"
        assert "operating_system" not in saved.checklist_gaps

    async def test_the_standard_policy_asks_for_nothing_extra(self, ctx):
        app = Host(lambda: NewTicketScreen(ctx))
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot, 0)
            assert not app.screen.query(".nt-check")

    async def test_the_chosen_channel_is_kept_in_the_draft(self, ctx):
        app = Host(lambda: NewTicketScreen(ctx))
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot, 0)
            app.screen.query_one("#nt-subject", Input).value = "Call about invoices"
            app.screen.query_one("#nt-channel", Select).value = "chat"
            await pilot.press("escape")
            await settle(app, pilot, 0)
        again = Host(lambda: NewTicketScreen(ctx))
        async with again.run_test(size=(120, 40)) as pilot:
            await settle(again, pilot, 0.3)
            assert again.screen.query_one("#nt-channel", Select).value == "chat"
