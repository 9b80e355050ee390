"""The SLA report screen: R from the queue, groups, weekly sparklines, breaches (Pilot, SQLite)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import DataTable, Sparkline, Static

from agent_tui.domain.severity import Severity
from agent_tui.screens.queue import QueueScreen
from agent_tui.screens.report import ReportScreen
from agent_tui.services import ticket_actions as ta
from tests.conftest import T0, new_ticket
from tests.tui.conftest import make_app, settle


@pytest.fixture
def backend() -> str:
    return "sqlite"


class TestReportScreen:
    async def test_r_from_the_queue_shows_the_sla_report_and_g_regroups(self, ctx, clock):
        answered = ta.assign(ctx, new_ticket(ctx, severity=Severity.MODERATE).number)
        new_ticket(ctx, severity=Severity.CRITICAL)
        clock.set(T0 + timedelta(hours=1))
        ta.reply(ctx, answered.number, "on it")
        clock.set(T0 + timedelta(days=2))  # the critical ticket's clocks ran out unanswered
        app = make_app(ctx)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot, app)
            assert isinstance(app.screen, QueueScreen)
            await pilot.press("R")
            await settle(pilot, app)
            screen = app.screen
            assert isinstance(screen, ReportScreen)
            table = screen.query_one("#report-groups", DataTable)
            keys = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
            assert keys == ["critical", "moderate", "all"]
            assert str(table.get_row_at(1)[2]) == "100.0 % (1/1)"
            assert screen.query_one("#report-handled", Sparkline).data == [2.0]
            breaches = str(screen.query_one("#report-breaches", Static).render())
            # the critical ticket's two clocks, and (issue 16: update breaches are reported too) the answered
            # ticket's next update, due Tue 11:00 CET (8 business hours after Mon 11:00 CET) and never given
            assert "Breaches: 3" in breaches and "next update: due 2026-03-03 10:00, not done" in breaches
            await pilot.press("o")
            await settle(pilot, app)
            keys = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
            assert keys == ["Tier 1", "all"]  # a tier shown by its label
            await pilot.press("escape")
            await settle(pilot, app)
            assert isinstance(app.screen, QueueScreen)
