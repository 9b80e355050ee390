"""queue sort key: the instant of the deadline that matters now

Revision ID: 0006
Revises: 0003
Create Date: 2026-12-02 04:40:00

No schema change. The queue's stored sort key ``tickets.sla_due_at`` is recomputed for every active
ticket with ``agent_tui.domain.sla.deadline_that_matters`` (first response, next update or
resolution, whichever running clock is due first), so existing rows sort by the same instant the
SLA column now shows. Only rows whose key differs are written.
"""
from alembic import op
import sqlalchemy as sa
import agent_tui.store.types


revision = '0006'
down_revision = '0003'
branch_labels = None
depends_on = None

ACTIVE = ['new', 'open', 'pending', 'on_hold']


def upgrade() -> None:
    from agent_tui.domain.sla import deadline_that_matters

    dt = agent_tui.store.types.UTCDateTime()
    t = sa.table('tickets', sa.column('id', sa.Integer), sa.column('status', sa.String),
                 sa.column('sla_due_at', dt), sa.column('first_response_at', dt),
                 sa.column('first_response_due', dt), sa.column('next_update_due', dt),
                 sa.column('resolution_due', dt))
    conn = op.get_bind()
    rows = conn.execute(sa.select(t.c.id, t.c.sla_due_at, t.c.first_response_at, t.c.first_response_due,
                                  t.c.next_update_due, t.c.resolution_due)
                        .where(t.c.status.in_(ACTIVE))).all()
    for tid, key, fr_at, fr_due, nu_due, res_due in rows:
        matters = deadline_that_matters(active=True, first_response_at=fr_at, first_response_due=fr_due,
                                        next_update_due=nu_due, resolution_due=res_due)
        new = matters[1] if matters else None
        if new != key:
            conn.execute(sa.update(t).where(t.c.id == tid).values(sla_due_at=new))


def downgrade() -> None:
    pass  # the keys stay valid for the older code (it sorts by whatever is stored)
