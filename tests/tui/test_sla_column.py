"""The SLA column, the ticket header and the help screen agree on the clock that matters now."""

from __future__ import annotations

from datetime import timedelta

import pytest
from zoneinfo import ZoneInfo
from textual.widgets import Static

from agent_tui.domain.severity import Severity
from agent_tui.screens.escalation import TierBoardScreen
from agent_tui.screens.help import HelpScreen
from agent_tui.screens.ticket import TicketScreen
from agent_tui.services import ticket_actions as ta
from agent_tui.widgets.ticket_table import TicketTable
from tests.conftest import T0, new_ticket
from tests.tui.conftest import make_app, settle

SIZE = (140, 40)


@pytest.fixture(autouse=True)
def _berlin_agent(ctx) -> None:
    ctx.tz = ZoneInfo("Europe/Berlin")  # the agent's zone, as config.agent_timezone sets it at start


async def test_help_explains_every_symbol_of_the_sla_column(ctx):
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        legend = str(app.screen.query_one("#sla-legend", Static).render())
        for symbol, meaning in (("FR", "first response"), ("upd", "next update"), ("res", "resolution"),
                                ("⏸", "paused"), ("☾", "business hours"), ("▶", "header")):
            line = next((ln for ln in legend.splitlines() if ln.startswith(symbol + " ")), "")
            assert meaning in line, (symbol, legend)


async def test_queue_cell_header_and_tier_board_name_the_next_update_clock(ctx, clock):
    clock.set(T0)
    number = ta.assign(ctx, new_ticket(ctx, severity=Severity.MODERATE).number).number
    clock.set(T0 + timedelta(hours=1))
    ta.reply(ctx, number, "Looking into it")  # next update due in 8 h, resolution in 71 h
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        table = app.screen.query_one(TicketTable)
        cell = table.get_cell(str(number), "sla")
        assert cell.plain == "upd 8h 00m"
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, TicketScreen)
        head = str(app.screen.query_one("#head", Static).render())
        assert "▶ next update: 8h 00m business" in head
        assert "▶ resolution" not in head and "resolution: 71h 00m business" in head
        await pilot.press("escape")
        await settle(pilot, app)
        app.push_screen(TierBoardScreen(ctx))
        await settle(pilot, app)
        board = app.screen.query_one("#table-tier1")
        assert "upd 8h 00m" in board.get_cell(str(number), "ticket").plain.splitlines()[0]
