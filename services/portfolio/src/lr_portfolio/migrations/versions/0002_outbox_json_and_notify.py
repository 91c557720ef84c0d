"""Outbox: headers as json (kept as written, read back without a conversion; jsonb parsed every
header on insert and printed it again for the relay), and a notification on every insert, which
wakes the relay instead of its poll (an empty poll walks the rows of open transactions).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("alter table outbox alter column headers type json using headers::json")
    op.execute(
        """
        create function outbox_notify() returns trigger language plpgsql as $$
        begin
            perform pg_notify('lr_outbox', '');
            return null;
        end $$
        """
    )
    op.execute(
        "create trigger outbox_notify after insert on outbox "
        "for each statement execute function outbox_notify()"
    )


def downgrade() -> None:
    op.execute("drop trigger outbox_notify on outbox")
    op.execute("drop function outbox_notify()")
    op.execute("alter table outbox alter column headers type jsonb using headers::jsonb")
