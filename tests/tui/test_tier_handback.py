"""Seed 003 on screen: Engineering resolves, the ticket goes back to the Tier 1 agent, whose header
and solve form carry the resolution to tell the customer (the ``tiered`` preset)."""

from __future__ import annotations

from textual.widgets import Select, TextArea

from agent_tui.domain.escalation import Handover
from agent_tui.services import config_store
from agent_tui.services import outbox
from agent_tui.services import ticket_actions as ta
from agent_tui.services import ticket_queries as tq
from agent_tui.widgets.ticket_header import TicketHeader
from tests.conftest import new_ticket
from tests.tui.conftest import make_app, settle

SIZE = (120, 40)
FACTS = {"symptoms": "wrong totals", "reproduction_steps": "export", "error_message": "none",
         "recent_changes": "4.2 upgrade"}


def at_engineering(ctx) -> int:
    config_store.use_policy(ctx.as_actor("system"), "tiered")
    t = new_ticket(ctx)
    ta.assign(ctx, t.number)
    ta.update_checklist(ctx, t.number, FACTS)
    ta.escalate(ctx, t.number, "tier2", "potential_bug", Handover("rounding", "logs read"))
    bruno = ctx.as_actor("bruno")
    ta.assign(bruno, t.number)
    ta.escalate(bruno, t.number, "engineering", "code_change", Handover("rounding per line", "traced"))
    ta.assign(ctx.as_actor("erik"), t.number)
    return t.number


async def test_engineering_resolves_and_tier1_tells_the_customer(ctx):
    number = at_engineering(ctx)
    erik = ctx.as_actor("erik")
    app = make_app(erik)
    async with app.run_test(size=SIZE) as pilot:
        app.open_ticket(number)
        await settle(pilot, app)
        await pilot.press("s")
        await pilot.pause()
        assert "back to Tier 1" in str(app.screen.query_one(".form-title").render())
        app.screen.query_one("#field-resolution", TextArea).text = "Fixed in 4.2.3, deployed."
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.screen.detail.row.tier == "tier1"
    assert not [m for m in outbox.list_outbox(ctx, ticket=number) if m.kind == "solution"]

    app = make_app(ctx)  # alice, who escalated it
    async with app.run_test(size=SIZE) as pilot:
        app.open_ticket(number)
        await settle(pilot, app)
        header = str(app.screen.query_one(TicketHeader).render())
        assert "resolved by erik" in header and "Fixed in 4.2.3" in header
        await pilot.press("s")
        await pilot.pause()
        assert app.screen.query_one("#field-resolution", TextArea).text == "Fixed in 4.2.3, deployed."
        assert app.screen.query_one("#field-outcome", Select).value == "fixed"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.screen.detail.row.status == "solved"
    solution = [m for m in outbox.list_outbox(ctx, ticket=number) if m.kind == "solution"]
    assert len(solution) == 1
    assert "Fixed in 4.2.3, deployed." in outbox.show(ctx, solution[0].id)[0].body
    assert tq.get_ticket(ctx, number).outcome == "fixed"
