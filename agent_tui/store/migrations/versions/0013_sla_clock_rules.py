"""SLA clock rules (issue 16): per-clock calendars, the update clock's two parts, the first response's
own count and outcome, and the spans the report counts (pauses, answered update clocks)

Revision ID: 0013_sla_clock_rules
Revises: 0012
Create Date: 2026-12-04 10:00:00
"""
from alembic import op
import sqlalchemy as sa
import agent_tui.store.types


revision = '0013_sla_clock_rules'
down_revision = '0012'
branch_labels = None
depends_on = None

NEW_COLUMNS = ('first_response_calendar', 'next_update_calendar', 'first_response_used_min', 'first_response_met',
               'update_contact_due', 'update_unanswered_due', 'unanswered_since')


def upgrade() -> None:
    UTC = agent_tui.store.types.UTCDateTime(timezone=True)
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_response_calendar', sa.String(length=80), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('next_update_calendar', sa.String(length=80), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('first_response_used_min', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('first_response_met', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('update_contact_due', UTC, nullable=True))
        batch_op.add_column(sa.Column('update_unanswered_due', UTC, nullable=True))
        batch_op.add_column(sa.Column('unanswered_since', UTC, nullable=True))
    op.create_table('sla_spans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('started_at', UTC, nullable=False),
    sa.Column('ended_at', UTC, nullable=False),
    sa.Column('due_at', UTC, nullable=True),
    sa.Column('business_min', sa.Float(), nullable=False),
    sa.Column('met', sa.Boolean(), nullable=True),
    sa.Column('calendar', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_sla_spans_kind_start', 'sla_spans', ['kind', 'started_at'], unique=False)
    op.create_index(op.f('ix_sla_spans_ticket_id'), 'sla_spans', ['ticket_id'], unique=False)
    _backfill()


def _backfill() -> None:
    """Tickets from before: their update clock was the last-contact one; their oldest unanswered customer
    message is the oldest one no public reply came at or after."""
    conn = op.get_bind()
    conn.execute(sa.text("UPDATE tickets SET update_contact_due = next_update_due WHERE next_update_due IS NOT NULL"))
    conn.execute(sa.text(
        "UPDATE tickets SET unanswered_since = (SELECT MIN(m.created_at) FROM messages m "
        "WHERE m.ticket_id = tickets.id AND m.kind = 'customer' AND NOT EXISTS ("
        "SELECT 1 FROM messages r WHERE r.ticket_id = m.ticket_id AND r.kind = 'public' "
        "AND r.created_at >= m.created_at)) "
        "WHERE status IN ('new', 'open', 'pending', 'on_hold')"))


def downgrade() -> None:
    op.drop_index(op.f('ix_sla_spans_ticket_id'), table_name='sla_spans')
    op.drop_index('ix_sla_spans_kind_start', table_name='sla_spans')
    op.drop_table('sla_spans')
    # Not batch mode: on SQLite that copies the table, which the foreign keys of messages/timers refuse.
    for name in reversed(NEW_COLUMNS):
        op.drop_column('tickets', name)
