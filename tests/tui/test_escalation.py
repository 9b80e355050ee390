"""Escalation form and tier board, driven by the keyboard through a tiny host app."""

from __future__ import annotations

from textual.app import App
from textual.widgets import DataTable, Input, Select, Static, TextArea

from agent_tui.screens.escalation import EscalationScreen, TierBoardScreen
from agent_tui.domain import escalation as esc
from agent_tui.services import ticket_actions as ta
from agent_tui.services import ticket_queries as tq
from agent_tui.services.views import TicketDetail
from tests.conftest import FULL_CHECKLIST, new_ticket


class Host(App):
    """Pushes one screen and records what it dismissed with."""

    def __init__(self, make_screen) -> None:
        super().__init__()
        self.make_screen = make_screen
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.make_screen(), callback=self.results.append)


def plain(widget: Static) -> str:
    return str(widget.content)


async def settle(app: App, pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


def assigned_ticket(ctx, subject: str = "Export to PDF shows wrong totals") -> TicketDetail:
    t = new_ticket(ctx, subject)
    return ta.assign(ctx, t.number, "alice")


def fill_handover(screen: EscalationScreen) -> None:
    screen.query_one("#esc-findings", TextArea).load_text("Totals use the cached rate table.")
    screen.query_one("#esc-steps", TextArea).load_text("Reproduced on staging; cleared cache; still wrong.")


class TestEscalate:
    async def test_incomplete_checklist_is_refused_and_the_gaps_are_named_in_the_form(self, ctx):
        t = assigned_ticket(ctx)
        app = Host(lambda: EscalationScreen(ctx, t.number))
        async with app.run_test(size=(120, 50)) as pilot:
            await settle(app, pilot)
            screen = app.screen
            assert isinstance(screen, EscalationScreen)
            screen.query_one("#esc-criterion", Select).value = "potential_bug"
            fill_handover(screen)
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            problems = plain(screen.query_one("#esc-problems", Static))
            assert "Not sent" in problems
            assert "Error message" in problems and "Environment" in problems
            assert app.results == []  # still open
            assert tq.get_ticket(ctx, t.number).row.tier == "tier1"

    async def test_without_criterion_everything_missing_is_listed_at_once(self, ctx):
        t = assigned_ticket(ctx)
        app = Host(lambda: EscalationScreen(ctx, t.number))
        async with app.run_test(size=(120, 50)) as pilot:
            await settle(app, pilot)
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            problems = plain(app.screen.query_one("#esc-problems", Static))
            assert "criterion" in problems
            assert "findings" in problems and "steps taken" in problems
            assert "Reproduction steps" in problems

    async def test_filling_the_gaps_in_the_form_sends_it_to_tier2(self, ctx):
        t = assigned_ticket(ctx)
        app = Host(lambda: EscalationScreen(ctx, t.number))
        async with app.run_test(size=(120, 50)) as pilot:
            await settle(app, pilot)
            screen = app.screen
            screen.query_one("#esc-criterion", Select).value = "potential_bug"
            fill_handover(screen)
            for key in ("error_message", "reproduction_steps", "environment", "end_customer_contact"):
                screen.query_one(f"#check-{key}", Input).value = FULL_CHECKLIST[key]
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert len(app.results) == 1
            detail = app.results[0]
            assert isinstance(detail, TicketDetail) and detail.row.tier == "tier2"
        saved = tq.get_ticket(ctx, t.number)
        assert saved.checklist_gaps == [] and saved.escalations[-1].criterion == "potential_bug"

    async def test_partly_filled_checklist_is_saved_and_the_rest_still_named(self, ctx):
        t = assigned_ticket(ctx)
        app = Host(lambda: EscalationScreen(ctx, t.number))
        async with app.run_test(size=(120, 50)) as pilot:
            await settle(app, pilot)
            screen = app.screen
            screen.query_one("#esc-criterion", Select).value = "deeper_knowledge"
            fill_handover(screen)
            screen.query_one("#check-error_message", Input).value = "Error 503"
            screen.query_one("#check-environment", Input).value = "iOS 17"
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            problems = plain(screen.query_one("#esc-problems", Static))
            assert "Reproduction steps" in problems and "Error message" not in problems
            assert not screen.query("#check-error_message")  # saved: now a ✓ line
            screen.query_one("#check-reproduction_steps", Input).value = "open, publish"
            screen.query_one("#check-end_customer_contact", Input).value = "maybe"
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert "yes or no" in plain(screen.query_one("#esc-problems", Static))
            screen.query_one("#check-end_customer_contact", Input).value = "ja"
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert app.results and app.results[0].row.tier == "tier2"
        assert tq.get_ticket(ctx, t.number).checklist["end_customer_contact"] == "yes"

    async def test_a_stale_ticket_is_reloaded_and_the_typed_text_is_kept(self, ctx):
        t = assigned_ticket(ctx)
        ta.update_checklist(ctx, t.number, FULL_CHECKLIST)
        app = Host(lambda: EscalationScreen(ctx, t.number))
        async with app.run_test(size=(120, 50)) as pilot:
            await settle(app, pilot)
            screen = app.screen
            screen.query_one("#esc-criterion", Select).value = "deeper_knowledge"
            fill_handover(screen)
            ta.note(ctx.as_actor("bob"), t.number, "meanwhile")  # someone else changes the ticket
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert app.results == []
            assert "changed" in plain(screen.query_one("#esc-problems", Static))
            assert screen.query_one("#esc-findings", TextArea).text.startswith("Totals")
            await pilot.press("ctrl+s")  # the reloaded version goes through
            await settle(app, pilot)
            assert app.results and app.results[0].row.tier == "tier2"

    async def test_de_escalate_back_to_tier1_with_a_summary(self, ctx):
        t = assigned_ticket(ctx)
        ta.update_checklist(ctx, t.number, FULL_CHECKLIST)
        ta.escalate(ctx, t.number, "tier2", "potential_bug", esc.Handover("f", "s"))
        bruno = ctx.as_actor("bruno")
        ta.assign(bruno, t.number, "bruno")
        app = Host(lambda: EscalationScreen(bruno, t.number))
        async with app.run_test(size=(120, 50)) as pilot:
            await settle(app, pilot)
            screen = app.screen
            screen.query_one("#esc-mode", Select).value = "down"
            await pilot.pause()
            await pilot.press("ctrl+s")  # empty summary: refused, said in the form
            await settle(app, pilot)
            assert "summary" in plain(screen.query_one("#esc-problems", Static))
            screen.query_one("#esc-summary", TextArea).load_text("Fixed by clearing the rate cache.")
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert app.results and app.results[0].row.tier == "tier1"
        assert tq.get_ticket(ctx, t.number).row.assignee == "alice"  # back to who escalated

    async def test_tier2_offers_engineering_criteria_and_de_escalation(self, ctx):
        t = assigned_ticket(ctx)
        ta.update_checklist(ctx, t.number, FULL_CHECKLIST)
        ta.escalate(ctx, t.number, "tier2", "potential_bug", esc.Handover("f", "s"))
        bruno = ctx.as_actor("bruno")
        ta.assign(bruno, t.number, "bruno")
        app = Host(lambda: EscalationScreen(bruno, t.number))
        async with app.run_test(size=(120, 50)) as pilot:
            await settle(app, pilot)
            screen = app.screen
            modes = [v for _, v in screen.query_one("#esc-mode", Select)._options]
            assert modes == ["up", "down"]  # and no "(loading)" or blank choice among them
            criteria = [v for _, v in screen.query_one("#esc-criterion", Select)._options if isinstance(v, str)]
            assert criteria == ["code_change", "performance", "security"]
            screen.query_one("#esc-criterion", Select).value = "security"
            fill_handover(screen)
            screen.query_one("#esc-workaround", TextArea).load_text("Disable the export for now.")
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert app.results and app.results[0].row.tier == "engineering"

    async def test_hostile_subject_renders_literally(self, ctx):
        t = assigned_ticket(ctx, "[/] [@click=app.quit]x[/] [bold red]boom \x1b[2J")
        app = Host(lambda: EscalationScreen(ctx, t.number))
        async with app.run_test(size=(120, 50)) as pilot:
            await settle(app, pilot)
            assert "[@click=app.quit]" in plain(app.screen.query_one("#esc-title", Static))
            assert app.is_running


class TestTierBoard:
    async def test_escalated_ticket_appears_on_the_tier2_board_and_enter_returns_it(self, ctx):
        stays = assigned_ticket(ctx, "Stays at tier 1")
        moves = assigned_ticket(ctx, "Goes to tier 2")
        ta.update_checklist(ctx, moves.number, FULL_CHECKLIST)
        ta.escalate(ctx, moves.number, "tier2", "potential_bug", esc.Handover("f", "s"))
        app = Host(lambda: TierBoardScreen(ctx))
        async with app.run_test(size=(120, 30)) as pilot:
            await settle(app, pilot)
            tier1 = app.screen.query_one("#table-tier1", DataTable)
            tier2 = app.screen.query_one("#table-tier2", DataTable)
            assert str(stays.number) in tier1.rows and str(moves.number) not in tier1.rows
            assert list(tier2.rows) == [str(moves.number)]
            await pilot.press("right")
            assert app.screen.focused is tier2
            await pilot.press("enter")
            await pilot.pause()
            assert app.results == [moves.number]

    async def test_countdowns_tick_from_stored_deadlines_without_querying(self, ctx, clock, monkeypatch):
        t = assigned_ticket(ctx)
        app = Host(lambda: TierBoardScreen(ctx))
        async with app.run_test(size=(120, 30)) as pilot:
            await settle(app, pilot)
            table = app.screen.query_one("#table-tier1", DataTable)
            before = str(table.get_cell(str(t.number), "ticket"))
            calls = []
            monkeypatch.setattr(tq, "list_tickets", lambda *a, **k: calls.append(1) or [])
            clock.advance(hours=1)
            app.screen.tick()
            await pilot.pause()
            after = str(table.get_cell(str(t.number), "ticket"))
            assert before != after and calls == []


class TestTheNextTierBuildsOnTheLast:
    async def test_findings_of_the_escalation_to_tier2_start_the_one_to_engineering(self, ctx):
        """Seed 003: "providing comprehensive documentation, including all findings, steps taken, and any
        identified workarounds" — Tier 2 extends Tier 1's hand-over instead of retyping it."""
        t = new_ticket(ctx, checklist=FULL_CHECKLIST)
        ta.assign(ctx, t.number)
        ta.escalate(ctx, t.number, "tier2", "potential_bug",
                    esc.Handover(findings="Totals use the cached rate table.", steps_taken="Cleared the cache.",
                                 workaround="Export as CSV."))
        bruno = ctx.as_actor("bruno")
        ta.assign(bruno, t.number)
        app = Host(lambda: EscalationScreen(bruno, t.number))
        async with app.run_test(size=(120, 50)) as pilot:
            await settle(app, pilot)
            screen = app.screen
            assert screen.query_one("#esc-findings", TextArea).text == "Totals use the cached rate table."
            assert screen.query_one("#esc-workaround", TextArea).text == "Export as CSV."
            assert "hand-over to Tier 2 by alice" in plain(screen.query_one("#esc-carried", Static))
            screen.query_one("#esc-findings", TextArea).insert("\nRate table is never refreshed after 4.2.")
            screen.query_one("#esc-criterion", Select).value = "code_change"
            await pilot.press("ctrl+s")
            await settle(app, pilot)
        sent = tq.get_ticket(ctx, t.number)
        assert sent.row.tier == "engineering"
        assert sent.escalations[-1].findings.startswith("Totals use the cached rate table.")
        assert "never refreshed" in sent.escalations[-1].findings
        assert sent.escalations[-1].steps_taken == "Cleared the cache."

    async def test_the_first_escalation_starts_empty(self, ctx):
        t = assigned_ticket(ctx)
        app = Host(lambda: EscalationScreen(ctx, t.number))
        async with app.run_test(size=(120, 50)) as pilot:
            await settle(app, pilot)
            assert app.screen.query_one("#esc-findings", TextArea).text == ""
