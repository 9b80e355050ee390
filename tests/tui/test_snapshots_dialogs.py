"""Snapshots of the help screen, the command palette, the SLA report and the ticket's dialogs at two sizes.

Deterministic data: a FixedClock (conftest T0), fresh numbering from 1001, the zone pinned to UTC.
Each ``run_before`` asserts that the dialog it pictures is the one on top, so a picture can
only ever show what its name says. The lead generates the SVGs (``--snapshot-update``).
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from textual.command import CommandPalette

from agent_tui.domain.escalation import Handover
from agent_tui.domain.severity import Severity
from agent_tui.screens.escalation import EscalationScreen
from agent_tui.screens.help import HelpScreen
from agent_tui.screens.report import ReportScreen
from agent_tui.screens.ticket import TicketScreen
from agent_tui.services import ticket_actions as ta
from agent_tui.services.saved_views import save_view
from agent_tui.services.ticket_queries import QueueFilter
from agent_tui.widgets.modals import FormModal
from agent_tui.widgets.severity_picker import SeverityPicker
from tests.conftest import FULL_CHECKLIST, T0, new_ticket
from tests.tui.conftest import make_app, settle

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]


@pytest.fixture(autouse=True)
def _utc(monkeypatch):
    """Times are shown in the local zone: pin it so the pictures are stable."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


async def steady(pilot) -> None:
    """Workers done, no blinking cursors, no toasts: the same picture every run."""
    await settle(pilot, pilot.app)
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    pilot.app.clear_notifications()
    await pilot.pause()


def working_ticket(ctx, clock) -> int:
    """An assigned ticket with a reply, a note and a filled checklist: every dialog can open on it."""
    new_ticket(ctx, subject="Cannot publish the inspection report", body="Publishing fails with error 503.")
    t = new_ticket(ctx, subject="Export to PDF shows wrong totals [/]", body="Totals differ from the screen.")
    ta.assign(ctx, t.number)
    ta.reply(ctx, t.number, "Thanks, we are looking into it.")
    ta.note(ctx, t.number, "Probably the cached rate table.")
    ta.update_checklist(ctx, t.number, FULL_CHECKLIST)
    clock.advance(hours=2)
    return t.number


def on_ticket(ctx, number: int, *keys: str, expect: type):
    """``run_before``: open the ticket, press ``keys``, and check the dialog on top is ``expect``."""

    async def run_before(pilot) -> None:
        await settle(pilot, pilot.app)
        pilot.app.open_ticket(number)
        await settle(pilot, pilot.app)
        assert isinstance(pilot.app.screen, TicketScreen)
        for key in keys:
            await pilot.press(key)
            await settle(pilot, pilot.app)
        await steady(pilot)
        assert type(pilot.app.screen) is expect, pilot.app.screen

    return run_before


class TestHelpScreen:
    @pytest.mark.parametrize("size", SIZES)
    def test_help_on_the_queue(self, ctx, clock, snap_compare, size):
        working_ticket(ctx, clock)

        async def run_before(pilot) -> None:
            await settle(pilot, pilot.app)
            await pilot.press("question_mark")
            await steady(pilot)
            assert isinstance(pilot.app.screen, HelpScreen)

        assert snap_compare(make_app(ctx), terminal_size=size, run_before=run_before)

    @pytest.mark.parametrize("size", SIZES)
    def test_help_on_a_ticket_greys_what_is_not_allowed_now(self, ctx, clock, snap_compare, size):
        number = working_ticket(ctx, clock)
        assert snap_compare(make_app(ctx), terminal_size=size,
                            run_before=on_ticket(ctx, number, "question_mark", expect=HelpScreen))


class TestCommandPalette:
    @pytest.mark.parametrize("size", SIZES)
    def test_palette_lists_the_queue_actions_and_saved_views(self, ctx, clock, snap_compare, size):
        working_ticket(ctx, clock)
        save_view("critical, mine", QueueFilter(severities=("critical",), assignee="alice"))

        async def run_before(pilot) -> None:
            await settle(pilot, pilot.app)
            await pilot.press("ctrl+p")
            await pilot.pause(0.3)
            await pilot.press(*"vi")
            await pilot.pause(0.5)
            await steady(pilot)
            assert isinstance(pilot.app.screen, CommandPalette)

        assert snap_compare(make_app(ctx), terminal_size=size, run_before=run_before)


class TestSlaReport:
    @pytest.mark.parametrize("size", SIZES)
    def test_report_by_severity(self, ctx, clock, snap_compare, size):
        answered = ta.assign(ctx, new_ticket(ctx, subject="Moderate one", severity=Severity.MODERATE).number)
        new_ticket(ctx, subject="Critical one", severity=Severity.CRITICAL)
        clock.set(T0 + timedelta(hours=1))
        ta.reply(ctx, answered.number, "on it")
        ta.solve(ctx, answered.number, "fixed", "Cleared the cache.")
        clock.set(T0 + timedelta(days=2))

        async def run_before(pilot) -> None:
            await settle(pilot, pilot.app)
            await pilot.press("R")
            await steady(pilot)
            assert isinstance(pilot.app.screen, ReportScreen)

        assert snap_compare(make_app(ctx), terminal_size=size, run_before=run_before)


class TestTicketDialogs:
    @pytest.mark.parametrize("size", SIZES)
    def test_hold_form(self, ctx, clock, snap_compare, size):
        number = working_ticket(ctx, clock)
        assert snap_compare(make_app(ctx), terminal_size=size, run_before=on_ticket(ctx, number, "h", expect=FormModal))

    @pytest.mark.parametrize("size", SIZES)
    def test_solve_form(self, ctx, clock, snap_compare, size):
        number = working_ticket(ctx, clock)
        assert snap_compare(make_app(ctx), terminal_size=size, run_before=on_ticket(ctx, number, "s", expect=FormModal))

    @pytest.mark.parametrize("size", SIZES)
    def test_propose_form(self, ctx, clock, snap_compare, size):
        number = working_ticket(ctx, clock)
        assert snap_compare(make_app(ctx), terminal_size=size, run_before=on_ticket(ctx, number, "x", expect=FormModal))

    @pytest.mark.parametrize("size", SIZES)
    def test_severity_picker(self, ctx, clock, snap_compare, size):
        number = working_ticket(ctx, clock)
        assert snap_compare(make_app(ctx), terminal_size=size,
                            run_before=on_ticket(ctx, number, "S", expect=SeverityPicker))

    @pytest.mark.parametrize("size", SIZES)
    def test_escalation_form(self, ctx, clock, snap_compare, size):
        number = working_ticket(ctx, clock)
        assert snap_compare(make_app(ctx), terminal_size=size,
                            run_before=on_ticket(ctx, number, "e", expect=EscalationScreen))

    @pytest.mark.parametrize("size", SIZES)
    def test_de_escalation_form(self, ctx, clock, snap_compare, size):
        number = working_ticket(ctx, clock)
        ta.escalate(ctx, number, "tier2", "potential_bug", Handover("Totals use the cached rates.", "Cleared it."))
        ta.assign(ctx.as_actor("bruno"), number, "bruno")
        assert snap_compare(make_app(ctx.as_actor("bruno")), terminal_size=size,
                            run_before=on_ticket(ctx, number, "e", expect=EscalationScreen))
