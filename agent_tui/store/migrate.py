"""Create or upgrade a database to the newest schema (Alembic).

Every command checks that the store is current before it runs (:func:`is_current`); that check reads
the stored revision with one query and the newest one from the migration files' own
``revision``/``down_revision`` lines, without importing Alembic (a tenth of a second at every start).
Upgrading is Alembic's.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from agent_tui.store.db import Database

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head() or ""


def current_revision(db: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(db: Database) -> tuple[str | None, str]:
    """Upgrade to head; returns (revision before, revision after)."""
    from alembic import command

    before = current_revision(db)
    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return before, head_revision()


_REVISION = re.compile(r"^revision\s*(?::\s*str\s*)?=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(?:['\"]([^'\"]+)['\"]|None)", re.M)


@lru_cache(maxsize=1)
def newest_revision() -> str:
    """The head of the migration chain, read from the files (the revision no other one revises)."""
    revisions, revised = set(), set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        rev, down = _REVISION.search(source), _DOWN.search(source)
        if rev:
            revisions.add(rev.group(1))
            if down and down.group(1):
                revised.add(down.group(1))
    heads = revisions - revised
    return heads.pop() if len(heads) == 1 else head_revision()  # a branch: let Alembic say which


def stored_revision(db: Database) -> str | None:
    """The revision the database is at (None: never migrated)."""
    from sqlalchemy import text

    exists = ("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'" if db.is_sqlite
              else "SELECT to_regclass('alembic_version') IS NOT NULL")
    with db.engine.connect() as conn:
        if not conn.exec_driver_sql(exists).scalar():
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def is_current(db: Database) -> bool:
    return stored_revision(db) == newest_revision()
