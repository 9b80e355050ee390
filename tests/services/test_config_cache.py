"""Policies and calendars are cached per process (issue 18), yet a change is seen at once: by the next
action in the same process and by another process (a second engine on the same store: the cache is kept
per engine, so to it that is another process)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import select

from agent_tui.services import config_store
from agent_tui.services import ticket_actions as ta
from agent_tui.store.db import open_database
from agent_tui.store.models import CalendarRow, Counter, PolicyRow, Ticket, Timer
from tests.conftest import new_ticket


def _autosolve_due(ctx, number: int):
    with ctx.db.read() as s:
        tid = s.exec(select(Ticket.id).where(Ticket.number == number)).one()
        return s.exec(select(Timer.due_at).where(Timer.ticket_id == tid, Timer.kind == "pending_autosolve",
                                                 Timer.state == "pending")).one()


def _set_autosolve_hours(db, name: str, hours: int) -> None:
    with db.transaction() as s:
        row = s.get(PolicyRow, name)
        row.data = {**row.data, "pending_autosolve_hours": hours}


def _other(db):
    return open_database(db.engine.url.render_as_string(hide_password=False))


def test_a_policy_change_in_another_process_is_seen_by_the_next_action(ctx):
    d = new_ticket(ctx)
    ta.take_next(ctx)
    with ctx.db.read() as s:
        name = config_store.active_policy_name(s)
        cached = config_store.load_policy(s, name)  # this process's cache is warm
    other = _other(ctx.db)
    try:
        with other.read() as s:
            config_store.load_policy(s, name)  # and the other's
        _set_autosolve_hours(other, name, 5)
        asked = ctx.clock.now()
        ta.request_info(ctx, d.number, "Which version?")
        assert _autosolve_due(ctx, d.number) == asked + timedelta(hours=5)
        assert cached.pending_autosolve_after != timedelta(hours=5)  # it was a change
        # and back, from this process: the other one sees it on its next session
        _set_autosolve_hours(ctx.db, name, 7)
        with other.read() as s:
            assert config_store.load_policy(s, name).pending_autosolve_after == timedelta(hours=7)
        with ctx.db.read() as s:
            assert config_store.load_policy(s, name).pending_autosolve_after == timedelta(hours=7)
    finally:
        other.dispose()


def test_a_calendar_change_is_seen_by_the_next_session_of_every_process(ctx):
    with ctx.db.read() as s:
        name = s.exec(select(CalendarRow.name).order_by(CalendarRow.name)).first()
        before = config_store.load_calendar(s, name)
    other = _other(ctx.db)
    try:
        with other.read() as s:
            assert config_store.load_calendar(s, name) == before
        with ctx.db.transaction() as s:
            row = s.get(CalendarRow, name)
            row.data = {**row.data, "holidays": sorted({*row.data.get("holidays", []), "2026-12-31"})}
        for db in (other, ctx.db):
            with db.read() as s:
                after = config_store.load_calendar(s, name)
                assert after != before and date(2026, 12, 31) in after.holidays
    finally:
        other.dispose()


def test_every_config_write_stamps_a_new_version_and_only_those(ctx):
    def version():
        with ctx.db.read() as s:
            return s.exec(select(Counter.value).where(Counter.name == config_store.CONFIG_VERSION)).one()

    first = version()
    new_ticket(ctx)  # an ordinary action leaves it alone
    assert version() == first
    with ctx.db.read() as s:
        name = config_store.active_policy_name(s)
    _set_autosolve_hours(ctx.db, name, 9)
    second = version()
    assert second != first
