"""Deliveries keep the SHA-256 of what was delivered (a reused Idempotency-Key is refused) and
what they changed; appointments keep their field digests and key fields (no BSN); the
appointments each delivery no longer holds.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("deliveries", sa.Column("body_sha256", sa.LargeBinary(), nullable=True))
    op.add_column("deliveries", sa.Column("body_bytes", sa.BigInteger(), nullable=True))
    op.add_column(
        "deliveries",
        sa.Column("changes", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    )
    op.add_column("appointments", sa.Column("fields", sa.LargeBinary(), nullable=True))
    op.add_column("appointments", sa.Column("brin", sa.Text(), nullable=True))
    op.add_column("appointments", sa.Column("brin_volgnummer", sa.Text(), nullable=True))
    op.add_column("appointments", sa.Column("benoemingsgrondslag", sa.Text(), nullable=True))
    op.add_column("appointments", sa.Column("benoeming_begindatum", sa.Date(), nullable=True))
    op.add_column("appointments", sa.Column("row_number", sa.Integer(), nullable=True))
    op.create_index("appointments_board", "appointments", ["bevoegd_gezag"], unique=False)
    op.create_table(
        "no_longer_delivered",
        sa.Column("delivery_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("brin", sa.Text(), nullable=True),
        sa.Column("brin_volgnummer", sa.Text(), nullable=True),
        sa.Column("benoemingsgrondslag", sa.Text(), nullable=True),
        sa.Column("benoeming_begindatum", sa.Date(), nullable=True),
        sa.Column("last_delivery_id", sa.Uuid(), nullable=False),
        sa.Column("last_row_number", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("delivery_id", "position", name="no_longer_delivered_pkey"),
    )


def downgrade() -> None:
    op.drop_table("no_longer_delivered")
    op.drop_index("appointments_board", table_name="appointments")
    for column in (
        "row_number",
        "benoeming_begindatum",
        "benoemingsgrondslag",
        "brin_volgnummer",
        "brin",
        "fields",
    ):
        op.drop_column("appointments", column)
    for column in ("changes", "body_bytes", "body_sha256"):
        op.drop_column("deliveries", column)
