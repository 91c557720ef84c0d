"""Feedback afterwards: an offer may re-accredit the provider's own earlier accepted activity
(`reaccreditation_of`), and the portfolio's anonymous feedback per activity code
(lr.portfolio.activity-feedback.v1) is kept for that offer's panel.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("accreditation_requests", sa.Column("reaccreditation_of", sa.Text))
    op.create_table(
        "activity_feedback",
        sa.Column("activity_code", sa.Text, primary_key=True),
        sa.Column("ratings_count", sa.Integer),
        sa.Column("average_rating", sa.Numeric(3, 2)),
        sa.Column("distribution", ARRAY(sa.Integer)),
        sa.Column("comments", JSONB, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("activity_feedback")
    op.drop_column("accreditation_requests", "reaccreditation_of")
