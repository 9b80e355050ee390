"""Pilot stories for rules the screens must keep: the approval gate, severity definitions and the
override's reason, a ticket number that always opens its ticket, and a confirmed close."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Select, Static

from agent_tui.app import ScreenActions
from agent_tui.domain.severity import Severity
from agent_tui.screens.help import HelpScreen
from agent_tui.screens.queue import QueueScreen
from agent_tui.screens.ticket import TicketScreen
from agent_tui.services import ticket_actions as ta
from agent_tui.services import ticket_queries as tq
from agent_tui.widgets.modals import ConfirmModal
from agent_tui.widgets.severity_picker import SeverityPicker
from tests.conftest import new_ticket
from tests.tui.conftest import make_app, settle

SIZE = (120, 40)


def notes(app) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


def footer_keys(screen) -> set[str]:
    return {b.binding.key for b in screen.active_bindings.values()}


def screen_text(screen) -> str:
    return "\n".join(str(s.render()) for s in screen.query(Static))


def opened(ctx, **kw):
    d = new_ticket(ctx, **kw)
    return ta.assign(ctx, d.number)


def solved(ctx):
    return ta.solve(ctx, opened(ctx).number, "fixed", "patched")


class TestApprovalGate:
    async def test_solve_is_not_offered_while_the_customer_approval_is_owed(self, ctx):
        d = opened(ctx)
        ta.propose_solution(ctx, d.number, "Migrate the account to the new region", hotfix=False)
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            app.open_ticket(d.number)
            await settle(pilot, app)
            screen = app.screen
            assert "s" not in footer_keys(screen) and "v" in footer_keys(screen)
            head = str(screen.query_one("#head", Static).render())
            assert "awaiting the customer's approval" in head and "Migrate the account" in head
            palette = [title for title, _, _ in ScreenActions(screen)._commands()]
            assert "Solve" not in palette and "Approve" in palette
            await pilot.press("s")
            await settle(pilot, app)
            assert app.screen is screen  # no solve form opened
            assert any("approval" in n for n in notes(app))
            assert tq.get_ticket(ctx, d.number).row.status == "on_hold"
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            lines = screen_text(app.screen).splitlines()
            assert any("Solve (not now)" in line for line in lines)
            assert any("Approve" in line and "not now" not in line for line in lines)

    async def test_after_approval_solve_is_offered_again(self, ctx):
        d = opened(ctx)
        ta.propose_solution(ctx, d.number, "Migrate the account", hotfix=False)
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            app.open_ticket(d.number)
            await settle(pilot, app)
            await pilot.press("v")
            await pilot.pause()
            await pilot.press("ctrl+s")
            await settle(pilot, app)
            assert app.screen.detail.row.status == "open"
            assert "s" in footer_keys(app.screen)


class TestSeverityPicker:
    async def test_the_picker_shows_every_definition_and_refuses_to_confirm_without_a_reason(self, ctx):
        d = opened(ctx)
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            app.open_ticket(d.number)
            await settle(pilot, app)
            await pilot.press("S")
            await pilot.pause()
            picker = app.screen
            assert isinstance(picker, SeverityPicker)
            text = screen_text(picker)
            for sev in Severity:
                assert sev.label in text and sev.definition in text
            picker.query_one("#field-severity", Select).value = Severity.CRITICAL.value
            await pilot.pause()
            await pilot.press("ctrl+s")
            await settle(pilot, app)
            assert app.screen is picker  # not taken
            assert "reason is required" in screen_text(picker)
            assert tq.get_ticket(ctx, d.number).row.severity == "moderate"
            picker.query_one("#field-reason", Input).value = "cannot publish any report"
            await pilot.press("ctrl+s")
            await settle(pilot, app)
            assert isinstance(app.screen, TicketScreen)
            after = tq.get_ticket(ctx, d.number)
            assert after.row.severity == "critical"
            assert after.events[-1].details["reason"] == "cannot publish any report"

    async def test_help_lists_the_severity_definitions(self, ctx):
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            text = " ".join(screen_text(app.screen).split())
            for sev in Severity:
                assert sev.label in text and " ".join(sev.definition.split()) in text

    async def test_the_new_ticket_triage_proposal_gives_the_severity_definition(self, ctx):
        from agent_tui.screens.new_ticket import NewTicketScreen

        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            await pilot.press("n")
            await pilot.pause()
            assert isinstance(app.screen, NewTicketScreen)
            await pilot.press(*"Export to PDF shows wrong totals")
            await pilot.pause(0.3)
            await settle(pilot, app)
            triage = str(app.screen.query_one("#nt-triage", Static).render())
            assert Severity.MODERATE.label in triage
            assert " ".join(Severity.MODERATE.definition.split()) in " ".join(triage.split())


class TestTicketNumberSearch:
    async def test_a_solved_ticket_number_opens_it_under_the_active_filter(self, ctx):
        done = solved(ctx)
        new_ticket(ctx, subject="Something else")
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            assert app.screen.title == "Queue — 1 ticket"  # the default filter hides solved tickets
            await pilot.press("slash", *f"#{done.number}", "enter")
            await settle(pilot, app)
            assert isinstance(app.screen, TicketScreen) and app.screen.number == done.number
            await pilot.press("escape")
            await settle(pilot, app)
            assert isinstance(app.screen, QueueScreen) and app.screen.filter.text == ""

    async def test_a_bare_number_opens_the_ticket_too(self, ctx):
        done = solved(ctx)
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            await pilot.press("slash", *str(done.number), "enter")
            await settle(pilot, app)
            assert isinstance(app.screen, TicketScreen) and app.screen.number == done.number

    async def test_an_unknown_number_says_so_in_one_line(self, ctx):
        new_ticket(ctx)
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            await pilot.press("slash", *"#9999", "enter")
            await settle(pilot, app)
            assert isinstance(app.screen, QueueScreen)
            said = [n for n in notes(app) if "9999" in n]
            assert said == ["Find ticket: No ticket #9999."]
            assert app.screen.title == "Queue — 1 ticket"

    async def test_a_superscript_digit_is_text_not_a_number(self, ctx):
        new_ticket(ctx, subject="Area m² wrong")
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            await pilot.press("slash")
            app.screen.query_one("#filter-input", Input).value = "²"
            await pilot.press("enter")
            await settle(pilot, app)
            assert app.is_running and isinstance(app.screen, QueueScreen)
            assert app.screen.title == "Queue — 1 ticket"


class TestConfirmedClose:
    @pytest.mark.parametrize("key", ["n", "escape"])
    async def test_c_then_n_leaves_the_ticket_solved(self, ctx, key):
        d = solved(ctx)
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            app.open_ticket(d.number)
            await settle(pilot, app)
            await pilot.press("c")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmModal)
            assert "final" in screen_text(app.screen)
            await pilot.press(key)
            await settle(pilot, app)
            assert isinstance(app.screen, TicketScreen)
            assert tq.get_ticket(ctx, d.number).row.status == "solved"

    @pytest.mark.parametrize("key", ["y", "enter"])
    async def test_c_then_y_closes_the_ticket(self, ctx, key):
        d = solved(ctx)
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            app.open_ticket(d.number)
            await settle(pilot, app)
            await pilot.press("c")
            await pilot.pause()
            await pilot.press(key)
            await settle(pilot, app)
            assert app.screen.detail.row.status == "closed"
            assert tq.get_ticket(ctx, d.number).row.status == "closed"

    async def test_a_change_while_the_confirm_is_open_is_refused_and_named(self, ctx):
        d = solved(ctx)
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            app.open_ticket(d.number)
            await settle(pilot, app)
            await pilot.press("c")
            await pilot.pause()
            ta.reopen(ctx.as_actor("bob"), d.number, "customer still sees it")
            await pilot.press("y")
            await settle(pilot, app)
            assert tq.get_ticket(ctx, d.number).row.status == "open"
            assert any("changed" in n.lower() for n in notes(app))
