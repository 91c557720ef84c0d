"""Schema steps of the outbox that every service's migrations apply to its own database.

A step is named for what it does and is not changed once released: each service's migration
calls it, so the outbox changes the same way in all four databases. (The outbox's first
version is in each service's initial migration.)
"""

from __future__ import annotations

from alembic import op

from lr_shared.outbox import NOTIFY_CHANNEL


def json_headers_and_notify() -> None:
    """Headers as json (kept as written and read back without a conversion: jsonb parsed
    every header on insert and printed it again for the relay), and a notification to
    `NOTIFY_CHANNEL` at the commit of every transaction that inserted rows, which wakes the
    relay instead of its poll (an empty poll walks the rows of open transactions)."""
    op.execute("alter table outbox alter column headers type json using headers::json")
    op.execute(
        f"""
        create function outbox_notify() returns trigger language plpgsql as $$
        begin
            perform pg_notify('{NOTIFY_CHANNEL}', '');
            return null;
        end $$
        """
    )
    op.execute(
        "create trigger outbox_notify after insert on outbox "
        "for each statement execute function outbox_notify()"
    )


def undo_json_headers_and_notify() -> None:
    op.execute("drop trigger outbox_notify on outbox")
    op.execute("drop function outbox_notify()")
    op.execute("alter table outbox alter column headers type jsonb using headers::jsonb")


def bundles() -> None:
    """A row may hold a bundle of records (`records`: their count; null is one record), and a
    value is stored uncompressed: a bundle of 5,000 appointments is 3.5 MB of JSON, which
    pglz compressed on insert and decompressed for the relay at more cost than it saved."""
    op.execute("alter table outbox add column records integer")
    op.execute("alter table outbox alter column value set storage external")


def undo_bundles() -> None:
    """Refused while bundles wait: the version before cannot send them."""
    op.execute(
        """
        do $$ begin
            if exists (select from outbox where records is not null) then
                raise exception 'the outbox holds bundles: let the relay send them first';
            end if;
        end $$
        """
    )
    op.execute("alter table outbox alter column value set storage extended")
    op.execute("alter table outbox drop column records")
