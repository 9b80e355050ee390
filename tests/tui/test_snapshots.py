"""Snapshots of the queue and the ticket screen at two terminal sizes, on a fixed store and a fixed clock."""

from __future__ import annotations

import time

import pytest

from agent_tui.services import ticket_actions as ta
from tests.conftest import new_ticket
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


def _store(ctx, clock) -> int:
    new_ticket(ctx, subject="Cannot publish the inspection report", body="Publishing fails with error 503.")
    wide = new_ticket(ctx, subject="打印机坏了 🖨️ printer broken", body="")
    t = new_ticket(ctx, subject="[bold red]boom [/] [@click=app.quit]x[/]",
                   body="Steps:\n1. open\n2. publish\n\x1b[2J escape \x1b]8;;http://evil\x07link\x1b]8;;\x07")
    ta.assign(ctx, t.number)
    ta.reply(ctx, t.number, "Thanks, we are looking into it.")
    ta.note(ctx, t.number, "Probably the CDN again.")
    ta.assign(ctx, wide.number)
    ta.request_info(ctx, wide.number, "Which printer model?")
    clock.advance(hours=2)
    return t.number


class TestQueueSnapshot:
    @pytest.mark.parametrize("size", SIZES)
    def test_queue(self, ctx, clock, snap_compare, size):
        _store(ctx, clock)
        app = make_app(ctx)

        async def ready(pilot):
            await settle(pilot, app)

        assert snap_compare(app, terminal_size=size, run_before=ready)


class TestTicketSnapshot:
    @pytest.mark.parametrize("size", SIZES)
    def test_ticket(self, ctx, clock, snap_compare, size):
        number = _store(ctx, clock)
        app = make_app(ctx)

        async def ready(pilot):
            await settle(pilot, app)
            app.open_ticket(number)
            await settle(pilot, app)

        assert snap_compare(app, terminal_size=size, run_before=ready)
