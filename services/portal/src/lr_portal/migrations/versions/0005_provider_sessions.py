"""Training providers' sessions (the accreditation pages, /aanbieders): the kind `provider`, and
the provider's id, name and provider token.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sessions", sa.Column("provider_id", sa.Text))
    op.add_column("sessions", sa.Column("provider_name", sa.Text))
    op.add_column("sessions", sa.Column("provider_token", sa.Text))
    op.drop_constraint("sessions_kind", "sessions")
    op.create_check_constraint(
        "sessions_kind", "sessions", "kind in ('anonymous', 'teacher', 'board', 'provider')"
    )


def downgrade() -> None:
    op.execute("delete from sessions where kind = 'provider'")
    op.drop_constraint("sessions_kind", "sessions")
    op.create_check_constraint(
        "sessions_kind", "sessions", "kind in ('anonymous', 'teacher', 'board')"
    )
    for column in ("provider_token", "provider_name", "provider_id"):
        op.drop_column("sessions", column)
