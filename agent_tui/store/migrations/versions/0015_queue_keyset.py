"""queue in arrival order: an index for paging the active tickets oldest first by key

Revision ID: 0015_queue_keyset
Revises: 0012
Create Date: 2026-12-07 17:00:00

``ix_tickets_arrival`` (created_at, id) over the active tickets (urgency 0 running, 1 paused): the
arrival order (seed 002) reads a page of it with one index range scan, never stepping over the closed
history that fills most of a big store. The urgency order keeps ``ix_tickets_queue``.
"""
from alembic import op
import sqlalchemy as sa


revision = '0015_queue_keyset'
down_revision = '0013_sla_clock_rules'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_tickets_arrival', 'tickets', ['created_at', 'id'], unique=False,
                    sqlite_where=sa.text('urgency < 2'), postgresql_where=sa.text('urgency < 2'))


def downgrade() -> None:
    op.drop_index('ix_tickets_arrival', table_name='tickets')
