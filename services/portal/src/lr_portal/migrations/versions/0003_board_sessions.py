"""Board sessions: a session's kind, and for a board's session the signed-in organisation,
the boards it may act for, the one it acts for and its board token.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "sessions", sa.Column("kind", sa.Text, nullable=False, server_default="anonymous")
    )
    op.add_column("sessions", sa.Column("organisation_number", sa.Text))
    op.add_column("sessions", sa.Column("organisation_kind", sa.Text))
    op.add_column(
        "sessions",
        sa.Column("boards", sa.ARRAY(sa.Text), nullable=False, server_default="{}"),
    )
    op.add_column("sessions", sa.Column("acting_board", sa.Text))
    op.add_column("sessions", sa.Column("board_token", sa.Text))
    # Sessions from before: signed in means a teacher's.
    op.execute("update sessions set kind = 'teacher' where registration_number is not null")
    op.create_check_constraint(
        "sessions_kind", "sessions", "kind in ('anonymous', 'teacher', 'board')"
    )


def downgrade() -> None:
    op.drop_constraint("sessions_kind", "sessions")
    for column in (
        "board_token",
        "acting_board",
        "boards",
        "organisation_kind",
        "organisation_number",
        "kind",
    ):
        op.drop_column("sessions", column)
