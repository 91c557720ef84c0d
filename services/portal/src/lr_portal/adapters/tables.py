"""The portal's one table: server-side sessions (no register data lives here)."""

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
)
