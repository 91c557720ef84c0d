"""Progress: hours as plain numeric. ProgressV1 bounds no total and portfolio keeps up to
9,999,999.99; numeric(8, 2) failed a larger report's batch again and again, holding up the
partition's progress.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for column in ("total_hours", "core_hours"):
        op.alter_column("progress", column, type_=sa.Numeric(), existing_nullable=False)


def downgrade() -> None:
    for column in ("total_hours", "core_hours"):
        op.alter_column("progress", column, type_=sa.Numeric(8, 2), existing_nullable=False)
