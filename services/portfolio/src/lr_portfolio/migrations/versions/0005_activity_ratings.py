"""Feedback afterwards: a teacher's rating (1-5, an optional comment) of an accredited
activity she attended, once per activity.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "activity_ratings",
        sa.Column("activity_code", sa.Text, nullable=False),
        sa.Column("registration_number", sa.Text, nullable=False),
        sa.Column("rating", sa.SmallInteger, nullable=False),
        sa.Column("comment", sa.Text),
        sa.Column("rated_at", sa.Date, nullable=False),
        sa.UniqueConstraint(
            "activity_code", "registration_number", name="activity_ratings_once"
        ),
        sa.CheckConstraint("rating between 1 and 5", name="activity_ratings_rating_range"),
        sa.CheckConstraint(
            "char_length(comment) <= 1000", name="activity_ratings_comment_length"
        ),
    )
    op.create_index("activity_ratings_rater", "activity_ratings", ["registration_number"])


def downgrade() -> None:
    op.drop_table("activity_ratings")
