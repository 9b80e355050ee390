"""Issue 17 on screen: "also in" on KB hits (KB screen, suggested articles) and the ticket's language
version inserted; similar solved tickets in the side panel and, at 80x24, under T."""

from __future__ import annotations

from textual.widgets import OptionList, Static

from agent_tui.screens.kb import KbScreen
from agent_tui.screens.ticket import TicketScreen
from agent_tui.services import kb
from agent_tui.services import ticket_actions as ta
from agent_tui.widgets.similar_tickets import SimilarTicketsModal
from tests.conftest import new_ticket
from tests.services.test_kb_translations import write_tree
from tests.tui.conftest import make_app, settle, wait_for
from tests.tui.test_kb_screen import Host, option_texts, type_query
from tests.tui.test_kb_screen import settle as kb_settle


async def test_kb_screen_shows_one_hit_in_the_tickets_language_also_in_the_others(ctx, tmp_path):
    kb.import_directory(ctx, write_tree(tmp_path))
    t = new_ticket(ctx, "Senha esquecida", "Não consigo entrar na conta", language="pt")
    app = Host(lambda: KbScreen(ctx, t.number))
    async with app.run_test(size=(120, 40)) as pilot:
        await kb_settle(app, pilot)
        await type_query(app, pilot, "Passwort")
        prompts = [p.plain for p in option_texts(app.screen)]
        assert len(prompts) == 1
        assert "Redefinir a sua senha" in prompts[0] and "also in: de, en" in prompts[0]
        await pilot.press("ctrl+t")
        await pilot.pause()
    assert app.results[0].startswith("Redefinir a sua senha\n\nAbra Configurações")  # the customer's version


async def test_suggested_articles_panel_says_also_in(ctx, tmp_path):
    kb.import_directory(ctx, write_tree(tmp_path))
    t = new_ticket(ctx, "Passwort zurücksetzen klappt nicht", "Es kommt kein Link.", language="de")
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_ticket(t.number)
        await settle(pilot, app)
        panel = str(app.screen.query_one("#kb", Static).render())
        assert "Passwort zurücksetzen" in panel and "also in: en, pt" in panel


def _solved(ctx, subject, body, resolution):
    t = new_ticket(ctx, subject, body)
    ta.assign(ctx, t.number)
    ta.solve(ctx, t.number, "fixed", resolution)
    return t.number


async def test_similar_solved_tickets_in_the_side_panel(ctx):
    old = _solved(ctx, "Export to PDF shows wrong totals", "Totals are off.", "Rounding fixed in 4.2.2.")
    _solved(ctx, "Nobody can log in via SSO", "Redirect URI mismatch.", "Tenant corrected.")
    t = new_ticket(ctx, "PDF export totals wrong", "The exported PDF totals differ.")
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_ticket(t.number)
        await settle(pilot, app)
        panel = str(app.screen.query_one("#similar", Static).render())
        assert f"#{old} Export to PDF shows wrong totals" in panel
        assert "fixed · Rounding" in panel and "Rounding fixed in 4.2.2." in panel
        assert "SSO" not in panel


async def test_at_80x24_the_panel_is_hidden_and_T_lists_them_and_opens_one(ctx):
    old = _solved(ctx, "Export to PDF shows wrong totals", "Totals are off.", "Rounding fixed in 4.2.2.")
    t = new_ticket(ctx, "PDF export totals wrong", "The exported PDF totals differ.")
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_ticket(t.number)
        await settle(pilot, app)
        assert not app.screen.query_one("#side").display or app.screen.query_one("#side").size.width == 0
        await pilot.press("T")
        await settle(pilot, app)
        assert isinstance(app.screen, SimilarTicketsModal)
        box = app.screen.query_one("#similar-list", OptionList)
        await wait_for(pilot, lambda: box.option_count == 1)
        text = box.get_option_at_index(0).prompt.plain
        assert f"#{old} Export to PDF shows wrong totals" in text and "Rounding fixed in 4.2.2." in text
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, TicketScreen) and app.screen.number == old
