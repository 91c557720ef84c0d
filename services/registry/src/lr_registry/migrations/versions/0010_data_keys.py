"""Crypto-shredding: the teachers' data keys (docs/privacy.md, "Crypto-shredding").

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "data_keys",
        sa.Column("bsn_hash", sa.Text, primary_key=True),
        sa.Column("key_id", sa.Uuid, nullable=False, unique=True),
        sa.Column("wrapped", sa.LargeBinary, nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )


def downgrade() -> None:
    op.drop_table("data_keys")
