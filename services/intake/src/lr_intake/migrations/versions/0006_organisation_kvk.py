"""Boards and payroll bureaus get their KvK number (optional): eHerkenning names the
organisation that signs in by it, and `POST /v1/board-token` finds the board or bureau by it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("boards", sa.Column("kvk", sa.Text(), nullable=True))
    op.add_column("payroll_bureaus", sa.Column("kvk", sa.Text(), nullable=True))
    op.create_index("boards_kvk", "boards", ["kvk"])
    op.create_index("payroll_bureaus_kvk", "payroll_bureaus", ["kvk"])


def downgrade() -> None:
    op.drop_index("payroll_bureaus_kvk", table_name="payroll_bureaus")
    op.drop_index("boards_kvk", table_name="boards")
    op.drop_column("payroll_bureaus", "kvk")
    op.drop_column("boards", "kvk")
