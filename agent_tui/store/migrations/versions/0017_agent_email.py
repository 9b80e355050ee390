"""agents' e-mail addresses: SLA warnings by mail (issue 16, a policy's ``warn_mail``)

Revision ID: 0017_agent_email
Revises: 0016_kb_translations
Create Date: 2026-12-07 21:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0017_agent_email'
down_revision = '0016_kb_translations'
branch_labels = None
depends_on = None


# Not batch mode: on SQLite that copies the table, which the tickets' foreign keys to agents refuse;
# ADD COLUMN and DROP COLUMN (SQLite >= 3.35) change it in place on both backends.
def upgrade() -> None:
    op.add_column('agents', sa.Column('email', sa.String(length=320), nullable=False, server_default=''))


def downgrade() -> None:
    op.drop_column('agents', 'email')
