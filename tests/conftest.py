"""Shared fixtures: a migrated database on SQLite (always) and PostgreSQL (when configured).

PostgreSQL tests run when ``AGENT_TUI_TEST_DATABASE_URL`` points at a database
they may wipe (``.ci/run`` sets it); otherwise they are skipped with that reason.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from agent_tui.domain.clock import FixedClock
from agent_tui.services import Context
from agent_tui.services import agents as agent_svc
from agent_tui.services.views import TicketDetail
from agent_tui.services import intake as ti
from agent_tui.services.demo import install_shipped_presets
from agent_tui.store.db import Database, open_database, sqlite_url
from agent_tui.store.migrate import upgrade

PG_URL = os.environ.get("AGENT_TUI_TEST_DATABASE_URL", "")
PG_SKIP = "set AGENT_TUI_TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test to run PostgreSQL tests"

# A Monday morning, so business-hour arithmetic in tests is easy to follow.
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

AGENTS = [("alice", "tier1"), ("bob", "tier1"), ("bruno", "tier2"), ("erik", "engineering")]


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real user's data or config directories."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("AGENT_TUI_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("AGENT_TUI_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("AGENT_TUI_DATABASE_URL", raising=False)
    monkeypatch.delenv("AGENT_TUI_NOW", raising=False)
    monkeypatch.delenv("AGENT_TUI_AGENT", raising=False)


def reset_postgres(url: str) -> Database:
    db = open_database(url)
    with db.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    return db


_SQLITE_TEMPLATE: list[Path] = []


def _migrated_sqlite_template() -> Path:
    """Migrate one SQLite file per test session; every test gets a copy (Alembic is the slow part)."""
    if not _SQLITE_TEMPLATE:
        import tempfile

        path = Path(tempfile.mkdtemp(prefix="agent-tui-template-")) / "template.db"
        template = open_database(sqlite_url(path))
        upgrade(template)
        template.dispose()  # checkpoints the WAL into the main file
        _SQLITE_TEMPLATE.append(path)
    return _SQLITE_TEMPLATE[0]


def make_db(backend: str, tmp_path: Path) -> Database:
    if backend == "postgres":
        if not PG_URL:
            pytest.skip(PG_SKIP)
        db = reset_postgres(PG_URL)
        upgrade(db)
        return db
    import shutil

    target = tmp_path / "test.db"
    shutil.copyfile(_migrated_sqlite_template(), target)
    db = open_database(sqlite_url(target))
    upgrade(db)  # a no-op on the copy, but keeps the fixture honest if the template were stale
    return db


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def db(backend: str, tmp_path: Path) -> Iterator[Database]:
    database = make_db(backend, tmp_path)
    yield database
    database.dispose()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def ctx(db: Database, clock: FixedClock) -> Context:
    """A migrated store with the shipped presets and four agents; acting as alice (tier 1)."""
    system = Context(db, clock, "system")
    install_shipped_presets(system)
    for name, tier in AGENTS:
        agent_svc.upsert_agent(system, name, tier)
    return Context(db, clock, "alice")


def new_ticket(ctx: Context, subject: str = "Export to PDF shows wrong totals", body: str = "The export is wrong.",
               **kwargs) -> TicketDetail:
    customer = kwargs.pop("customer", ti.CustomerInput(email="jana@brightlane.example", name="Jana Novak",
                                                        customer_number="C-10001", domain="brightlane.example"))
    return ti.create_ticket(ctx, subject, body, customer, **kwargs)


FULL_CHECKLIST = {
    "customer_number": "C-10001",
    "domain": "brightlane.example",
    "contact": "jana@brightlane.example",
    "error_message": "Error 503 while uploading",
    "reproduction_steps": "1. open report 2. publish",
    "environment": "iOS 17, app 4.2.1",
    "end_customer_contact": "yes",
}


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts in English, whatever the machine's locale; a test may activate another language."""
    from agent_tui import i18n

    for name in (i18n.LANGUAGE_ENV, "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    i18n.activate("en")
    yield
    i18n.activate("en")
