"""Issue 16 in the running app (Pilot, SQLite): the SLA warning reaches the assignee (or, unassigned, every
agent of the ticket's tier) as an alert, the queue flags the ticket, ``L`` logs a call that counts as a
response, and the report screen shows the update statistics and the time paused per day.

Calendar berlin-office (Mon-Fri 09:00-17:00, CET = UTC+1); T0 is Mon 2 Mar 2026 10:00 CET.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import DataTable, Select, Static, TextArea

from agent_tui.domain.severity import Severity
from agent_tui.screens.report import ReportScreen
from agent_tui.services import intake as ti
from agent_tui.services import ticket_actions as ta
from agent_tui.services import ticket_queries as tq
from agent_tui.widgets.modals import FormModal
from tests.conftest import T0, new_ticket
from tests.sla.helpers import install_policy, utc
from tests.tui.conftest import make_app, settle

WARNED = """[policy.warned]
calendar = "berlin-office"
pending_autosolve_days = 3
solved_autoclose_days = 4
responses = ["reply", "phone"]
[[policy.warned.target]]
first_response_hours = 4
next_update_hours = 8
resolution_hours = 72
[policy.warned.warn_before]
first_response = 30
"""


@pytest.fixture
def backend() -> str:
    return "sqlite"


def alerts(app) -> list[str]:
    return [n.message for n in app._notifications if n.title == "SLA warning"]


class TestWarningsInTheApp:
    async def test_the_assignee_sees_the_alert_and_the_queue_flags_the_ticket(self, ctx, clock):
        install_policy(ctx, WARNED)
        mine = ta.assign(ctx, new_ticket(ctx, severity=Severity.MODERATE).number)  # first response Mon 14:00 CET
        clock.set(utc(2026, 3, 2, 12, 30))  # Mon 13:30 CET: 30 business minutes before the breach
        app = make_app(ctx)  # the app sweeps once on start (and every minute): the warning fires
        async with app.run_test(size=(120, 30)) as pilot:
            await settle(pilot, app)
            assert alerts(app) == [f"#{mine.number} first response due 2026-03-02 13:00 (yours): "
                                   "Export to PDF shows wrong totals"]
            assert "⚠ 1 near an SLA breach" in app.sub_title
            table = app.screen.query_one(DataTable)
            assert str(table.get_cell(str(mine.number), "sla")) == "FR ⚠30m"
            app.run_sweep()  # a later round does not repeat the alert
            await settle(pilot, app)
            assert len(alerts(app)) == 1

    async def test_unassigned_every_agent_of_its_tier_is_alerted_and_no_one_else(self, ctx, clock):
        install_policy(ctx, WARNED)
        ticket = new_ticket(ctx, severity=Severity.MODERATE)  # Tier 1, unassigned
        clock.set(utc(2026, 3, 2, 12, 30))
        for agent, expected in (("bob", 1), ("erik", 0)):  # bob is Tier 1, erik Engineering
            app = make_app(ctx.as_actor(agent))
            async with app.run_test(size=(120, 30)) as pilot:
                await settle(pilot, app)
                got = alerts(app)
                assert len(got) == expected, (agent, got)
                if expected:
                    assert f"#{ticket.number} first response" in got[0] and "(unassigned, your tier)" in got[0]


class TestLoggingACall:
    async def test_l_logs_a_call_that_meets_the_first_response(self, ctx, clock):
        install_policy(ctx, WARNED)  # this team counts phone calls as responses
        d = ta.assign(ctx, new_ticket(ctx, severity=Severity.MODERATE).number)
        clock.set(T0 + timedelta(hours=1))  # Mon 11:00 CET, first response due 14:00
        app = make_app(ctx)
        async with app.run_test(size=(120, 40)) as pilot:
            app.open_ticket(d.number)
            await settle(pilot, app)
            await pilot.press("L")
            await settle(pilot, app)
            assert isinstance(app.screen, FormModal)
            assert app.screen.query_one("#field-via", Select).value == "phone"
            app.screen.query_one("#field-summary", TextArea).text = "Called: the workaround works"
            await pilot.press("ctrl+s")
            await settle(pilot, app)
            detail = app.screen.detail
            assert detail.first_response.met_at == T0 + timedelta(hours=1)
            assert detail.messages[-1].kind == "phone"
            items = [str(w.render()) for w in app.screen.query_one("#timeline").query("Static")]
            assert any("phone call · alice" in i and "the workaround works" in i for i in items), items
        assert tq.get_ticket(ctx, d.number).first_response.text(clock.now()) == "met"


class TestReportScreen:
    async def test_the_report_shows_update_times_and_the_time_paused_per_day(self, ctx, clock):
        d = ta.assign(ctx, new_ticket(ctx, severity=Severity.MODERATE).number)
        clock.set(T0 + timedelta(hours=1))  # Mon 11:00 CET: first response; next update due Tue 11:00 CET
        ta.reply(ctx, d.number, "On it")
        clock.set(T0 + timedelta(hours=3))  # Mon 13:00 CET: the update, 120 business minutes after, met
        ta.request_info(ctx, d.number, "Which browser?")
        clock.set(utc(2026, 3, 3, 9))  # Tue 10:00 CET: the answer; paused Mon 13-17 (4 h) and Tue 09-10 (1 h)
        ti.customer_message(ctx, d.number, "Firefox")
        app = make_app(ctx)
        async with app.run_test(size=(160, 50)) as pilot:
            await settle(pilot, app)
            await pilot.press("R")
            await settle(pilot, app)
            screen = app.screen
            assert isinstance(screen, ReportScreen)
            table = screen.query_one("#report-groups", DataTable)
            headers = [str(c.label) for c in table.columns.values()]
            assert headers[5:8] == ["updates ok", "median", "p90"]
            total = [str(x) for x in table.get_row_at(table.row_count - 1)]
            assert total[5:8] == ["100.0 % (1/1)", "2h 00m", "2h 00m"]
            paused = str(screen.query_one("#report-paused-label", Static).render())
            assert paused.endswith("total 5h 00m · 02 Mar 4h 00m (1), 03 Mar 1h 00m (1)")
