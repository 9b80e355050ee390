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
