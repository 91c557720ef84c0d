"""Catalogue: the criteria version of the teacher panel that accredited an entry
(lr.profession.accreditations.v1); none for entries loaded from a file.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("catalogue", sa.Column("criteria_version", sa.Integer))


def downgrade() -> None:
    op.drop_column("catalogue", "criteria_version")
