"""The profession's tables: the registrations projection, panel members, criteria sets,
accreditation requests, reviews, decisions, inbox and outbox.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from lr_shared import outbox_migrations

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
TEXTS = postgresql.ARRAY(sa.Text)


def upgrade() -> None:
    op.execute("create sequence activity_code_seq start 1")
    op.create_table(
        "registrations",
        sa.Column("registration_number", sa.Text, primary_key=True),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("sectors", TEXTS, nullable=False),
        sa.Column("boards", TEXTS, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
    )
    op.create_table(
        "panel_members",
        sa.Column(
            "registration_number",
            sa.Text,
            sa.ForeignKey("registrations.registration_number", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("sector", sa.Text, nullable=False),
        sa.Column("subjects", TEXTS, nullable=False),
        sa.Column("open_reviews", sa.Integer, nullable=False, server_default="0"),
        sa.Column("opted_in_at", TZ, nullable=False),
        sa.CheckConstraint("open_reviews >= 0", name="panel_members_open_reviews_not_negative"),
    )
    op.create_index("panel_members_sector", "panel_members", ["sector", "open_reviews"])
    op.create_table(
        "criteria_sets",
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("in_force_from", TZ),
        sa.Column("created_at", TZ, nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "criteria",
        sa.Column("version", sa.Integer, sa.ForeignKey("criteria_sets.version"), nullable=False),
        sa.Column("code", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("version", "code", name="criteria_pkey"),
    )
    op.create_table(
        "accreditation_requests",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("provider_id", sa.Text, nullable=False),
        sa.Column("provider_name", sa.Text, nullable=False),
        sa.Column("provider_board", sa.Text),
        sa.Column("offer_reference", sa.Text, nullable=False),
        sa.Column("fingerprint", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("subtype", sa.Text),
        sa.Column("sectors", TEXTS, nullable=False),
        sa.Column("planned_hours", sa.Numeric(7, 2), nullable=False),
        sa.Column("core", sa.Boolean, nullable=False),
        sa.Column("start_date", sa.Date),
        sa.Column("end_date", sa.Date),
        sa.Column("on_demand", sa.Boolean, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("round", sa.Integer, nullable=False, server_default="1"),
        sa.Column("submitted_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.Column("decided_at", TZ),
        sa.Column("register_hours", sa.Numeric(7, 2)),
        sa.Column("criteria_version", sa.Integer, sa.ForeignKey("criteria_sets.version")),
        sa.Column("activity_code", sa.Text, unique=True),
        sa.UniqueConstraint(
            "provider_id", "offer_reference", name="accreditation_requests_reference"
        ),
    )
    op.create_index(
        "accreditation_requests_provider",
        "accreditation_requests",
        ["provider_id", "submitted_at"],
    )
    op.create_index(
        "accreditation_requests_awaiting",
        "accreditation_requests",
        ["updated_at"],
        postgresql_where=sa.text("state = 'awaiting_panel'"),
    )
    op.create_table(
        "reviews",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column(
            "request_id",
            sa.Uuid,
            sa.ForeignKey("accreditation_requests.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("registration_number", sa.Text),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column(
            "criteria_version", sa.Integer, sa.ForeignKey("criteria_sets.version"), nullable=False
        ),
        sa.Column("assigned_at", TZ, nullable=False),
        sa.Column("submitted_at", TZ),
        sa.Column("withdrawn_at", TZ),
        sa.Column("withdrawn_reason", sa.Text),
        sa.Column("verdict", sa.Text),
        sa.Column("proposed_hours", sa.Numeric(7, 2)),
        sa.Column("scores", postgresql.JSONB),
        sa.UniqueConstraint("request_id", "registration_number", name="reviews_one_per_teacher"),
    )
    op.create_index("reviews_reviewer", "reviews", ["registration_number"])
    op.create_index("reviews_round", "reviews", ["request_id", "round"])
    op.create_index(
        "reviews_open", "reviews", ["assigned_at"], postgresql_where=sa.text("state = 'open'")
    )
    op.create_table(
        "decisions",
        sa.Column(
            "request_id",
            sa.Uuid,
            sa.ForeignKey("accreditation_requests.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("outcome", sa.Text, nullable=False),
        sa.Column("register_hours", sa.Numeric(7, 2)),
        sa.Column(
            "criteria_version", sa.Integer, sa.ForeignKey("criteria_sets.version"), nullable=False
        ),
        sa.Column("decided_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("request_id", "round", name="decisions_pkey"),
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
    # The outbox as every service has it now (the shared steps, in the same order).
    outbox_migrations.json_headers_and_notify()
    outbox_migrations.bundles()


def downgrade() -> None:
    outbox_migrations.undo_bundles()
    outbox_migrations.undo_json_headers_and_notify()
    for table in (
        "outbox",
        "inbox",
        "decisions",
        "reviews",
        "accreditation_requests",
        "criteria",
        "criteria_sets",
        "panel_members",
        "registrations",
    ):
        op.drop_table(table)
    op.execute("drop sequence activity_code_seq")
