"""Live updates in the TUI: another client's commit shows within a second; drafts survive; presence.

The "other agent" is a second :class:`Context` on its own connection pool (a
second process in real life): on SQLite the app's ``SqliteWatcher`` sees its
commits through ``PRAGMA data_version``; on PostgreSQL ``LISTEN/NOTIFY``.
"""

from __future__ import annotations

import asyncio
import threading

import pytest
from textual.widgets import Static, TextArea

from agent_tui.screens.queue import QueueScreen
from agent_tui.screens.ticket import TicketScreen
from agent_tui.services import presence
from agent_tui.services import ticket_actions as ta
from agent_tui.services import ticket_queries as tq
from agent_tui.services.context import Context
from agent_tui.store.changes import Change
from agent_tui.store.db import open_database
from agent_tui.widgets.modals import ComposerModal
from agent_tui.widgets.ticket_table import TicketTable
from tests.conftest import new_ticket
from tests.tui.conftest import make_app, settle, wait_for

SIZE = (120, 40)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def bruno(ctx: Context):
    """Another agent's session: its own engine on the same database."""
    db = open_database(ctx.db.engine.url.render_as_string(hide_password=False))
    yield Context(db, ctx.clock, "bruno")
    db.dispose()


def notes(app) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


def timeline_text(screen: TicketScreen) -> str:
    return "\n".join(str(w.render()) for w in screen.query("#timeline Static"))


def head_text(screen: TicketScreen) -> str:
    return str(screen.query_one("#head", Static).render())


async def live_ready(pilot, app) -> None:
    """The watcher has taken its baseline (SQLite: first data_version read; PostgreSQL: LISTEN)."""
    await settle(pilot, app)
    if not app.ctx.db.is_sqlite:
        await wait_for(pilot, lambda: app.live_status == "live", timeout=5)
    await asyncio.sleep(0.2)


class TestLiveQueue:
    async def test_another_agents_new_ticket_and_change_show_within_a_second(self, ctx, bruno):
        first = new_ticket(ctx, subject="Printer jams")
        app = make_app(ctx, live=True)
        async with app.run_test(size=SIZE) as pilot:
            await live_ready(pilot, app)
            table = app.screen.query_one(TicketTable)
            assert [r.number for r in table.rows_data] == [first.number]
            new = new_ticket(bruno, subject="VPN is down")
            took = await wait_for(pilot, lambda: new.number in [r.number for r in table.rows_data])
            assert took < 1.2
            table.move_cursor(row=[r.number for r in table.rows_data].index(first.number))
            ta.assign(bruno, first.number, "bob")
            await wait_for(pilot, lambda: any(r.number == first.number and r.assignee == "bob"
                                              for r in table.rows_data))
            assert table.current is not None and table.current.number == first.number  # cursor kept
            assert isinstance(app.screen, QueueScreen)


class TestLiveTicket:
    async def test_a_change_shows_and_the_open_draft_is_kept(self, ctx, bruno):
        t = new_ticket(ctx)
        ta.assign(ctx, t.number)
        app = make_app(ctx, live=True)
        async with app.run_test(size=SIZE) as pilot:
            app.open_ticket(t.number)
            await live_ready(pilot, app)
            screen = app.screen
            assert isinstance(screen, TicketScreen)
            await pilot.press("r")
            await pilot.pause()
            await pilot.press(*"My careful answer")
            ta.note(bruno, t.number, "bruno looked at the logs")
            # (how fast is test_another_agents_new_ticket_and_change_show_within_a_second's promise; here: the draft)
            await wait_for(pilot, lambda: "bruno looked at the logs" in timeline_text(screen), timeout=5)
            # the ticket under the composer reloaded; the composer and its draft did not
            assert isinstance(app.screen, ComposerModal)
            assert app.screen.query_one(TextArea).text == "My careful answer"
            # the toast is a posted message: it follows the re-render by a message-loop turn
            await wait_for(pilot, lambda: any("bruno" in n for n in notes(app)))
            # the send is still checked against the version the agent opened the composer on
            await pilot.press("ctrl+s")
            await settle(pilot, app)
            assert isinstance(app.screen, ComposerModal)
            assert app.screen.query_one(TextArea).text == "My careful answer"
            assert any("changed" in n.lower() and "bruno" in n for n in notes(app))
            await pilot.press("ctrl+s")  # told who changed what, reloaded: the retry goes through
            await settle(pilot, app)
            assert isinstance(app.screen, TicketScreen)
            assert tq.get_ticket(ctx, t.number).messages[-1].body == "My careful answer"

    async def test_a_change_to_another_ticket_does_not_rerender(self, ctx, bruno):
        t = new_ticket(ctx)
        other = new_ticket(ctx, subject="Other")
        app = make_app(ctx, live=True)
        async with app.run_test(size=SIZE) as pilot:
            app.open_ticket(t.number)
            await live_ready(pilot, app)
            screen = app.screen
            shown = screen.detail
            ta.note(bruno, other.number, "elsewhere")
            await pilot.pause(0.8)
            await settle(pilot, app)
            assert screen.detail is shown or screen.detail.version == shown.version


class TestPresence:
    async def test_also_open_shows_the_other_agent(self, ctx, bruno):
        t = new_ticket(ctx)
        presence.heartbeat(bruno, t.number, "bruno-laptop")
        app = make_app(ctx, live=True)
        async with app.run_test(size=SIZE) as pilot:
            app.open_ticket(t.number)
            await settle(pilot, app)
            screen = app.screen
            await wait_for(pilot, lambda: "also open: bruno" in head_text(screen))
            assert presence.viewers(bruno, t.number, "bruno-laptop") == ["alice"]  # alice's heartbeat
            await pilot.press("escape")
            await settle(pilot, app)
            await wait_for(pilot, lambda: presence.viewers(bruno, t.number, "bruno-laptop") == [])  # left

    async def test_a_newcomer_shows_up_live_on_sqlite(self, ctx, bruno, backend):
        if backend != "sqlite":
            pytest.skip("PostgreSQL: presence is refreshed by the 15 s heartbeat (no NOTIFY for presence)")
        t = new_ticket(ctx)
        app = make_app(ctx, live=True)
        async with app.run_test(size=SIZE) as pilot:
            app.open_ticket(t.number)
            await live_ready(pilot, app)
            screen = app.screen
            assert "also open" not in head_text(screen)
            presence.heartbeat(bruno, t.number, "bruno-laptop")
            await wait_for(pilot, lambda: "also open: bruno" in head_text(screen))


class FakeWatcher:
    """Stands in for Database.watch: the test drives the callbacks from another thread, like the real one."""

    def __init__(self) -> None:
        self.on_change = self.on_status = None
        self.stopped = False

    def __call__(self, on_change, on_status):
        self.on_change, self.on_status = on_change, on_status
        return self

    def stop(self) -> None:
        self.stopped = True

    async def from_thread(self, pilot, fn, *args) -> None:
        """Call ``fn`` on another thread (call_from_thread blocks it until the app's loop ran the call)."""
        th = threading.Thread(target=fn, args=args)
        th.start()
        while th.is_alive():
            await pilot.pause(0.01)


class TestReconnectStatus:
    async def test_header_reports_reconnecting_then_live_and_reloads(self, ctx, backend):
        if backend != "sqlite":
            pytest.skip("the fake watcher does not depend on the backend")
        t = new_ticket(ctx)
        fake = FakeWatcher()
        app = make_app(ctx, live=True, watch=fake)
        async with app.run_test(size=SIZE) as pilot:
            app.open_ticket(t.number)
            await settle(pilot, app)
            screen = app.screen
            await pilot.press("r")
            await pilot.pause()
            await pilot.press(*"typed while offline")
            await fake.from_thread(pilot, fake.on_status, "live")
            await pilot.pause()
            assert app.sub_title.endswith("live")
            await fake.from_thread(pilot, fake.on_status, "reconnecting: server closed the connection unexpectedly")
            await pilot.pause()
            assert "reconnecting" in app.sub_title
            ta.note(ctx.as_actor("bruno"), t.number, "missed while offline")  # its NOTIFY is lost
            await pilot.pause(0.3)
            assert "missed while offline" not in timeline_text(screen)
            await fake.from_thread(pilot, fake.on_status, "live")
            await fake.from_thread(pilot, fake.on_change, Change(()))  # the watcher's reload-all after a reconnect
            await wait_for(pilot, lambda: "missed while offline" in timeline_text(screen))
            assert app.sub_title.endswith("live")
            assert any("Reconnected" in n for n in notes(app))
            assert app.screen.query_one(TextArea).text == "typed while offline"
        assert fake.stopped


class TestOwnSweep:
    """The app's own sweep commits in batches; the watcher reports each like another client's change. While
    it runs, changes are held and told at most every LIVE_WHILE_SWEEPING seconds, and at its end."""

    async def test_changes_while_sweeping_are_told_once_per_interval_and_at_the_end(self, ctx, monkeypatch):
        new_ticket(ctx)
        app = make_app(ctx)
        monkeypatch.setattr(app, "LIVE_WHILE_SWEEPING", 1.0)
        reloads: list[float] = []
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            screen = app.screen
            assert isinstance(screen, QueueScreen)
            real = screen.reload
            monkeypatch.setattr(screen, "reload", lambda *a, **k: (reloads.append(1), real(*a, **k)))
            app.sweeping = True  # as run_sweep does in its thread
            for n in range(5):
                app.tickets_changed((n + 1,), "system")
                await pilot.pause(0.02)
            assert app._held_change == ((1, 2, 3, 4, 5), "system")  # held, merged
            assert reloads == []
            await wait_for(pilot, lambda: reloads, timeout=3)  # at the interval's end
            await pilot.pause(0.3)
            assert len(reloads) == 1  # one reload for the five changes
            app.tickets_changed((), "")  # SQLite: "something changed"
            app._sweep_ended()  # the end tells what is held at once
            await pilot.pause(0.3)
            assert len(reloads) == 2
            app.tickets_changed((9,), "bruno")  # no sweep: told at once, as before
            await wait_for(pilot, lambda: len(reloads) == 3, timeout=2)

    async def test_run_sweep_marks_the_sweep_and_clears_it(self, ctx):
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            app.run_sweep()
            await settle(pilot, app)
            assert app.sweeping is False and app._held_change is None
