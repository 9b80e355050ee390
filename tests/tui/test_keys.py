"""Every screen's keys come from one table, with ids; a user remaps them in the config file."""

from __future__ import annotations

import importlib
import pkgutil
from datetime import timedelta

import pytest
from textual.widgets import DataTable, Static

import agent_tui.screens
import agent_tui.widgets
from agent_tui import bindings as b
from agent_tui.app import HelpdeskApp, ScreenActions
from agent_tui.screens.base import ScreenContract
from agent_tui.screens.escalation import TierBoardScreen
from agent_tui.screens.help import HelpScreen
from agent_tui.screens.kb import KbScreen
from agent_tui.screens.queue import QueueScreen
from agent_tui.screens.report import ReportScreen
from agent_tui.screens.ticket import TicketScreen
from agent_tui.services import ticket_actions as ta
from tests.conftest import new_ticket
from tests.tui.conftest import make_app, settle

SIZE = (120, 40)


def _all_screen_classes() -> list[type]:
    for pkg in (agent_tui.screens, agent_tui.widgets):
        for mod in pkgutil.iter_modules(pkg.__path__):
            importlib.import_module(f"{pkg.__name__}.{mod.name}")
    out, todo = [], list(ScreenContract.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("agent_tui.") and cls.__name__ not in {"AgentScreen", "AgentModal",
                                                                                "MailListScreen", "MailDetail"}:
            out.append(cls)
    return out


def notes(app) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


def help_text(app) -> str:
    return "\n".join(str(s.render()) for s in app.screen.query(Static))


class TestTheTable:
    @pytest.mark.parametrize("table", sorted(b.TABLES))
    def test_no_screen_binds_one_key_to_two_actions(self, table):
        assert b.clashes(table) == []

    @pytest.mark.parametrize("table", sorted(b.TABLES))
    def test_no_screen_key_shadows_an_app_key_unless_it_says_so(self, table):
        assert [(s.id, a.id) for s, a in b.shadows(table)] == []

    def test_the_old_clashes_are_gone(self):
        kb = {k.action: k for k in b.KB_KEYS}
        assert "ctrl+r" not in kb["insert_reply"].key_list  # ctrl+r is Reload on every other screen
        assert {k.action for t in b.TABLES.values() for k in t if "ctrl+r" in k.key_list} == {"reload"}
        report = {key for k in b.REPORT_KEYS for key in k.key_list}
        assert "g" not in report  # g is the app's tier board

    def test_every_binding_has_a_unique_id_named_after_its_screen(self):
        ids = [k.id for t in b.TABLES.values() for k in t]
        assert len(ids) == len(set(ids))
        assert "queue.take_next" in ids and "ticket.reply" in ids and "app.tier_board" in ids
        assert all("(" not in i and i.count(".") == 1 for i in ids)

    def test_every_screen_and_dialog_takes_its_keys_from_the_table(self):
        classes = _all_screen_classes()
        assert {c.__name__ for c in classes} >= {
            "QueueScreen", "TicketScreen", "KbScreen", "ReportScreen", "TierBoardScreen", "EscalationScreen",
            "NewTicketScreen", "ArticleFromTicketScreen", "HelpScreen", "ConfirmModal", "FormModal",
            "ComposerModal", "SeverityPicker"}
        for cls in classes:
            assert cls.KEY_TABLE in b.TABLES, cls
            ids = {binding.id for binding in cls.BINDINGS}
            assert ids == {k.id for k in b.TABLES[cls.KEY_TABLE]}, cls
            for key in b.TABLES[cls.KEY_TABLE]:
                assert hasattr(cls, f"action_{key.action.split('(')[0]}"), (cls, key.id)

    def test_app_keys_are_app_actions(self):
        assert {k.action for k in b.APP_KEYS} == b.APP_ACTIONS
        for key in b.APP_KEYS:
            assert hasattr(HelpdeskApp, f"action_{key.action}")


class TestCheckKeymap:
    def test_a_free_key_is_accepted_and_normalised(self):
        keymap, problems = b.check_keymap({"queue.take_next": "T", "app.help": "?,f1"}, "/x/config.toml")
        assert problems == []
        assert keymap == {"queue.take_next": "T", "app.help": "question_mark,f1"}

    def test_an_unknown_id_names_the_file_and_the_id(self):
        keymap, problems = b.check_keymap({"take_next": "T", "queue.nope": "x"}, "/x/config.toml")
        assert keymap == {}
        assert len(problems) == 2
        assert all(p.startswith("/x/config.toml: [keymap]") for p in problems)
        assert '"take_next"' in problems[0] and "queue.take_next" in problems[0]  # a hint
        assert '"queue.nope"' in problems[1]

    def test_a_key_another_action_of_the_screen_uses_is_refused(self):
        keymap, problems = b.check_keymap({"queue.take_next": "n"}, "/x/config.toml")
        assert keymap == {}
        assert problems == ['/x/config.toml: [keymap] "queue.take_next" = "n": n is already "New" '
                            '(queue.new_ticket) on the queue screen; keeping t']

    def test_swapping_two_keys_is_no_clash(self):
        keymap, problems = b.check_keymap({"queue.take_next": "n", "queue.new_ticket": "t"})
        assert problems == [] and keymap == {"queue.take_next": "n", "queue.new_ticket": "t"}

    def test_an_app_key_may_not_take_a_screen_key(self):
        keymap, problems = b.check_keymap({"app.tier_board": "t"}, "cfg")
        assert keymap == {}
        assert "queue.take_next" in problems[0] and '"app.tier_board"' in problems[0]

    def test_a_screen_key_may_not_take_an_app_key(self):
        keymap, problems = b.check_keymap({"report.grouping": "g"}, "cfg")
        assert keymap == {} and "app.tier_board" in problems[0]

    @pytest.mark.parametrize("value", ["", " ", 3, None, "a,,b"])
    def test_a_value_that_is_not_a_key_is_refused(self, value):
        keymap, problems = b.check_keymap({"queue.take_next": value}, "cfg")
        assert keymap == {} and "is not a key" in problems[0]

    def test_a_keymap_that_is_not_a_table_is_refused(self):
        assert b.check_keymap(["T"], "cfg") == ({}, ['cfg: [keymap] must be a table of "binding.id" = "key" entries'])


class TestRemapInTheApp:
    async def test_a_remapped_key_works_and_help_and_palette_show_it(self, ctx):
        t = new_ticket(ctx, subject="Urgent thing")
        app = make_app(ctx, keymap={"queue.take_next": "T"})
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            await pilot.press("t")  # the default key does nothing now
            await settle(pilot, app)
            assert isinstance(app.screen, QueueScreen)
            titles = {title: help_ for title, help_, _ in ScreenActions(app.screen)._commands()}
            assert titles["Take next"] == "key T"
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            line = next(ln for ln in help_text(app).splitlines() if "Take next" in ln)
            assert line.split()[0] == "T"
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("T")
            await settle(pilot, app)
            assert isinstance(app.screen, TicketScreen) and app.screen.number == t.number

    async def test_a_bad_entry_is_reported_and_the_default_key_still_works(self, ctx):
        new_ticket(ctx, subject="Urgent thing")
        app = make_app(ctx, keymap={"queue.take_next": "n", "queue.bogus": "z"},
                       keymap_source="/home/a/.config/agent-tui/config.toml")
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            assert app.is_running
            shown = notes(app)
            assert any("/home/a/.config/agent-tui/config.toml" in n and '"queue.take_next"' in n for n in shown)
            assert any('"queue.bogus"' in n for n in shown)
            await pilot.press("t")
            await settle(pilot, app)
            assert isinstance(app.screen, TicketScreen)

    def test_the_config_file_keymap_reaches_the_app(self, tmp_path, monkeypatch):
        from agent_tui import config
        from agent_tui.locations import config_file

        path = config_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text('[keymap]\n"queue.take_next" = "T"\n"ticket.reply" = "R"\n', encoding="utf-8")
        raw, source = config.keymap()
        assert source == str(path)
        assert b.check_keymap(raw, source) == ({"queue.take_next": "T", "ticket.reply": "R"}, [])


class TestEveryScreensKeys:
    async def test_help_on_the_kb_report_and_tier_board_lists_their_own_keys(self, ctx):
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            for screen, wanted in ((KbScreen(ctx, None), "Search box"), (ReportScreen(ctx), "Group by"),
                                   (TierBoardScreen(ctx), "Tier left")):
                app.push_screen(screen)
                await settle(pilot, app)
                titles = [title for title, _, _ in ScreenActions(app.screen)._commands()]
                assert wanted in titles and "Quit" in titles, screen
                app.action_help()
                await pilot.pause()
                assert isinstance(app.screen, HelpScreen)
                assert wanted in help_text(app)
                app.pop_screen()
                app.pop_screen()
                await settle(pilot, app)

    async def test_report_g_opens_the_tier_board_and_o_groups(self, ctx):
        app = make_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            report = ReportScreen(ctx)
            app.push_screen(report)
            await settle(pilot, app)
            await pilot.press("o")
            await settle(pilot, app)
            assert report.by != "severity"
            await pilot.press("g")
            await settle(pilot, app)
            assert isinstance(app.screen, TierBoardScreen)


class TestOneTick:
    async def test_the_tier_board_ticks_only_with_the_app(self, ctx):
        t = new_ticket(ctx, subject="Ticking")
        ta.assign(ctx, t.number, "alice")
        app = make_app(ctx)  # tick_interval=0: the app does not tick
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            app.action_tier_board()
            await settle(pilot, app)
            board = app.screen
            table = board.query_one("#table-tier1", DataTable)
            before = str(table.get_cell(str(t.number), "ticket"))
            ctx.clock.advance(timedelta(minutes=30))
            await pilot.pause(1.3)
            assert str(table.get_cell(str(t.number), "ticket")) == before  # no second timer of its own
            app.tick()
            await pilot.pause()
            assert str(table.get_cell(str(t.number), "ticket")) != before
