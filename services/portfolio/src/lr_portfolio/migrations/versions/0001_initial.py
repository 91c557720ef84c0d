"""The portfolio's tables: registrations, activities with evidence, progress, shares, catalogue,
inbox and outbox.

Revision ID: 0001
Revises:
Create Date: 2026-01-01
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "registrations",
        sa.Column("registration_number", sa.Text, primary_key=True),
        sa.Column("period_start", sa.Date),
        sa.Column("period_end", sa.Date),
        sa.Column("sectors", postgresql.ARRAY(sa.Text), nullable=False, server_default="{}"),
        sa.Column("voorletters", sa.Text, nullable=False, server_default=""),
        sa.Column("tussenvoegsel", sa.Text, nullable=False, server_default=""),
        sa.Column("achternaam", sa.Text, nullable=False, server_default=""),
        sa.Column("updated_at", TZ, nullable=False),
    )
    op.create_table(
        "activities",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("registration_number", sa.Text, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("subtype", sa.Text),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("provider", sa.Text, nullable=False, server_default=""),
        sa.Column("subject", sa.Text, nullable=False, server_default=""),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date),
        sa.Column("hours", sa.Numeric(7, 2), nullable=False),
        sa.Column("core", sa.Boolean, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("activity_code", sa.Text),
        sa.Column("provider_id", sa.Text),
        sa.Column("attendance_id", sa.Text),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.UniqueConstraint("provider_id", "attendance_id", name="activities_attendance_key"),
    )
    op.create_index("activities_owner", "activities", ["registration_number"])
    op.create_table(
        "evidence",
        sa.Column(
            "activity_id",
            sa.Uuid,
            sa.ForeignKey("activities.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("filename", sa.Text, nullable=False),
        sa.Column("content_type", sa.Text, nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("sha256", sa.Text, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "progress",
        sa.Column("registration_number", sa.Text, nullable=False),
        sa.Column("period_start", sa.Date, nullable=False),
        sa.Column("period_end", sa.Date, nullable=False),
        sa.Column("total_hours", sa.Numeric(9, 2), nullable=False),
        sa.Column("core_hours", sa.Numeric(9, 2), nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("registration_number", "period_start", name="progress_pkey"),
    )
    op.create_table(
        "shares",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("registration_number", sa.Text, nullable=False),
        sa.Column("token_hash", sa.Text, nullable=False, unique=True),
        sa.Column("view", sa.Text, nullable=False),
        sa.Column("period_start", sa.Date),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
    )
    op.create_index("shares_owner", "shares", ["registration_number"])
    op.create_table(
        "catalogue",
        sa.Column("activity_code", sa.Text, primary_key=True),
        sa.Column("provider_id", sa.Text, nullable=False),
        sa.Column("provider_name", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("subtype", sa.Text),
        sa.Column("register_hours", sa.Numeric(7, 2), nullable=False),
        sa.Column("core", sa.Boolean, nullable=False),
    )
    op.create_table(
        "inbox",
        sa.Column("consumer", sa.Text, nullable=False),
        sa.Column("message_id", sa.Text, nullable=False),
        sa.Column("received_at", TZ, nullable=False, server_default=sa.func.now()),
        sa.PrimaryKeyConstraint("consumer", "message_id", name="inbox_pkey"),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.BigInteger, sa.Identity(always=False), primary_key=True),
        sa.Column("topic", sa.Text, nullable=False),
        sa.Column("key", sa.LargeBinary, nullable=False),
        sa.Column("value", sa.LargeBinary),
        sa.Column("headers", postgresql.JSONB, nullable=False),
        sa.Column("created_at", TZ, nullable=False, server_default=sa.func.now()),
    )


def downgrade() -> None:
    for table in (
        "outbox",
        "inbox",
        "catalogue",
        "shares",
        "progress",
        "evidence",
        "activities",
        "registrations",
    ):
        op.drop_table(table)
