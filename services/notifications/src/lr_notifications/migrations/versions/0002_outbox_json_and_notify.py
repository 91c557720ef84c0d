"""Outbox: headers as json, and a notification on every insert that wakes the relay (the
step is the same in every service: `lr_shared.outbox_migrations`).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from lr_shared import outbox_migrations

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    outbox_migrations.json_headers_and_notify()


def downgrade() -> None:
    outbox_migrations.undo_json_headers_and_notify()
