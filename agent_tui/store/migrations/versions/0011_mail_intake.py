"""mail intake: inbound mails (exactly once by Message-ID), raw blobs, attachments, IMAP folder state,
messages.mail_message_id for threading, customers.bouncing_since

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-02 14:40:00
"""
from alembic import op
import sqlalchemy as sa
import agent_tui.store.types


revision = '0011'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('imap_folders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account', sa.String(length=400), nullable=False),
    sa.Column('folder', sa.String(length=400), nullable=False),
    sa.Column('uidvalidity', sa.Integer(), nullable=False),
    sa.Column('last_uid', sa.Integer(), nullable=False),
    sa.Column('updated_at', agent_tui.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('account', 'folder', name='uq_imap_folder')
    )
    op.create_table('raw_blobs',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', agent_tui.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('sha256')
    )
    op.create_table('inbound_mails',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.String(length=998), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('raw_sha256', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=500), nullable=False),
    sa.Column('received_at', agent_tui.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('from_addr', sa.String(length=320), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('cc', sa.JSON(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('message_row_id', sa.Integer(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['message_row_id'], ['messages.id'], ),
    sa.ForeignKeyConstraint(['raw_sha256'], ['raw_blobs.sha256'], ),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('message_id')
    )
    with op.batch_alter_table('inbound_mails', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inbound_mails_content_hash'), ['content_hash'], unique=False)
        batch_op.create_index('ix_inbound_mails_sender', ['from_addr', 'received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_inbound_mails_received_at'), ['received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_inbound_mails_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_inbound_mails_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('message_row_id', sa.Integer(), nullable=True),
    sa.Column('inbound_mail_id', sa.Integer(), nullable=True),
    sa.Column('filename', sa.String(length=500), nullable=False),
    sa.Column('content_type', sa.String(length=200), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('inline', sa.Boolean(), nullable=False),
    sa.Column('content_id', sa.String(length=998), nullable=True),
    sa.Column('created_at', agent_tui.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['inbound_mail_id'], ['inbound_mails.id'], ),
    sa.ForeignKeyConstraint(['message_row_id'], ['messages.id'], ),
    sa.ForeignKeyConstraint(['sha256'], ['raw_blobs.sha256'], ),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachments_message_row_id'), ['message_row_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachments_ticket_id'), ['ticket_id'], unique=False)

    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bouncing_since', agent_tui.store.types.UTCDateTime(timezone=True), nullable=True))

    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mail_message_id', sa.String(length=998), nullable=True))
        batch_op.create_index(batch_op.f('ix_messages_mail_message_id'), ['mail_message_id'], unique=False)



def downgrade() -> None:
    # Not batch mode for the old tables: on SQLite that copies them, which the foreign keys refuse.
    # A plain DROP COLUMN works on SQLite >= 3.35 and PostgreSQL.
    op.drop_index('ix_messages_mail_message_id', table_name='messages')
    op.drop_column('messages', 'mail_message_id')
    op.drop_column('customers', 'bouncing_since')
    op.drop_table('attachments')
    op.drop_table('inbound_mails')
    op.drop_table('raw_blobs')
    op.drop_table('imap_folders')
