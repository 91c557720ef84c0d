"""Started DigiD sign-ins (state, nonce, PKCE verifier), each bound to a session.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "pending_sign_ins",
        sa.Column("state_hash", sa.Text, primary_key=True),
        sa.Column("session_id_hash", sa.Text, nullable=False),
        sa.Column("nonce", sa.Text, nullable=False),
        sa.Column("code_verifier", sa.Text, nullable=False),
        sa.Column("return_to", sa.Text, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_index("ix_pending_sign_ins_created_at", "pending_sign_ins", ["created_at"])


def downgrade() -> None:
    op.drop_table("pending_sign_ins")
