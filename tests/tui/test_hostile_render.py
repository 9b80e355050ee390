"""The screens draw hostile text literally: no control code reaches the terminal, nothing is markup, no crash.

Checked on what the compositor actually sends to the terminal (the same render
as a screenshot), for the queue, the ticket screen, the ``l`` saved-views
dropdown and the "changed by" toast — both for text written through the
services and for rows an older version stored raw.
"""

from __future__ import annotations

import io
import json

import pytest
from rich.console import Console
from rich.text import Text
from sqlalchemy import text as sql
from textual.widgets import Select

from agent_tui.services.saved_views import save_view, views_path
from agent_tui.screens.ticket import TicketScreen
from agent_tui.services import Context
from agent_tui.services import agents as agent_svc
from agent_tui.services import ticket_actions as ta
from agent_tui.services import intake as ti
from agent_tui.services import ticket_queries as tq
from agent_tui.services.ticket_queries import QueueFilter
from agent_tui.widgets.modals import FormModal
from tests.conftest import new_ticket
from tests.hostile import HOSTILE, assert_no_raw_controls, hostile_params
from tests.tui.conftest import make_app, settle

SIZE = (140, 40)
RAW = "x\x1b[2Jy \x1b]52;c;SGVsbG8=\x07 \x9b6n \u202eabc \x00"


def screen_text(app) -> str:
    """Everything the compositor would write to the terminal for the current screen, as text."""
    console = Console(width=app.size.width, height=app.size.height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text(styles=False)


def _agent(ctx: Context, text: str) -> str:
    name = ("ag" + "".join(text.split()))[:80]
    return agent_svc.upsert_agent(ctx, name, "tier1", display_name=text).name


def _hostile_ticket(ctx: Context, text: str) -> int:
    customer = ti.CustomerInput(email="h@example.com", name=text, company=text, plan=text[:40])
    d = new_ticket(ctx, subject=text[:1000] if text.strip() else "x", body=text, customer=customer,
                   language=text, tags=[text[:60]])
    actor = ctx.as_actor(_agent(ctx, text))
    ta.assign(actor, d.number)
    ta.note(actor, d.number, text)
    ta.update_checklist(actor, d.number, {"environment": text})
    return d.number


def _store_raw(ctx: Context, number: int) -> None:
    """What another tool or an older version could have written, bypassing the sanitizer."""
    with ctx.db.engine.begin() as conn:
        conn.execute(sql("UPDATE tickets SET subject = :v, tags = :t WHERE number = :n"),
                     {"v": RAW, "t": json.dumps([RAW]), "n": number})
        conn.execute(sql("UPDATE customers SET name = :v, company = :v"), {"v": RAW})
        conn.execute(sql("UPDATE agents SET name = :v WHERE name = 'alice'"), {"v": "alice" + RAW})
        conn.execute(sql("UPDATE messages SET body = :v, author = :v"), {"v": RAW})
        conn.execute(sql("UPDATE audit_events SET actor = :v"), {"v": RAW})


@pytest.mark.parametrize("text", hostile_params())
async def test_queue_and_ticket_screen_draw_hostile_text_without_control_codes(ctx, text):
    number = _hostile_ticket(ctx, text)
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert_no_raw_controls(screen_text(app), "the queue")
        app.open_ticket(number)
        await settle(pilot, app)
        assert app.is_running and isinstance(app.screen, TicketScreen)
        assert_no_raw_controls(screen_text(app), "the ticket screen")


async def test_rows_stored_raw_by_an_older_version_are_drawn_sanitized(ctx):
    number = new_ticket(ctx).number
    ta.assign(ctx, number)
    ta.note(ctx, number, "plain")
    _store_raw(ctx, number)
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        shown = screen_text(app)
        assert_no_raw_controls(shown, "the queue")
        assert "␛[2J" in shown  # visible placeholder, not dropped
        app.open_ticket(number)
        await settle(pilot, app)
        assert app.is_running
        assert_no_raw_controls(screen_text(app), "the ticket screen")


@pytest.mark.parametrize("raw_file", [False, True], ids=["saved-in-app", "hand-edited-file"])
async def test_views_dropdown_draws_hostile_view_names_literally(ctx, raw_file):
    names = [t for _, t in HOSTILE if t.strip()][:34]
    if raw_file:
        views_path().parent.mkdir(parents=True, exist_ok=True)
        views_path().write_text(json.dumps({n: {"statuses": ["new"]} for n in names}), encoding="utf-8")
    else:
        for n in names:
            save_view(n, QueueFilter())
        stored = json.loads(views_path().read_text(encoding="utf-8"))
        for n in stored:
            assert_no_raw_controls(n, "a stored view name")
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("l")
        await settle(pilot, app)
        assert isinstance(app.screen, FormModal)
        select = app.screen.query_one(Select)
        select.expanded = True
        await settle(pilot, app)
        assert_no_raw_controls(screen_text(app), "the views dropdown")
        await pilot.press("end")  # the last options, scrolled into view
        await settle(pilot, app)
        assert_no_raw_controls(screen_text(app), "the views dropdown (end)")
        prompts = [p.plain if isinstance(p, Text) else str(p) for p, _ in select._options]
        for prompt in prompts:
            assert_no_raw_controls(prompt, "a dropdown option")
        assert "[bold red]x[/]" in prompts and "[@click=app.quit]x[/]" in prompts  # literal, not markup
        await pilot.press("escape", "escape")
        await settle(pilot, app)
        assert app.is_running


@pytest.mark.parametrize("actor", ["x\x1b[2Jy", "a\x1b]52;c;SGVsbG8=\x07b", "[bold red]x[/]", "\u202eevil"])
async def test_changed_by_toast_shows_the_actor_literally(ctx, actor):
    number = new_ticket(ctx).number
    ta.assign(ctx, number)
    name = _agent(ctx, actor)
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.open_ticket(number)
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, TicketScreen)
        ta.assign(ctx.as_actor(name), number, name)  # another agent takes it meanwhile
        with ctx.db.engine.begin() as conn:  # ... and an older client recorded its name raw
            conn.execute(sql("UPDATE audit_events SET actor = :v WHERE id = (SELECT max(id) FROM audit_events)"),
                         {"v": actor})
        screen._live_loaded(tq.get_ticket(ctx, number))
        await settle(pilot, app)
        messages = [f"{n.title} {n.message}" for n in app._notifications]
        assert any("changed by" in m for m in messages), messages
        for m in messages:
            assert_no_raw_controls(m, "a toast")
        shown = screen_text(app)
        assert_no_raw_controls(shown, "the screen with the toast")
        if actor.startswith("["):
            assert actor in shown
        assert app.is_running
