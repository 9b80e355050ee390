"""KB translations and the index of solved tickets

Revision ID: 0016_kb_translations
Revises: 0015_queue_keyset
Create Date: 2026-12-07 20:00:00

An article has one identity (``article_key``) and a version per language: one ``kb_articles`` row per
version, ``slug`` still unique per row (``kb show``, links), and at most one version per language of an
article (``uq_kb_articles_key_language``). Existing articles become their own one-language article
(``article_key`` = ``slug``).

``solved_fts`` (SQLite FTS5) / ``solved_index`` (PostgreSQL tsvector): the subject, description and
resolution of solved and closed tickets, for "similar solved tickets"; filled here from the tickets
already solved, kept up to date by every status change (``services/similar.py``).
"""
from alembic import op
import sqlalchemy as sa


revision = '0016_kb_translations'
down_revision = '0015_queue_keyset'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('kb_articles', sa.Column('article_key', sa.String(length=200), nullable=False,
                                           server_default=''))
    op.execute("UPDATE kb_articles SET article_key = slug")
    op.create_index('uq_kb_articles_key_language', 'kb_articles', ['article_key', 'language'], unique=True)
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("CREATE VIRTUAL TABLE solved_fts USING fts5(subject, body, "
                   "tokenize = 'unicode61 remove_diacritics 2')")
    else:
        op.execute("CREATE TABLE solved_index (ticket_id INTEGER PRIMARY KEY "
                   "REFERENCES tickets(id) ON DELETE CASCADE, doc tsvector NOT NULL)")
        op.execute("CREATE INDEX ix_solved_index_doc ON solved_index USING gin (doc)")
    _fill_solved_index(dialect)


def _fill_solved_index(dialect: str) -> None:
    from agent_tui.store.ticket_search import solved_index_for

    index = solved_index_for(dialect)
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, subject, description, resolution, language FROM tickets "
                                "WHERE status IN ('solved', 'closed')")).all()
    for ticket_id, subject, description, resolution, language in rows:
        index.upsert_row(conn, ticket_id, subject or "", description or "", resolution or "", language or "en")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.execute("DROP TABLE IF EXISTS solved_fts" if dialect == "sqlite" else "DROP TABLE IF EXISTS solved_index")
    op.drop_index('uq_kb_articles_key_language', table_name='kb_articles')
    with op.batch_alter_table('kb_articles') as batch:
        batch.drop_column('article_key')
