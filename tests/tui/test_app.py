"""Pilot stories: an agent works the queue and a ticket with the keyboard."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Input, Static, TextArea

from agent_tui.screens.queue import QueueScreen
from agent_tui.services.saved_views import load_views
from agent_tui.screens.ticket import TicketScreen
from agent_tui.services import ticket_actions as ta
from agent_tui.services import intake as ti
from agent_tui.services import ticket_queries as tq
from agent_tui.widgets.modals import ComposerModal
from agent_tui.widgets.ticket_table import TicketTable
from tests.conftest import FULL_CHECKLIST, new_ticket
from tests.tui.conftest import make_app, settle, wait_for

SIZE = (120, 40)


def notes(app) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


def timeline_text(screen: TicketScreen) -> str:
    return "\n".join(str(w.render()) for w in screen.query("#timeline Static"))


class TestQueue:
    async def test_opens_on_the_queue_sorted_with_title(self, ctx):
        for i in range(3):
            new_ticket(ctx, subject=f"Printer {i}")
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            assert isinstance(app.screen, QueueScreen)
            assert app.screen.title == "Queue — 3 tickets"
            table = app.screen.query_one(TicketTable)
            assert table.row_count == 3
            assert "alice" in app.sub_title and "Tier 1" in app.sub_title

    async def test_j_k_and_enter_open_the_ticket(self, ctx):
        numbers = [new_ticket(ctx, subject=f"Printer {i}").number for i in range(3)]
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            table = app.screen.query_one(TicketTable)
            await pilot.press("j", "j", "k")
            chosen = table.current.number
            assert chosen in numbers and table.cursor_row == 1
            await pilot.press("enter")
            await settle(pilot, app)
            assert isinstance(app.screen, TicketScreen)
            assert app.screen.number == chosen
            await pilot.press("escape")
            await settle(pilot, app)
            assert isinstance(app.screen, QueueScreen)

    async def test_filter_by_text(self, ctx):
        new_ticket(ctx, subject="Printer on fire")
        new_ticket(ctx, subject="Login fails")
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            await pilot.press("slash")
            assert isinstance(app.focused, Input)
            await pilot.press(*"login", "enter")
            await settle(pilot, app)
            table = app.screen.query_one(TicketTable)
            assert [r.subject for r in table.rows_data] == ["Login fails"]
            assert app.screen.title == "Queue — 1 ticket"
            await pilot.press("escape")
            await settle(pilot, app)
            assert table.row_count == 2

    async def test_mine_and_tier_filters(self, ctx):
        mine = new_ticket(ctx, subject="Mine")
        new_ticket(ctx, subject="Not mine")
        ta.assign(ctx, mine.number)
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            await pilot.press("m")
            await settle(pilot, app)
            table = app.screen.query_one(TicketTable)
            assert [r.number for r in table.rows_data] == [mine.number]
            await pilot.press("m", "2")
            await settle(pilot, app)
            assert table.row_count == 0
            await pilot.press("2")
            await settle(pilot, app)
            assert table.row_count == 2

    async def test_saved_view_round_trip(self, ctx):
        new_ticket(ctx, subject="Login fails")
        new_ticket(ctx, subject="Printer")
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            queue = app.screen
            await pilot.press("slash", *"login", "enter")
            await settle(pilot, app)
            await pilot.press("w")
            await pilot.pause()
            await pilot.press(*"logins", "enter")
            await settle(pilot, app)
            assert "logins" in load_views()
            await pilot.press("escape")
            await settle(pilot, app)
            assert queue.query_one(TicketTable).row_count == 2
            queue.apply_view("logins")
            await settle(pilot, app)
            assert queue.query_one(TicketTable).row_count == 1

    async def test_take_next_assigns_and_opens(self, ctx):
        t = new_ticket(ctx, subject="Urgent thing")
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            await pilot.press("t")
            await settle(pilot, app)
            assert isinstance(app.screen, TicketScreen)
            assert app.screen.number == t.number
            assert app.screen.detail.row.assignee == "alice"
            await pilot.press("escape")
            await settle(pilot, app)
            await pilot.press("t")
            await settle(pilot, app)
            assert isinstance(app.screen, QueueScreen)
            assert any("No unassigned ticket" in n for n in notes(app))

    async def test_back_from_a_ticket_the_queue_shows_what_was_done_there(self, ctx):
        t = new_ticket(ctx, subject="Printer jammed")
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            table = app.screen.query_one(TicketTable)
            assert table.rows_data[0].assignee is None
            await pilot.press("enter")
            await settle(pilot, app)
            assert isinstance(app.screen, TicketScreen)
            await pilot.press("a")  # assign to me, on the ticket screen
            await settle(pilot, app)
            assert app.screen.detail.row.assignee == "alice"
            await pilot.press("escape")
            await settle(pilot, app)
            assert isinstance(app.screen, QueueScreen)
            row = next(r for r in app.screen.query_one(TicketTable).rows_data if r.number == t.number)
            assert row.assignee == "alice"


class TestPaging:
    async def test_table_holds_only_the_window(self, ctx):
        customer = ti.CustomerInput(email="bulk@example.com", name="Bulk")
        with ctx.db.transaction() as s:  # one transaction: 250 tickets, far more than the window
            for i in range(250):
                ti.create_in_session(s, ctx, f"Bulk {i}", "b", customer)
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            queue = QueueScreen(ctx, window=20)
            await app.push_screen(queue)
            await settle(pilot, app)
            table = queue.query_one(TicketTable)
            assert queue.title == "Queue — 250 tickets"
            assert table.row_count == 20
            first = table.current.number
            await pilot.press("end")
            await settle(pilot, app)
            assert table.position == 249
            assert table.row_count <= 20
            assert table.window_offset == 230
            await pilot.press("k")
            assert table.position == 248
            await pilot.press("home")
            await settle(pilot, app)
            assert table.position == 0 and table.current.number == first
            for _ in range(25):
                await pilot.press("j")
            await settle(pilot, app)
            assert table.position == 25
            assert table.row_count <= 20
            assert table.window_offset > 0
            expected = tq.list_tickets(ctx, limit=1, offset=25)[0].number
            assert table.current.number == expected
            await pilot.press("pagedown")
            await settle(pilot, app)
            assert table.position > 25 and table.row_count <= 20


class TestArrivalOrder:
    """Seed 002 (Droz Survey): tickets are taken in arrival order, then prioritised; the queue offers
    both orders, by a key and in a saved view, each paged by key."""

    @staticmethod
    def _queue(ctx, clock) -> tuple[list[int], list[int]]:
        """60 tickets arriving a minute apart; every third one waits on the customer (pending), so the
        urgency order (running clocks first) and the arrival order differ. Returns both orders."""
        from datetime import timedelta

        start = clock.now()
        customer = ti.CustomerInput(email="bulk@example.com", name="Bulk")
        numbers = []
        with ctx.db.transaction() as s:
            for i in range(60):
                numbers.append(ti.create_in_session(s, ctx, f"Arrived {i}", "b", customer,
                                                    created_at=start - timedelta(minutes=60 - i)))
        for n in numbers[::3]:
            ta.assign(ctx, n)
            ta.request_info(ctx, n, "Which version?")
        urgency = [r.number for r in tq.list_tickets(ctx, limit=100)]
        assert urgency != numbers and sorted(urgency) == sorted(numbers)
        return numbers, urgency

    async def test_o_shows_the_oldest_first_and_pages_by_key_in_both_orders(self, ctx, clock):
        arrival, urgency = self._queue(ctx, clock)
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            queue = QueueScreen(ctx, window=12)
            await app.push_screen(queue)
            await settle(pilot, app)
            table = queue.query_one(TicketTable)
            for order, want in (("urgency", urgency), ("arrival", arrival), ("urgency", urgency)):
                assert queue.filter.order == order
                assert ("oldest first" in str(queue.query_one("#filter-bar").render())) == (order == "arrival")
                assert [r.number for r in table.rows_data] == want[:12]
                for _ in range(30):  # down across two window edges, one key at a time
                    await pilot.press("j")
                    await settle(pilot, app)
                assert table.position == 30 and table.current.number == want[30]
                assert table.row_count <= 12
                await pilot.press("pagedown")
                await settle(pilot, app)
                assert table.current.number == want[table.position] and table.position > 30
                await pilot.press("end")
                await settle(pilot, app)
                assert table.position == 59 and table.current.number == want[59]
                assert [r.number for r in table.rows_data] == want[48:]
                for _ in range(15):  # up across the window's first row
                    await pilot.press("k")
                    await settle(pilot, app)
                assert table.current.number == want[44] and table.row_count <= 12
                await pilot.press("pageup")
                await settle(pilot, app)
                assert table.current.number == want[table.position] and table.position < 44
                await pilot.press("home")
                await settle(pilot, app)
                assert table.position == 0 and table.current.number == want[0]
                await pilot.press("o")
                await settle(pilot, app)

    async def test_the_order_is_kept_by_esc_and_recalled_with_a_saved_view(self, ctx, clock):
        arrival, urgency = self._queue(ctx, clock)
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            queue = app.screen
            table = queue.query_one(TicketTable)
            await pilot.press("o", "m")  # oldest first, mine
            await settle(pilot, app)
            mine = [n for n in arrival if n in arrival[::3]]
            assert [r.number for r in table.rows_data] == mine
            await pilot.press("w")
            await pilot.pause()
            await pilot.press(*"my oldest", "enter")
            await settle(pilot, app)
            assert load_views()["my oldest"].order == "arrival"
            await pilot.press("escape")  # clears the filters, keeps the order
            await settle(pilot, app)
            assert queue.filter.order == "arrival"
            assert [r.number for r in table.rows_data] == arrival[:len(table.rows_data)]
            await pilot.press("o")
            await settle(pilot, app)
            assert [r.number for r in table.rows_data] == urgency
            queue.apply_view("my oldest")
            await settle(pilot, app)
            assert queue.filter.order == "arrival" and [r.number for r in table.rows_data] == mine


class TestTicket:
    async def test_reply_flow(self, ctx):
        t = new_ticket(ctx)
        ta.assign(ctx, t.number)
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            app.open_ticket(t.number)
            await settle(pilot, app)
            await pilot.press("r")
            await pilot.pause()
            assert isinstance(app.screen, ComposerModal)
            await pilot.press(*"We are on it", "ctrl+s")
            await settle(pilot, app)
            screen = app.screen
            assert isinstance(screen, TicketScreen)
            assert screen.detail.messages[-1].body == "We are on it"
            assert "We are on it" in timeline_text(screen)
            assert tq.get_ticket(ctx, t.number).messages[-1].kind == "public"

    async def test_forbidden_action_is_hidden_and_explained(self, ctx):
        t = new_ticket(ctx)
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            app.open_ticket(t.number)
            await settle(pilot, app)
            screen = app.screen
            keys = {b.binding.key for b in screen.active_bindings.values()}
            assert "o" not in keys  # reopen is impossible on a new ticket
            assert "a" in keys
            await pilot.press("o")
            await pilot.pause()
            assert isinstance(app.screen, TicketScreen)
            assert any("reopen" in n.lower() for n in notes(app))

    async def test_request_info_then_three_days_auto_solves(self, ctx, clock):
        t = new_ticket(ctx)
        ta.assign(ctx, t.number)
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            app.open_ticket(t.number)
            await settle(pilot, app)
            await pilot.press("p")
            await pilot.pause()
            await pilot.press(*"Which browser?", "ctrl+s")
            await settle(pilot, app)
            assert app.screen.detail.row.status == "pending"
            clock.advance(days=3, minutes=1)
            app.run_sweep()
            await settle(pilot, app)
            assert app.screen.detail.row.status == "solved"
            assert app.screen.detail.outcome == "no_customer_response"

    async def test_stale_edit_keeps_the_draft(self, ctx):
        t = new_ticket(ctx)
        ta.assign(ctx, t.number)
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            app.open_ticket(t.number)
            await settle(pilot, app)
            await pilot.press("r")
            await pilot.pause()
            await pilot.press(*"My careful answer")
            ta.note(ctx.as_actor("bob"), t.number, "bob was here")  # someone else changes the ticket
            await pilot.press("ctrl+s")
            await settle(pilot, app)
            assert isinstance(app.screen, ComposerModal)
            assert app.screen.query_one(TextArea).text == "My careful answer"
            assert any("changed" in n.lower() for n in notes(app))
            await pilot.press("ctrl+s")  # the ticket was reloaded: the retry carries the new version
            await settle(pilot, app)
            assert isinstance(app.screen, TicketScreen)
            assert tq.get_ticket(ctx, t.number).messages[-1].body == "My careful answer"

    async def test_checklist_gaps_marked_and_filled(self, ctx):
        t = new_ticket(ctx)
        ta.assign(ctx, t.number)
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            app.open_ticket(t.number)
            await settle(pilot, app)
            text = str(app.screen.query_one("#checklist", Static).render())
            assert "✗" in text
            await pilot.press("C")
            await pilot.pause()
            modal = app.screen
            assert "✗" in str(modal.query_one("#label-error_message").render())
            for key, value in FULL_CHECKLIST.items():
                modal.query_one(f"#field-{key}", Input).value = value
            await pilot.pause()
            assert "✗" not in str(modal.query_one("#label-error_message").render())  # the mark follows the typing
            modal.query_one("#field-error_message", Input).value = ""
            await pilot.pause()
            assert "✗" in str(modal.query_one("#label-error_message").render())
            modal.query_one("#field-error_message", Input).value = FULL_CHECKLIST["error_message"]
            await pilot.press("ctrl+s")
            await settle(pilot, app)
            assert tq.get_ticket(ctx, t.number).checklist_gaps == []
            assert "✗" not in str(app.screen.query_one("#checklist", Static).render())

    async def test_solve_and_close(self, ctx):
        t = new_ticket(ctx)
        ta.assign(ctx, t.number)
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            app.open_ticket(t.number)
            await settle(pilot, app)
            await pilot.press("s")
            await pilot.pause()
            app.screen.query_one("#field-resolution", TextArea).text = "Patched the export"
            await pilot.press("ctrl+s")
            await settle(pilot, app)
            assert app.screen.detail.row.status == "solved"
            await pilot.press("c", "y")  # closed is final: confirmed
            await settle(pilot, app)
            assert app.screen.detail.row.status == "closed"


class TestSafety:
    HOSTILE = ["[/]", "[@click=app.quit]x[/]", "[bold red]boom"]

    async def test_markup_and_escapes_render_literally(self, ctx):
        body = "a\x1b]52;c;SGVsbG8=\x07b \x1b[2J \x1b]8;;http://evil\x07link\x1b]8;;\x07 [/] [@click=app.quit]x[/]"
        numbers = [new_ticket(ctx, subject=s, body=body).number for s in self.HOSTILE]
        wide = new_ticket(ctx, subject="打印机坏了 🖨️🔥 " * 8, body="")
        for n in numbers:
            ta.assign(ctx, n)
            ta.note(ctx, n, "[/] [bold red]boom")
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            table = app.screen.query_one(TicketTable)
            assert table.row_count == 4
            subjects = {str(table.get_cell(str(n), "subject")) for n in numbers}
            assert subjects == set(self.HOSTILE)
            for n in [*numbers, wide.number]:
                app.open_ticket(n)
                await settle(pilot, app)
                assert app.is_running and isinstance(app.screen, TicketScreen)
                text = timeline_text(app.screen)
                if n != wide.number:
                    assert "[@click=app.quit]x[/]" in text
                    assert "\x1b" not in text and "\x07" not in text
                await pilot.press("escape")
                await settle(pilot, app)
            assert app.is_running

    async def test_a_one_megabyte_body_is_cut_for_display(self, ctx):
        t = new_ticket(ctx, body="x" * 1_000_000)
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            app.open_ticket(t.number)
            await settle(pilot, app)
            text = timeline_text(app.screen)
            assert "980,000 more characters" in text
            assert len(text) < 30_000

    async def test_service_error_message_is_not_markup(self, ctx):
        from agent_tui.errors import InvalidInput

        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            app.show_error(InvalidInput("bad [/] value [@click=app.quit]x[/]"))
            await pilot.pause()
            assert app.is_running


class TestHelpAndPalette:
    async def test_help_lists_every_key_of_the_screen(self, ctx):
        from agent_tui.bindings import QUEUE_KEYS
        from agent_tui.screens.help import HelpScreen

        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            text = "\n".join(str(s.render()) for s in app.screen.query(Static))
            for key in QUEUE_KEYS:
                assert key.description in text
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, QueueScreen)

    async def test_palette_offers_screen_actions(self, ctx):
        from agent_tui.app import ScreenActions

        new_ticket(ctx)
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            provider = ScreenActions(app.screen)
            titles = [t for t, _, _ in provider._commands()]
            assert "Take next" in titles and "Filter" in titles and "Quit" in titles


class TestCommandPalette:
    async def test_palette_runs_a_screen_action(self, ctx):
        from textual.command import CommandPalette

        mine = new_ticket(ctx, subject="Mine")
        new_ticket(ctx, subject="Other")
        ta.assign(ctx, mine.number)
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            await pilot.press("ctrl+p")
            await pilot.pause()
            assert isinstance(app.screen, CommandPalette)
            await pilot.press(*"Mine")
            await pilot.pause(0.5)
            await pilot.press("enter")
            await settle(pilot, app)
            assert isinstance(app.screen, QueueScreen)
            assert app.screen.filter.assignee == "alice"

    async def test_palette_reads_the_saved_views_once_however_much_is_typed(self, ctx):
        from textual.command import CommandPalette

        from agent_tui.services.saved_views import save_view
        from agent_tui.services.ticket_queries import QueueFilter

        save_view("logins", QueueFilter(text="login"))
        new_ticket(ctx, subject="Login fails")
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            await pilot.press("ctrl+p")
            await pilot.pause()
            assert isinstance(app.screen, CommandPalette)
            await pilot.press(*"View: logi")
            await pilot.pause(0.5)
            assert app.saved_views.reads == 1
            await pilot.press("enter")
            await settle(pilot, app)
            assert isinstance(app.screen, QueueScreen) and app.screen.filter.text == "login"

    async def test_a_view_saved_in_the_app_is_in_the_palette_at_once(self, ctx):
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            from agent_tui.app import ScreenActions

            assert not [t for t, _, _ in ScreenActions(app.screen)._commands() if t.startswith("View:")]
            await pilot.press("w")
            await pilot.pause()
            await pilot.press(*"fresh", "enter")
            await settle(pilot, app)
            assert "View: fresh" in [t for t, _, _ in ScreenActions(app.screen)._commands()]


async def test_a_tick_while_a_ticket_opened_with_its_detail_composes_is_harmless(ctx):
    """The queue opens '#1216' with the detail it already has; the app's one-second tick can land on
    the new screen before its header exists (it crashed the app once)."""
    from agent_tui.screens.ticket import TicketScreen
    from agent_tui.services import ticket_queries as tq
    from tests.conftest import new_ticket
    from tests.tui.conftest import make_app, settle, wait_for

    t = new_ticket(ctx)
    detail = tq.get_ticket(ctx, t.number)
    screen = TicketScreen(ctx, t.number, detail)
    screen.tick()  # not composed at all: nothing to draw, no error
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        app.open_ticket(t.number, detail)
        app.tick()  # the same instant as the push
        await settle(pilot, app)
        app.tick()
        assert isinstance(app.screen, TicketScreen)


class TestFirstSweep:
    """The first sweep starts once the queue has shown its first page: on a big store it would take the CPU
    from the first paint (bench/startup.py)."""

    async def test_it_waits_for_the_first_page_and_runs_once(self, ctx, clock):
        t = new_ticket(ctx)
        ta.assign(ctx, t.number)
        ta.request_info(ctx, t.number, "Which browser?")
        clock.advance(days=3, minutes=1)  # its auto-solve is due when the app starts
        app = make_app(ctx)
        seen: list[int] = []
        real = app.run_sweep

        def counting_sweep():
            seen.append(app.screen.query_one(TicketTable).row_count if isinstance(app.screen, QueueScreen) else -1)
            return real()

        app.run_sweep = counting_sweep
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot, app)
            await settle(pilot, app)
            assert seen == [1]  # started once, with the ticket's row already on the screen
            assert tq.get_ticket(ctx, t.number).row.status == "solved"
            app.queue_shown()  # a later page (a reload, a filter) does not sweep again
            await settle(pilot, app)
            assert seen == [1]

    async def test_without_a_queue_page_it_starts_all_the_same(self, ctx, monkeypatch):
        monkeypatch.setattr(type(make_app(ctx)), "FIRST_SWEEP_LATEST", 0.2)
        app = make_app(ctx)
        started: list[bool] = []
        app.run_sweep = lambda: started.append(True)
        monkeypatch.setattr(QueueScreen, "_total_loaded", lambda *a, **k: None)  # the page never completes
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, lambda: started, timeout=10)  # 0.2 s, or more on a loaded machine
            assert started == [True]


class TestCountdownTick:
    """The queue's countdowns move with the clock, and a tick that changes no text costs no repaint."""

    async def test_a_minute_later_the_cell_moves_and_an_idle_tick_renders_nothing(self, ctx, clock):
        t = new_ticket(ctx)
        app = make_app(ctx)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot, app)
            table = app.screen.query_one(TicketTable)
            before = table.get_cell(str(t.number), "sla").plain
            clock.advance(minutes=7)
            app.screen.tick()
            await pilot.pause()
            after = table.get_cell(str(t.number), "sla").plain
            assert after != before  # e.g. "frs 7h 59m" -> "frs 7h 52m"
            updates = table._update_count  # any update_cell makes DataTable render every visible cell again
            app.screen.tick()  # the same instant: no text changed
            await pilot.pause()
            assert table._update_count == updates
            assert table.get_cell(str(t.number), "sla").plain == after


class TestPrerender:
    """While the agent reads, the cells of the page below and above are rendered ahead (DataTable's own cell
    cache): a PgDn within the window then renders only the cursor row's cells."""

    async def test_after_a_pause_a_page_down_finds_its_cells_rendered(self, ctx, monkeypatch):
        import agent_tui.widgets.ticket_table as tt

        customer = ti.CustomerInput(email="bulk@example.com", name="Bulk")
        with ctx.db.transaction() as s:
            for i in range(90):
                ti.create_in_session(s, ctx, f"Bulk {i}", "b", customer)
        rendered: list[int] = []
        real = tt.cell_lines
        monkeypatch.setattr(tt, "cell_lines", lambda *a, **k: rendered.append(1) or real(*a, **k))
        app = make_app(ctx)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot, app)
            table = app.screen.query_one(TicketTable)
            assert table.row_count == 90
            await pilot.press("pagedown")  # the cursor to the bottom row (the view moves by one row)
            await pilot.pause(TicketTable.PREWARM_AFTER + 0.5)  # the agent reads
            await settle(pilot, app)
            rendered.clear()
            await pilot.press("pagedown")  # the view moves by a page
            await pilot.pause()
            assert table.position > 60
            assert 0 < len(rendered) <= 2 * len(table.columns)  # the cursor row (and the row it left), not a page

    async def test_a_move_before_it_starts_cancels_it(self, ctx):
        new_ticket(ctx)
        app = make_app(ctx)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot, app)
            table = app.screen.query_one(TicketTable)
            run = table._prewarm_run
            table.schedule_prewarm()
            table.schedule_prewarm()
            assert table._prewarm_run == run + 2  # only the latest goes on (older chunks stop at their run)
