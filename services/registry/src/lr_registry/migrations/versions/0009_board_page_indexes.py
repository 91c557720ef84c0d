"""A board's first page without reading all its teachers: the teachers in name order
(`teachers_by_name`, in the database's collation, so that `order by lower(achternaam),
registration_number` can walk it; `teachers_achternaam_lower` is `text_pattern_ops` for the
public lookup's prefix search and cannot order), and `appointments_by_board` covering the
end date and the BRIN, so that a board's count and its active-appointment check read the
index only (docs/boards-registry.md). `appointments_by_board` is replaced, not joined by a
second index: the national delivery writes every appointment through each index.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("create index teachers_by_name on teachers (lower(achternaam), registration_number)")
    op.drop_index("appointments_by_board", table_name="appointments")
    op.create_index(
        "appointments_by_board",
        "appointments",
        ["bevoegd_gezag", "registration_number"],
        postgresql_include=["benoeming_einddatum", "brin"],
    )


def downgrade() -> None:
    op.drop_index("appointments_by_board", table_name="appointments")
    op.create_index(
        "appointments_by_board", "appointments", ["bevoegd_gezag", "registration_number"]
    )
    op.drop_index("teachers_by_name", table_name="teachers")
