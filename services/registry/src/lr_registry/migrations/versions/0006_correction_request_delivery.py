"""Correction requests: the delivery the disputed appointment came from when the teacher asked,
so the teacher's list shows whether the board has delivered it differently since.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("correction_requests", sa.Column("delivery_id", sa.Uuid(), nullable=True))


def downgrade() -> None:
    op.drop_column("correction_requests", "delivery_id")
