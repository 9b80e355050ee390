"""The app in German: chosen at start (``HelpdeskApp(language=…)``, as ``agent-tui`` does from
``AGENT_TUI_LANG`` / ``language`` in config.toml / the locale), the queue's footer, title and columns
and the ticket screen speak German; dates and numbers follow the German locale."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from textual.widgets import Footer

from agent_tui import config, i18n
from agent_tui.screens.queue import QueueScreen
from agent_tui.screens.ticket import TicketScreen
from agent_tui.widgets.ticket_table import TicketTable
from tests.i18n.test_pseudo_locale import screen_text
from tests.tui.conftest import make_app, settle
from tests.tui.test_snapshots import _store

SIZE = (120, 40)


@pytest.fixture(autouse=True)
def _utc(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def footer_text(app) -> str:
    lines = screen_text(app).splitlines()
    assert app.screen.query(Footer)
    return lines[-1]


async def test_the_queue_and_the_ticket_in_german(ctx, clock):
    number = _store(ctx, clock)
    app = make_app(ctx, language="de")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, QueueScreen)
        footer = footer_text(app)
        for word in ("Filter", "Neu", "Nächstes nehmen", "Meine", "Beenden", "Hilfe", "Palette"):
            assert word in footer, footer
        assert "Take next" not in footer and "Quit" not in footer
        assert app.screen.title == "Warteschlange — 3 Tickets"
        table = app.screen.query_one(TicketTable)
        assert [str(c.label) for c in table.columns.values()][:4] == ["#", "Betreff", "Kunde", "Schwere"]
        text = screen_text(app)
        assert "wartend" in text and "mittel" in text  # status and severity words

        app.open_ticket(number)
        await settle(pilot, app)
        assert isinstance(app.screen, TicketScreen)
        text = screen_text(app)
        footer = text.splitlines()[-1]
        for word in ("Antwort", "Notiz", "Lösen", "Eskalieren", "Übernehmen", "Hilfe"):  # the first that fit, and ?
            assert word in footer, footer
        assert "Bearbeiter: alice" in text and "Kunde: Jana Novak" in text
        assert "Erstantwort: eingehalten" in text  # the countdown's words
        assert "Stufe 1" in text and "Pflichtangaben" in text
        assert "02.03.26, 09:00" in text  # the timeline's dates in the German format

        await pilot.press("question_mark")
        await settle(pilot, app)
        help_text = screen_text(app)
        assert "Tasten — Ticket #" in help_text and "Antwort" in help_text and "SLA-Spalte" in help_text


def test_german_numbers_and_dates():
    i18n.activate("de")
    assert i18n.number(12345) == "12.345"
    assert i18n.percent(97.5) == "97,5 %"
    assert i18n.when(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), UTC) == "02.03.26, 09:00"
    i18n.activate("en")
    assert i18n.number(12345) == "12,345"
    assert i18n.percent(97.5) == "97.5 %"
    assert i18n.when(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), UTC) == "2026-03-02 09:00"


def test_the_language_comes_from_the_environment_then_the_config_file(monkeypatch):
    from agent_tui.locations import config_file

    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('language = "nl"\n', encoding="utf-8")
    assert config.configured_language() == "nl"
    assert i18n.choose(config.configured_language(), {}) == "nl"
    assert i18n.choose(config.configured_language(), {"AGENT_TUI_LANG": "pt_PT.UTF-8"}) == "pt"
    assert i18n.choose(None, {"LANG": "de_DE.UTF-8"}) == "de"
    assert i18n.choose(None, {"LANG": "fr_FR.UTF-8"}) == "en"  # not shipped: English


def test_the_queue_in_german_snapshot(ctx, backend, clock, snap_compare):
    if backend != "sqlite":
        pytest.skip("one baseline, on SQLite: what the screen draws does not depend on the store")
    _store(ctx, clock)
    app = make_app(ctx, language="de")

    async def ready(pilot):
        await settle(pilot, app)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)
