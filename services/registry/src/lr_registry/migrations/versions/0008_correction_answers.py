"""Correction requests go on: the values the teacher disputed (to tell when a redelivery has
changed them), the board's answer, and when a redelivery resolved the request.

`disputed` holds, per disputed field, the value delivered when the teacher asked (JSON, dates
as ISO strings). Requests filed before this migration have none and are resolved only by the
board's answer.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "correction_requests",
        sa.Column("disputed", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    )
    op.add_column("correction_requests", sa.Column("decision", sa.Text(), nullable=True))
    op.add_column("correction_requests", sa.Column("reason", sa.Text(), nullable=True))
    op.add_column(
        "correction_requests",
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.add_column(
        "correction_requests",
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.add_column(
        "correction_requests", sa.Column("resolved_by_delivery", sa.Uuid(), nullable=True)
    )
    op.create_check_constraint(
        "correction_requests_decision",
        "correction_requests",
        "decision is null or decision in ('accepted', 'rejected')",
    )
    # The requests a delivery may still resolve: few, looked up per applied batch.
    op.create_index(
        "correction_requests_unresolved",
        "correction_requests",
        ["registration_number"],
        postgresql_where=sa.text("resolved_at is null"),
    )


def downgrade() -> None:
    op.drop_index("correction_requests_unresolved", "correction_requests")
    op.drop_constraint("correction_requests_decision", "correction_requests")
    for column in ("resolved_by_delivery", "resolved_at", "answered_at", "reason", "decision"):
        op.drop_column("correction_requests", column)
    op.drop_column("correction_requests", "disputed")
