"""Intake joins the erasure saga: appointments keep the keyed BSN hash of their teacher (how an
erasure finds them), and `erasure_markers` keeps, per erased teacher, only that hash and the
day of the erasure, so that a board's later delivery of her is received but not passed on
(docs/privacy.md, "Redelivery after erasure").

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("appointments", sa.Column("teacher", sa.LargeBinary(), nullable=True))
    op.create_index("appointments_teacher", "appointments", ["teacher"])
    op.create_table(
        "erasure_markers",
        sa.Column("teacher", sa.LargeBinary(), primary_key=True),
        sa.Column("erased_on", sa.Date(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("erasure_markers")
    op.drop_index("appointments_teacher", table_name="appointments")
    op.drop_column("appointments", "teacher")
