"""Every opening of a share link (which share, when), for the teacher's list of who looked at
her data; no copy of what it showed, no foreign key (a revoked share's openings stay).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "share_openings",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("registration_number", sa.Text, nullable=False),
        sa.Column("share_id", sa.Uuid, nullable=False),
        sa.Column("view", sa.Text, nullable=False),
        sa.Column("period_start", sa.Date),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "share_openings_teacher", "share_openings", ["registration_number", "opened_at"]
    )


def downgrade() -> None:
    op.drop_table("share_openings")
