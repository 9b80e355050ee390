"""Snapshots of the escalation, tier board, KB, article and new-ticket screens at two sizes.

Deterministic data: a FixedClock (conftest T0), fresh numbering from 1001,
articles created in the test. Update with ``pytest tests/tui/test_snapshots_screens.py --snapshot-update``.
"""

from __future__ import annotations

import pytest
from textual.app import App
from textual.widgets import Input, Select, TextArea

from agent_tui.domain.escalation import Handover
from agent_tui.screens.escalation import EscalationScreen, TierBoardScreen
from agent_tui.screens.kb import ArticleFromTicketScreen, KbScreen
from agent_tui.screens.new_ticket import NewTicketScreen
from agent_tui.services import kb
from agent_tui.services import ticket_actions as ta
from agent_tui.services.kb import ArticleInput
from tests.conftest import FULL_CHECKLIST, new_ticket

SIZES = [pytest.param((120, 40), id="standard"), pytest.param((80, 24), id="compact")]


class Host(App):
    def __init__(self, screen) -> None:
        super().__init__()
        self._first = screen

    def on_mount(self) -> None:
        self.push_screen(self._first)


async def settle(pilot, wait: float = 0.0) -> None:
    """Let debounce timers and workers finish; stop cursors blinking so the picture is stable."""
    if wait:
        await pilot.pause(wait)
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    await pilot.pause()


def seed_articles(ctx) -> None:
    kb.save_article(ctx, ArticleInput(
        "pdf-export-totals", "PDF export shows wrong totals",
        "# PDF export shows wrong totals\n\nClear the rate cache, then export the report again.\n\n"
        "## Why\n\nTotals come from the cached rate table. See [the log](file:///var/log/app.log).",
        tags=("export", "pdf")))
    kb.save_article(ctx, ArticleInput("export-csv", "Export to CSV", "Use the export menu and pick CSV.",
                                      tags=("export",)))
    kb.save_article(ctx, ArticleInput("rechnung-export", "Rechnung exportieren",
                                      "Die Rechnung als PDF exportieren: Menü Export, dann PDF.", language="de"))


def assigned(ctx, subject: str):
    t = new_ticket(ctx, subject)
    return ta.assign(ctx, t.number, "alice")


class TestEscalationSnapshots:
    @pytest.mark.parametrize("size", SIZES)
    def test_refused_escalation_lists_the_gaps(self, ctx, snap_compare, size):
        t = assigned(ctx, "Export to PDF shows wrong totals [/]")

        async def run_before(pilot) -> None:
            await settle(pilot)
            screen = pilot.app.screen
            screen.query_one("#esc-criterion", Select).value = "potential_bug"
            screen.query_one("#esc-findings", TextArea).load_text("Totals use the cached rate table.")
            await pilot.press("ctrl+s")
            await settle(pilot)
            pilot.app.clear_notifications()
            await pilot.pause()

        assert snap_compare(Host(EscalationScreen(ctx, t.number)), terminal_size=size, run_before=run_before)

    @pytest.mark.parametrize("size", SIZES)
    def test_tier_board(self, ctx, clock, snap_compare, size):
        for subject in ("Login loop on iOS", "Sync stuck at 99 %", "Invoice PDF empty"):
            assigned(ctx, subject)
        up = assigned(ctx, "Report publishing fails with 503")
        ta.update_checklist(ctx, up.number, FULL_CHECKLIST)
        ta.escalate(ctx, up.number, "tier2", "potential_bug", Handover("f", "s"))
        eng = assigned(ctx, "Data export leaks other tenants' rows")
        ta.update_checklist(ctx, eng.number, FULL_CHECKLIST)
        ta.escalate(ctx, eng.number, "tier2", "deeper_knowledge", Handover("f", "s"))
        ta.assign(ctx.as_actor("bruno"), eng.number, "bruno")
        ta.escalate(ctx.as_actor("bruno"), eng.number, "engineering", "security", Handover("f", "s"))
        clock.advance(hours=3)

        async def run_before(pilot) -> None:
            await settle(pilot)

        assert snap_compare(Host(TierBoardScreen(ctx)), terminal_size=size, run_before=run_before)


class TestKbSnapshots:
    @pytest.mark.parametrize("size", SIZES)
    def test_search_results_with_preview(self, ctx, snap_compare, size):
        seed_articles(ctx)
        t = new_ticket(ctx)

        async def run_before(pilot) -> None:
            await settle(pilot)
            await pilot.press(*"export")
            await settle(pilot, 0.3)

        assert snap_compare(Host(KbScreen(ctx, t.number)), terminal_size=size, run_before=run_before)

    @pytest.mark.parametrize("size", SIZES)
    def test_article_from_solved_ticket(self, ctx, snap_compare, size):
        t = assigned(ctx, "Export to PDF shows wrong totals")
        ta.solve(ctx, t.number, "fixed", "Cleared the rate cache; totals are right again.")

        async def run_before(pilot) -> None:
            await settle(pilot)

        assert snap_compare(Host(ArticleFromTicketScreen(ctx, t.number)), terminal_size=size, run_before=run_before)


class TestNewTicketSnapshots:
    @pytest.mark.parametrize("size", SIZES)
    def test_subject_typed_shows_triage_and_suggestions(self, ctx, snap_compare, size):
        seed_articles(ctx)

        async def run_before(pilot) -> None:
            await settle(pilot)
            await pilot.press(*"PDF export wrong")
            await settle(pilot, 0.3)
            pilot.app.screen.query_one("#nt-email", Input).value = "jana@brightlane.example"
            await pilot.pause()

        assert snap_compare(Host(NewTicketScreen(ctx)), terminal_size=size, run_before=run_before)
