"""one customer per normalised e-mail: merge duplicates, then a unique index

Revision ID: 0004
Revises: 0005
Create Date: 2026-12-02 04:30:00

Two clients creating tickets for the same new e-mail at once used to make two
customers. This revision stores every e-mail normalised (strip + casefold),
merges customers that share one (the oldest row is kept, their tickets point
at it, its empty fields are filled from the others), and makes the e-mail
unique (customers without an e-mail are exempt). The customer number was
unique already.
"""
from alembic import op
import sqlalchemy as sa
import agent_tui.store.types


revision = '0004'
down_revision = '0005'
branch_labels = None
depends_on = None

_FILLABLE = ('customer_number', 'name', 'company', 'domain')


def upgrade() -> None:
    _merge_duplicates()
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_index('ix_customers_email')
        batch_op.create_index('ix_customers_email', ['email'], unique=True,
                              sqlite_where=sa.text("email <> ''"), postgresql_where=sa.text("email <> ''"))


def downgrade() -> None:
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_index('ix_customers_email')
        batch_op.create_index('ix_customers_email', ['email'], unique=False)


def _merge_duplicates() -> None:
    from agent_tui.domain.text import clean  # the app's own rule, or lookups would miss the stored value

    conn = op.get_bind()
    customers = sa.table('customers', sa.column('id', sa.Integer), sa.column('email', sa.String),
                         sa.column('created_at', agent_tui.store.types.UTCDateTime()), *(sa.column(c, sa.String) for c in _FILLABLE))
    tickets = sa.table('tickets', sa.column('customer_id', sa.Integer))
    rows = conn.execute(sa.select(customers)).mappings().all()
    groups: dict[str, list[dict]] = {}
    for row in rows:
        key = clean(row['email'] or '').strip().casefold()  # as services.intake.normalize_email compares
        if key:
            groups.setdefault(key, []).append(dict(row))
        elif row['email'] != key:
            conn.execute(sa.update(customers).where(customers.c.id == row['id']).values(email=key))
    for key, group in groups.items():
        # The oldest row is kept (rows without a time count as oldest, then by id).
        group.sort(key=lambda r: (r['created_at'] is not None, r['created_at'] or 0, r['id']))
        keeper, others = group[0], group[1:]
        filled = {c: next((r[c] for r in group if r[c]), keeper[c]) for c in _FILLABLE}
        if others:
            ids = [r['id'] for r in others]
            conn.execute(sa.update(tickets).where(tickets.c.customer_id.in_(ids)).values(customer_id=keeper['id']))
            conn.execute(sa.delete(customers).where(customers.c.id.in_(ids)))  # frees their customer numbers
        conn.execute(sa.update(customers).where(customers.c.id == keeper['id']).values(email=key, **filled))
