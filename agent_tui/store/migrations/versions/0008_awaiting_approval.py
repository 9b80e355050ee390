"""tickets.awaiting_approval: the customer's approval of a non-hotfix solution is still owed (seed 001)

Revision ID: 0008
Revises: 0004
Create Date: 2026-12-02 04:20:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN on both backends: batch mode would rebuild `tickets` on SQLite, which the
    # foreign keys pointing at it refuse once there are tickets.
    op.add_column('tickets', sa.Column('awaiting_approval', sa.Boolean(), nullable=False,
                                       server_default=sa.false()))
    # Tickets already on an approval hold owe the approval.
    t = sa.table('tickets', sa.column('status', sa.String), sa.column('hold_kind', sa.String),
                 sa.column('awaiting_approval', sa.Boolean))
    op.get_bind().execute(sa.update(t).where(t.c.status == 'on_hold', t.c.hold_kind == 'approval')
                          .values(awaiting_approval=True))


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        # SQLite >= 3.35 drops a plain column in place (no rebuild, see upgrade).
        op.execute('ALTER TABLE tickets DROP COLUMN awaiting_approval')
    else:
        op.drop_column('tickets', 'awaiting_approval')
