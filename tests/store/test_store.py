"""The store: UTC round trips on both backends, idempotent migrations, SQLite pragmas, no leaked passwords."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import text
from sqlalchemy.exc import StatementError
from sqlmodel import select

from agent_tui.errors import ConfigError
from agent_tui.store.db import mask_url, open_database, sqlite_url
from agent_tui.store.migrate import current_revision, head_revision, is_current, upgrade
from agent_tui.store.models import Agent


class TestUtcDateTime:
    def test_aware_times_come_back_aware_utc(self, db):
        berlin = datetime(2026, 3, 29, 3, 30, 15, 123456, tzinfo=timezone(timedelta(hours=2)))
        with db.transaction() as s:
            s.add(Agent(name="tz", created_at=berlin))
        with db.read() as s:
            back = s.exec(select(Agent).where(Agent.name == "tz")).one().created_at
        assert back == berlin
        assert back.tzinfo is not None and back.utcoffset() == timedelta()
        assert back == datetime(2026, 3, 29, 1, 30, 15, 123456, tzinfo=UTC)

    def test_naive_times_are_refused_and_nothing_is_written(self, db):
        with pytest.raises(StatementError, match="naive datetime refused"):
            with db.transaction() as s:
                s.add(Agent(name="naive", created_at=datetime(2026, 3, 2, 9)))
        with db.read() as s:
            assert s.exec(select(Agent).where(Agent.name == "naive")).first() is None


class TestMigrations:
    def test_upgrading_twice_is_a_no_op(self, db):
        assert is_current(db)
        with db.engine.connect() as conn:
            tables = set(db.engine.dialect.get_table_names(conn))
        before, after = upgrade(db)
        assert before == after == head_revision() == current_revision(db)
        with db.engine.connect() as conn:
            assert set(db.engine.dialect.get_table_names(conn)) == tables
        assert {"tickets", "audit_events", "timers", "kb_articles"} <= tables


def test_sqlite_runs_in_wal_with_foreign_keys(tmp_path):
    db = open_database(sqlite_url(tmp_path / "p.db"))
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
        upgrade(db)
        with pytest.raises(Exception, match="FOREIGN KEY"):
            with db.transaction() as s:
                s.execute(text("INSERT INTO timers (ticket_id, kind, due_at, state) "
                               "VALUES (987654, 'x', '2026-01-01 00:00:00', 'pending')"))
    finally:
        db.dispose()


class TestSecretsStayHidden:
    @pytest.mark.parametrize(("url", "masked"), [
        ("postgresql://u:s3cret@db.example:5432/x", "postgresql://u:***@db.example:5432/x"),
        ("postgresql+psycopg://u:p%40ss@h/x", "postgresql+psycopg://u:***@h/x"),
        ("error while connecting to postgres://a:b@h/x: refused", "error while connecting to postgres://a:***@h/x: refused"),
        ("postgresql://u@h/x", "postgresql://u@h/x"),
        ("sqlite:////tmp/a.db", "sqlite:////tmp/a.db"),
    ])
    def test_mask_url_hides_passwords(self, url, masked):
        assert mask_url(url) == masked

    def test_an_inline_password_is_never_kept_in_the_url(self):
        db = open_database("postgresql://u:s3cret@127.0.0.1:1/x")
        try:
            assert "s3cret" not in db.url_for_display
            assert "s3cret" not in repr(db.engine.url) and "s3cret" not in str(db.engine.url)
            assert "s3cret" not in db.engine.url.render_as_string(hide_password=False)
            assert "s3cret" not in repr(db)
        finally:
            db.dispose()

    def test_a_bad_url_is_one_clear_error_without_the_password(self):
        with pytest.raises(ConfigError) as info:
            open_database("mysql://u:s3cret@h/x")
        assert "s3cret" not in info.value.message
        with pytest.raises(ConfigError) as info:
            open_database("postgresql//u:s3cret@h/x")
        assert "s3cret" not in info.value.message
