"""The KB from a ticket (issue 15): insert steps into the reply with the cursor after them, a link shows on
the ticket at once, and Engineering drafts the article before the ticket is solved."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from agent_tui.screens.kb import ArticleFromTicketScreen, KbScreen
from agent_tui.services import kb
from agent_tui.services.kb import ArticleInput
from agent_tui.services import ticket_actions as ta
from agent_tui.widgets.modals import ComposerModal
from tests.conftest import new_ticket
from tests.tui.conftest import make_app, settle, wait_for
from tests.tui.test_tier_handback import at_engineering

STEPS = ArticleInput("pdf-export-totals", "PDF export shows wrong totals",
                     "# PDF export shows wrong totals\n\n## Fix\n\n1. Open **Settings**.\n2. Clear the rate cache.\n\n"
                     "## Why\n\nThe totals come from the cached rate table.", tags=("export",))


async def search(pilot, app, words: str) -> None:
    await pilot.press("b")
    await wait_for(pilot, lambda: isinstance(app.screen, KbScreen), timeout=5)
    app.screen.query_one("#kb-query", Input).value = words
    await wait_for(pilot, lambda: app.screen.selected is not None, timeout=5)


async def test_inserted_steps_end_the_draft_and_the_cursor_waits_after_them(ctx):
    kb.save_article(ctx, STEPS)
    kb.set_base_url(ctx, "https://help.example.com/kb/")
    t = new_ticket(ctx)
    ta.assign(ctx, t.number)
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_ticket(t.number)
        await settle(pilot, app)
        await search(pilot, app, "wrong totals")
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: isinstance(app.screen, ComposerModal), timeout=5)
        area = app.screen.query_one(TextArea)
        assert "1. Open Settings.\n2. Clear the rate cache." in area.text
        assert area.text.endswith("https://help.example.com/kb/pdf-export-totals\n\n")
        assert area.cursor_location == area.document.end
        await pilot.press("T", "h", "a", "n", "k", "s")
        assert area.text.endswith("pdf-export-totals\n\nThanks")


async def test_a_linked_article_shows_on_the_ticket_when_the_agent_comes_back(ctx):
    kb.save_article(ctx, STEPS)
    t = new_ticket(ctx)
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_ticket(t.number)
        await settle(pilot, app)
        ticket_screen = app.screen
        assert ticket_screen.detail.articles == []
        await search(pilot, app, "wrong totals")
        await pilot.press("ctrl+l")
        await settle(pilot, app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is ticket_screen, timeout=5)
        await wait_for(pilot, lambda: [a.slug for a in ticket_screen.detail.articles] == ["pdf-export-totals"],
                       timeout=5)


async def test_engineering_drafts_the_article_before_the_solve(ctx):
    number = at_engineering(ctx)
    ta.note(ctx.as_actor("erik"), number, "Rounding per line instead of per invoice.")
    app = make_app(ctx.as_actor("erik"))
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_ticket(number)
        await settle(pilot, app)
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, KbScreen), timeout=5)
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleFromTicketScreen), timeout=5)
        body = app.screen.query_one("#article-body", TextArea)
        await wait_for(pilot, lambda: "rounding per line" in body.text, timeout=5)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, KbScreen), timeout=5)
    written = kb.get_article(ctx, "export-to-pdf-shows-wrong-totals")
    assert written.source_ticket == number and "## Cause" in written.body
