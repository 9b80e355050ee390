"""Alembic environment: runs on the connection handed over by agent_tui.store.migrate."""

from alembic import context
from sqlmodel import SQLModel

import agent_tui.store.models  # noqa: F401  (registers the tables)

config = context.config
target_metadata = SQLModel.metadata


def include_object(obj, name, type_, reflected, compare_to):
    """The search index tables are managed by hand in the migrations (FTS5 / tsvector)."""
    if type_ == "table" and reflected and compare_to is None and (name.startswith("kb_fts") or name == "kb_index"):
        return False
    return True


def run_migrations_online() -> None:
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite ALTER via batch mode
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
