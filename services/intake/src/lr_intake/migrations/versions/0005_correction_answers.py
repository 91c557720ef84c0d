"""Boards answer correction requests: the answer (accepted, or rejected with a reason), who
answered (the token's subject: a board or payroll bureau, never a person), and when a
redelivery resolved the request (the registry's word, lr.registry.correction-resolutions.v1).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("correction_requests", sa.Column("decision", sa.Text(), nullable=True))
    op.add_column("correction_requests", sa.Column("reason", sa.Text(), nullable=True))
    op.add_column("correction_requests", sa.Column("answered_by", sa.Text(), nullable=True))
    op.add_column(
        "correction_requests",
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.add_column(
        "correction_requests",
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.add_column("correction_requests", sa.Column("resolved_by", sa.Uuid(), nullable=True))
    op.create_check_constraint(
        "correction_requests_decision",
        "correction_requests",
        "decision is null or decision in ('accepted', 'rejected')",
    )


def downgrade() -> None:
    op.drop_constraint("correction_requests_decision", "correction_requests")
    for column in ("resolved_by", "resolved_at", "answered_at", "answered_by", "reason"):
        op.drop_column("correction_requests", column)
    op.drop_column("correction_requests", "decision")
