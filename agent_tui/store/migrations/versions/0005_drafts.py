"""drafts: unsent replies, notes, requests, new tickets and escalation hand-overs, per agent and ticket

Revision ID: 0005
Revises: 0010
Create Date: 2026-12-02 04:20:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import agent_tui.store.types


revision = '0005'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('drafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agent', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('ticket_number', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('updated_at', agent_tui.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('agent', 'ticket_number', 'kind', name='uq_drafts')
    )


def downgrade() -> None:
    op.drop_table('drafts')
