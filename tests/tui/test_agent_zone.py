"""One agent time zone everywhere: set at the edge (AGENT_TUI_TZ, then config.toml's timezone, then the
machine's zone), carried in the Context, shown in the header; timeline, countdowns and report use it."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from textual.widgets import Static

from agent_tui.config import agent_timezone
from agent_tui.errors import ConfigError
from agent_tui.locations import config_file
from agent_tui.screens.ticket import TicketScreen
from agent_tui.services import ticket_queries as tq
from agent_tui.services.report import breach_line, title
from tests.conftest import new_ticket
from tests.tui.conftest import make_app, settle

BERLIN = ZoneInfo("Europe/Berlin")


def write_config(text: str) -> None:
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


class TestWhereTheZoneComesFrom:
    def test_the_environment_then_the_file_then_the_machine(self, monkeypatch):
        monkeypatch.delenv("AGENT_TUI_TZ", raising=False)
        write_config('timezone = "America/Sao_Paulo"\n')
        assert agent_timezone() == ZoneInfo("America/Sao_Paulo")
        monkeypatch.setenv("AGENT_TUI_TZ", "Europe/Berlin")
        assert agent_timezone() == BERLIN
        write_config("")
        monkeypatch.delenv("AGENT_TUI_TZ")
        assert agent_timezone() is not None  # the machine's zone (tzlocal), else UTC

    def test_a_wrong_name_in_the_file_names_the_file_and_key(self, monkeypatch):
        monkeypatch.delenv("AGENT_TUI_TZ", raising=False)
        write_config('timezone = "Europe/Berlim"\n')
        with pytest.raises(ConfigError) as exc:
            agent_timezone()
        assert str(config_file()) in exc.value.message and "timezone" in exc.value.message
        assert "'Europe/Berlim' is not a time zone" in exc.value.message

    def test_a_wrong_name_in_the_environment_says_so(self):
        with pytest.raises(ConfigError) as exc:
            agent_timezone({"AGENT_TUI_TZ": "Mars/Olympus"})
        assert exc.value.message.startswith("AGENT_TUI_TZ = 'Mars/Olympus' is not a time zone")


async def test_header_timeline_and_countdown_use_the_agents_zone(ctx, clock):
    ctx.tz = BERLIN  # 09:00 UTC on 2 March is 10:00 in Berlin
    t = new_ticket(ctx)
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert "Europe/Berlin" in app.sub_title
        app.open_ticket(t.number)
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, TicketScreen)
        timeline = "\n".join(str(w.render()) for w in screen.query("#timeline Static"))
        assert "2026-03-02 10:00" in timeline and "2026-03-02 09:00" not in timeline
    assert "CET" in tq.get_ticket(ctx, t.number).first_response.text(clock.now())


def test_the_report_is_in_the_agents_zone(ctx, clock):
    from datetime import timedelta

    from agent_tui.services.report import sla_report

    ctx.tz = BERLIN
    new_ticket(ctx)
    clock.advance(timedelta(days=3))
    rep = sla_report(ctx, clock.now() - timedelta(days=7), clock.now())
    assert "Europe/Berlin" in title(rep, ctx.tz) and "UTC" not in title(rep, ctx.tz)
    assert rep.breaches, "three days unanswered breach the first response"
    for b in rep.breaches:
        assert b.due_at.astimezone(BERLIN).strftime("%H:%M") in breach_line(b, ctx.tz)
