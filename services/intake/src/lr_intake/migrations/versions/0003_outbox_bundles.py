"""Outbox: a row may hold a bundle of records, and values are stored uncompressed (the step
is the same in every service: `lr_shared.outbox_migrations`).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from lr_shared import outbox_migrations

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    outbox_migrations.bundles()


def downgrade() -> None:
    outbox_migrations.undo_bundles()
