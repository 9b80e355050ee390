"""tickets.imported_at: when a ticket came in by import (its SLA history before that is not ours)

Revision ID: 0010
Revises: 0006
Create Date: 2026-12-02 04:30:00
"""
from alembic import op
import sqlalchemy as sa
import agent_tui.store.types


revision = '0010'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('imported_at', agent_tui.store.types.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    # Not batch mode: on SQLite that copies the table, which the foreign keys of messages/timers refuse.
    # A plain DROP COLUMN works on SQLite >= 3.35 and PostgreSQL.
    op.drop_column('tickets', 'imported_at')
