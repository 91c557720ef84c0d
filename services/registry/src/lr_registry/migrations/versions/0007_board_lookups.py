"""Boards read their teachers: an index on the appointments by board, and the record of every
look-up (which board, whose token, what kind, when, which teachers it showed), so that a
teacher can be told who looked (docs/boards-registry.md).

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
    op.create_index(
        "appointments_by_board", "appointments", ["bevoegd_gezag", "registration_number"]
    )
    op.create_table(
        "board_lookups",
        sa.Column("id", sa.BigInteger, sa.Identity(always=False), primary_key=True),
        sa.Column("bevoegd_gezag", sa.Text, nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("shown", sa.Integer, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind in ('list', 'csv', 'check')", name="board_lookups_kind"),
    )
    # No foreign keys: their checks cost more than the rows (a CSV records 20,000 at once);
    # the rows are written with the read that showed those teachers, and erasure deletes a
    # teacher's rows with the teacher.
    op.create_table(
        "board_lookup_registrations",
        sa.Column("registration_number", sa.Text, nullable=False),
        sa.Column("lookup_id", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint(
            "registration_number", "lookup_id", name="board_lookup_registrations_pkey"
        ),
    )


def downgrade() -> None:
    op.drop_table("board_lookup_registrations")
    op.drop_table("board_lookups")
    op.drop_index("appointments_by_board", table_name="appointments")
