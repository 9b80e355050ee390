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


class TestDuplicateCustomersMigration:
    """A store at revision 0003 may hold duplicate customers (made by the old look-up-then-insert race)."""

    def _store_at_0003(self, backend, tmp_path):
        from alembic import command

        from agent_tui.store.migrate import alembic_config
        from tests.conftest import PG_SKIP, PG_URL, reset_postgres

        if backend == "postgres":
            if not PG_URL:
                pytest.skip(PG_SKIP)
            db = reset_postgres(PG_URL)
        else:
            db = open_database(sqlite_url(tmp_path / "old.db"))
        cfg = alembic_config()
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0003")
        return db

    def test_duplicates_are_merged_into_the_oldest_and_keep_their_tickets(self, backend, tmp_path):
        db = self._store_at_0003(backend, tmp_path)
        customers = [  # id, customer_number, name, email, company, created_at
            (1, None, "Jana Novak", "jana@brightlane.example", "", "2026-01-05 10:00:00"),
            (2, "C-10001", "", " Jana@BrightLane.example ", "Brightlane", "2026-01-05 10:00:01"),
            (3, None, "J. Novak", "JANA@brightlane.example", "Other Co", "2026-01-04 09:00:00"),
            (4, None, "Walk-in", "", "", "2026-01-06 09:00:00"),
            (5, None, "Phone caller", "", "", "2026-01-06 09:05:00"),
            (6, None, "Erik", "Erik@Example.org", "", "2026-01-07 09:00:00"),
            (7, None, "Mei", "Mei\x1b@Example.org", "", "2026-01-07 10:00:00"),  # a raw control code from an old import
        ]
        with db.engine.begin() as conn:
            for cid, number, name, email, company, created in customers:
                conn.execute(text("INSERT INTO customers (id, customer_number, name, email, company, plan, domain, "
                                  "created_at) VALUES (:id, :n, :name, :email, :co, 'standard', '', :at)"),
                             {"id": cid, "n": number, "name": name, "email": email, "co": company,
                              "at": datetime.fromisoformat(created + "+00:00")})
            for number, cid in [(1001, 1), (1002, 2), (1003, 3), (1004, 4), (1005, 5), (1006, 6), (1007, 7)]:
                conn.execute(text(
                    "INSERT INTO tickets (number, subject, description, customer_id, channel, language, status, "
                    "severity, tier, triage_rule, triage_reason, severity_overridden, tags, checklist, hold_reason, "
                    "proposed_solution, resolution, policy_name, created_at, updated_at, updated_by, "
                    "sla_paused_seconds, urgency, version, sla_calendar, sla_business_min) VALUES (:number, 's', 'd', "
                    ":cid, 'email', '', 'new', 'general_question', 'tier1', '', '', false, '[]', '{}', '', '', '', "
                    "'standard', :at, :at, 'system', 0, 0, 1, '24x7', 0)"),
                    {"number": number, "cid": cid, "at": datetime(2026, 1, 8, tzinfo=UTC)})

        before, after = upgrade(db)
        from agent_tui.services.intake import normalize_email

        assert (before, after) == ("0003", head_revision())
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT id, customer_number, name, email, company FROM customers ORDER BY id")
                                ).all()
            owners = dict(conn.execute(text("SELECT number, customer_id FROM tickets")).all())
        assert [tuple(r) for r in rows] == [
            (3, "C-10001", "J. Novak", "jana@brightlane.example", "Other Co"),  # the oldest, its gaps filled
            (4, None, "Walk-in", "", ""),  # customers without an e-mail are never merged
            (5, None, "Phone caller", "", ""),
            (6, None, "Erik", "erik@example.org", ""),  # stored normalised
            (7, None, "Mei", normalize_email("Mei\x1b@Example.org"), ""),  # as the app compares it: found again
        ]
        assert owners == {1001: 3, 1002: 3, 1003: 3, 1004: 4, 1005: 5, 1006: 6, 1007: 7}  # every ticket kept
        with pytest.raises(Exception, match="ix_customers_email|customers.email"):  # a duplicate is refused now
            with db.engine.begin() as conn:
                conn.execute(text("INSERT INTO customers (customer_number, name, email, company, plan, domain) "
                                  "VALUES (NULL, 'x', 'erik@example.org', '', 'standard', '')"))
        db.dispose()


class TestStoreErrorsAreOneLine:
    def test_a_broken_unique_rule_is_a_clear_error_and_nothing_is_written(self, db):
        from agent_tui.errors import InvalidInput

        with pytest.raises(InvalidInput, match=r"^not saved, it would break a rule of the store: .*agents") as err:
            with db.transaction() as s:
                s.add(Agent(name="twin"))
                s.flush()
                s.add(Agent(name="twin"))
        assert "\n" not in str(err.value)
        with db.read() as s:
            assert s.exec(select(Agent).where(Agent.name == "twin")).all() == []


def test_the_start_up_check_reads_the_same_revisions_as_alembic(db, tmp_path):
    """``is_current`` reads the newest revision from the files and the stored one with one query
    (no Alembic import at every command); both agree with Alembic's own answers."""
    from agent_tui.store.migrate import newest_revision, stored_revision

    assert newest_revision() == head_revision()
    assert stored_revision(db) == current_revision(db) == head_revision()
    empty = open_database(sqlite_url(tmp_path / "empty.db"))
    try:
        assert stored_revision(empty) is None and not is_current(empty)
    finally:
        empty.dispose()


class TestBatch:
    """``Database.batch`` (the demo build): many use cases, one transaction."""

    def test_inside_a_batch_use_cases_share_one_transaction_and_a_failed_one_is_undone_alone(self, db):
        with db.batch():
            with db.transaction() as s:
                s.add(Agent(name="kept"))
            with pytest.raises(RuntimeError):
                with db.transaction() as s:
                    s.add(Agent(name="undone"))
                    s.flush()
                    raise RuntimeError("this use case fails")
            with db.read() as s:  # a read in the batch sees what the batch wrote
                assert s.exec(select(Agent).where(Agent.name == "kept")).first() is not None
            if not db.is_sqlite:  # another connection sees nothing before the batch commits
                with db.engine.connect() as other:
                    assert other.execute(text("SELECT count(*) FROM agents WHERE name = 'kept'")).scalar() == 0
        with db.read() as s:
            names = set(s.exec(select(Agent.name)).all())
        assert "kept" in names and "undone" not in names

    def test_an_error_leaving_the_batch_leaves_nothing(self, db):
        with pytest.raises(RuntimeError):
            with db.batch():
                with db.transaction() as s:
                    s.add(Agent(name="gone"))
                raise RuntimeError("the build failed")
        with db.read() as s:
            assert s.exec(select(Agent).where(Agent.name == "gone")).first() is None
