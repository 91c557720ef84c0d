"""Contacts, notifications with their outcome, erasure requests, inbox and outbox.

Revision ID: 0001
Revises:
Create Date: 2026-10-01
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "contacts",
        sa.Column("registration_number", sa.Text, primary_key=True),
        sa.Column("voorletters", sa.Text, nullable=False),
        sa.Column("tussenvoegsel", sa.Text, nullable=False),
        sa.Column("achternaam", sa.Text, nullable=False),
        sa.Column("email", sa.Text, nullable=True),
        sa.Column("language", sa.Text, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_table(
        "notifications",
        sa.Column("id", postgresql.UUID(as_uuid=True), primary_key=True),
        sa.Column("registration_number", sa.Text, nullable=False),
        sa.Column("notification_key", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("period_end", sa.Date, nullable=True),
        sa.Column("moment", sa.Text, nullable=True),
        sa.Column("occurred_at", TS, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.Column("next_attempt_at", TS, nullable=True),
        sa.Column("last_attempt_at", TS, nullable=True),
        sa.Column("sent_at", TS, nullable=True),
        sa.Column("recipient", sa.Text, nullable=True),
        sa.Column("smtp_code", sa.Integer, nullable=True),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.UniqueConstraint(
            "registration_number", "notification_key", name="notifications_occasion_key"
        ),
        sa.CheckConstraint(
            "status in ('awaiting_contact', 'pending', 'sending', 'sent', 'failed', 'no_address',"
            " 'cancelled')",
            name="notifications_status_check",
        ),
    )
    op.create_index(
        "notifications_due_idx",
        "notifications",
        ["next_attempt_at"],
        postgresql_where=sa.text("status in ('pending', 'sending')"),
    )
    op.create_table(
        "erasure_requests",
        sa.Column("request_id", postgresql.UUID(as_uuid=True), primary_key=True),
        sa.Column("registration_number", sa.Text, nullable=False),
        sa.Column("requested_at", TS, nullable=False),
        sa.Column("completed_at", TS, nullable=True),
    )
    op.create_index(
        "ix_erasure_requests_registration_number", "erasure_requests", ["registration_number"]
    )
    op.create_table(
        "inbox",
        sa.Column("consumer", sa.Text, nullable=False),
        sa.Column("message_id", sa.Text, nullable=False),
        sa.Column("received_at", TS, nullable=False, server_default=sa.func.now()),
        sa.PrimaryKeyConstraint("consumer", "message_id", name="inbox_pkey"),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.BigInteger, sa.Identity(always=False), primary_key=True),
        sa.Column("topic", sa.Text, nullable=False),
        sa.Column("key", sa.LargeBinary, nullable=False),
        sa.Column("value", sa.LargeBinary, nullable=True),
        sa.Column("headers", postgresql.JSONB, nullable=False),
        sa.Column("created_at", TS, nullable=False, server_default=sa.func.now()),
    )


def downgrade() -> None:
    for table in ("outbox", "inbox", "erasure_requests", "notifications", "contacts"):
        op.drop_table(table)
