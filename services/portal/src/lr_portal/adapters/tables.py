"""The portal's tables: server-side sessions (a teacher's, a board's or a provider's) and
started DigiD sign-ins (no register data)."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

TZ = sa.DateTime(timezone=True)

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("id_hash", sa.Text, primary_key=True),
    sa.Column("csrf_token", sa.Text, nullable=False),
    sa.Column("created_at", TZ, nullable=False),
    sa.Column("last_seen_at", TZ, nullable=False, index=True),
    sa.Column("registration_number", sa.Text),
    sa.Column("register_token", sa.Text),
    sa.Column("token_expires_at", TZ),
    sa.Column("kind", sa.Text, nullable=False, server_default="anonymous"),
    sa.Column("organisation_number", sa.Text),
    sa.Column("organisation_kind", sa.Text),
    sa.Column("boards", sa.ARRAY(sa.Text), nullable=False, server_default="{}"),
    sa.Column("acting_board", sa.Text),
    sa.Column("board_token", sa.Text),
    sa.Column("data_version", sa.Integer, nullable=False, server_default="0"),
    sa.Column("provider_id", sa.Text),
    sa.Column("provider_name", sa.Text),
    sa.Column("provider_token", sa.Text),
)

# A DigiD sign-in between the redirect to the provider and its callback (adapters/oidc.py).
pending_sign_ins = sa.Table(
    "pending_sign_ins",
    metadata,
    sa.Column("state_hash", sa.Text, primary_key=True),
    sa.Column("session_id_hash", sa.Text, nullable=False),
    sa.Column("nonce", sa.Text, nullable=False),
    sa.Column("code_verifier", sa.Text, nullable=False),
    sa.Column("return_to", sa.Text, nullable=False),
    sa.Column("created_at", TZ, nullable=False, index=True),
)
