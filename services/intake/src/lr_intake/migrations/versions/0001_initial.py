"""Intake's initial schema: deliveries, issues, appointment hashes, reference data,
correction requests, inbox and outbox.

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 15:56:23.052285
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('appointments',
    sa.Column('identity', sa.LargeBinary(), nullable=False),
    sa.Column('fingerprint', sa.LargeBinary(), nullable=False),
    sa.Column('bevoegd_gezag', sa.Text(), nullable=False),
    sa.Column('delivery_id', sa.Uuid(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('identity')
    )
    op.create_table('boards',
    sa.Column('bevoegd_gezag', sa.Text(), nullable=False),
    sa.Column('naam', sa.Text(), nullable=False),
    sa.Column('plaats', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('bevoegd_gezag')
    )
    op.create_table('correction_requests',
    sa.Column('request_id', sa.Uuid(), nullable=False),
    sa.Column('bevoegd_gezag', sa.Text(), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('body', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.PrimaryKeyConstraint('request_id')
    )
    op.create_index('correction_requests_board', 'correction_requests', ['bevoegd_gezag', 'requested_at'], unique=False)
    op.create_table('deliveries',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('channel', sa.Text(), nullable=False),
    sa.Column('submitted_by', sa.Text(), nullable=False),
    sa.Column('bevoegd_gezag', sa.Text(), nullable=False),
    sa.Column('idempotency_key', sa.Text(), nullable=True),
    sa.Column('format', sa.Text(), nullable=False),
    sa.Column('status', sa.Text(), nullable=False),
    sa.Column('rejection_code', sa.Text(), nullable=True),
    sa.Column('rejection_message', sa.Text(), nullable=True),
    sa.Column('rows_total', sa.Integer(), server_default='0', nullable=False),
    sa.Column('rows_accepted', sa.Integer(), server_default='0', nullable=False),
    sa.Column('rows_rejected', sa.Integer(), server_default='0', nullable=False),
    sa.Column('rows_warned', sa.Integer(), server_default='0', nullable=False),
    sa.Column('rows_unchanged', sa.Integer(), server_default='0', nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('processed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_outbox_id', sa.BigInteger(), nullable=True),
    sa.Column('report', sa.LargeBinary(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('deliveries_board', 'deliveries', ['bevoegd_gezag', 'received_at'], unique=False)
    op.create_index('deliveries_idempotency', 'deliveries', ['submitted_by', 'idempotency_key'], unique=True, postgresql_where=sa.text('idempotency_key is not null'))
    op.create_index('deliveries_processing', 'deliveries', ['status'], unique=False, postgresql_where=sa.text("status = 'processing'"))
    op.create_index('deliveries_submitter', 'deliveries', ['submitted_by', 'received_at'], unique=False)
    op.create_table('delivery_issues',
    sa.Column('delivery_id', sa.Uuid(), nullable=False),
    sa.Column('row_number', sa.Integer(), nullable=False),
    sa.Column('column_name', sa.Text(), nullable=True),
    sa.Column('code', sa.Text(), nullable=False),
    sa.Column('severity', sa.Text(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False)
    )
    op.create_index('delivery_issues_row', 'delivery_issues', ['delivery_id', 'row_number'], unique=False)
    op.create_table('grondslagen',
    sa.Column('code', sa.Text(), nullable=False),
    sa.Column('sector', sa.Text(), nullable=False),
    sa.Column('qualified', sa.Boolean(), nullable=False),
    sa.Column('omschrijving', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('code', 'sector', name='grondslagen_pkey')
    )
    op.create_table('inbox',
    sa.Column('consumer', sa.Text(), nullable=False),
    sa.Column('message_id', sa.Text(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('consumer', 'message_id', name='inbox_pkey')
    )
    op.create_table('mandates',
    sa.Column('bureau', sa.Text(), nullable=False),
    sa.Column('bevoegd_gezag', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('bureau', 'bevoegd_gezag', name='mandates_pkey')
    )
    op.create_table('onderwijsterreinen',
    sa.Column('code', sa.Text(), nullable=False),
    sa.Column('omschrijving', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_table('outbox',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('topic', sa.Text(), nullable=False),
    sa.Column('key', sa.LargeBinary(), nullable=False),
    sa.Column('value', sa.LargeBinary(), nullable=True),
    sa.Column('headers', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('payroll_bureaus',
    sa.Column('nummer', sa.Text(), nullable=False),
    sa.Column('naam', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('nummer')
    )
    op.create_table('reference_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('loaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('schools',
    sa.Column('brin', sa.Text(), nullable=False),
    sa.Column('brin_volgnummer', sa.Text(), nullable=False),
    sa.Column('naam', sa.Text(), nullable=False),
    sa.Column('plaats', sa.Text(), nullable=False),
    sa.Column('bevoegd_gezag', sa.Text(), nullable=False),
    sa.Column('sector', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('brin', 'brin_volgnummer', name='schools_pkey')
    )


def downgrade() -> None:
    op.drop_table('schools')
    op.drop_table('reference_version')
    op.drop_table('payroll_bureaus')
    op.drop_table('outbox')
    op.drop_table('onderwijsterreinen')
    op.drop_table('mandates')
    op.drop_table('inbox')
    op.drop_table('grondslagen')
    op.drop_index('delivery_issues_row', table_name='delivery_issues')
    op.drop_table('delivery_issues')
    op.drop_index('deliveries_submitter', table_name='deliveries')
    op.drop_index('deliveries_processing', table_name='deliveries', postgresql_where=sa.text("status = 'processing'"))
    op.drop_index('deliveries_idempotency', table_name='deliveries', postgresql_where=sa.text('idempotency_key is not null'))
    op.drop_index('deliveries_board', table_name='deliveries')
    op.drop_table('deliveries')
    op.drop_index('correction_requests_board', table_name='correction_requests')
    op.drop_table('correction_requests')
    op.drop_table('boards')
    op.drop_table('appointments')
