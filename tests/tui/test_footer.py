"""The footer at 80 and 120 columns: the most important keys of the screen first, as many as fit, and
always ``?`` (help) and the command palette — on a narrow terminal they used to run off the edge."""

from __future__ import annotations

import pytest

from agent_tui.screens.escalation import TierBoardScreen
from agent_tui.screens.report import ReportScreen
from agent_tui.widgets.footer import fitting, key_width
from tests.conftest import new_ticket
from tests.tui.conftest import make_app, settle
from agent_tui.services import ticket_actions as ta

SIZES = [(80, 24), (120, 40)]


def footer_line(app) -> str:
    from tests.i18n.test_pseudo_locale import screen_text

    return screen_text(app).splitlines()[-1]


def test_keys_that_do_not_fit_are_left_out_whole_from_the_end():
    keys = [("r", "Reply"), ("i", "Note"), ("s", "Solve"), ("e", "Escalate")]
    assert key_width("r", "Reply") == 9
    assert fitting(keys, 9 + 8 + 9) == 3
    assert fitting(keys, 9 + 8 + 8) == 2  # "s Solve" does not fit: neither does anything after it
    assert fitting(keys, 0) == 0


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_screen_shows_help_and_the_palette(ctx, size):
    t = new_ticket(ctx)
    ta.assign(ctx, t.number)
    app = make_app(ctx)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        line = footer_line(app)
        assert "? Help" in line and "^p" in line and "/ Filter" in line, line
        app.open_ticket(t.number)
        await settle(pilot, app)
        line = footer_line(app)
        assert "? Help" in line and "^p" in line, line
        assert line.index("r Reply") < line.index("i Note") < line.index("s Solve")  # most used first
        app.push_screen(TierBoardScreen(ctx))
        await settle(pilot, app)
        assert "? Help" in footer_line(app)
        app.push_screen(ReportScreen(ctx))
        await settle(pilot, app)
        assert "? Help" in footer_line(app)


async def test_a_wider_terminal_shows_more_keys(ctx):
    t = new_ticket(ctx)
    ta.assign(ctx, t.number)
    shown = {}
    for width in (80, 160):
        app = make_app(ctx)
        async with app.run_test(size=(width, 30)) as pilot:
            app.open_ticket(t.number)
            await settle(pilot, app)
            shown[width] = footer_line(app)
    assert "h Hold" not in shown[80] and "h Hold" in shown[160]
    assert "S Severity" in shown[160] and "C Checklist" in shown[160]


class TestQueueColumnsBySpace:
    def test_narrow_drops_customer_then_assignee_then_tier_and_never_the_countdowns(self):
        from agent_tui.widgets.ticket_table import column_widths, visible_columns

        widths = column_widths()
        wide = visible_columns(120, widths)
        assert wide == ["number", "subject", "customer", "severity", "status", "tier", "assignee", "sla", "auto"]
        assert "customer" not in visible_columns(100, widths) and "assignee" in visible_columns(100, widths)
        narrow = visible_columns(80, widths)
        assert narrow[:2] == ["number", "subject"] and narrow[-2:] == ["sla", "auto"]
        assert "customer" not in narrow and "assignee" not in narrow

    async def test_the_sla_column_is_whole_at_80_columns_and_follows_a_resize(self, ctx):
        from agent_tui.widgets.ticket_table import TicketTable

        for i in range(3):
            new_ticket(ctx, subject=f"Printer {i}")
        app = make_app(ctx)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, app)
            table = app.screen.query_one(TicketTable)
            keys = [c.key.value for c in table.columns.values()]
            assert "sla" in keys and "auto" in keys and "customer" not in keys
            assert table.columns.get("sla").width == 14  # type: ignore[union-attr]
            await pilot.resize_terminal(130, 30)
            await settle(pilot, app)
            assert "customer" in [c.key.value for c in table.columns.values()]
            assert table.row_count == 3
