"""The inbox: de-duplicates incoming messages inside the handler's own transaction.

A consumer claims the message ids of a batch; only the ids never claimed before come back, and
the claim commits with the effects of handling them. A redelivered message therefore changes
nothing, even after a crash between the database commit and the Kafka offset commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Column, DateTime, MetaData, PrimaryKeyConstraint, Table, Text, func, text
from sqlalchemy.ext.asyncio import AsyncSession

from lr_shared import failpoints


def inbox_table(metadata: MetaData) -> Table:
    return Table(
        "inbox",
        metadata,
        Column("consumer", Text, nullable=False),
        Column("message_id", Text, nullable=False),
        Column("received_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        PrimaryKeyConstraint("consumer", "message_id", name="inbox_pkey"),
    )


_CLAIM = text(
    """
    insert into inbox (consumer, message_id)
    select :consumer, unnest(cast(:ids as text[]))
    on conflict do nothing
    returning message_id
    """
)


_CLAIM_RAW = """
insert into inbox (consumer, message_id)
select $1, unnest($2::text[])
on conflict do nothing
returning message_id
"""

_PRUNE = text("delete from inbox where received_at < now() - make_interval(days => :days)")

INBOX_RETENTION_DAYS = 45
"""Longer than any topic keeps a message (30 days), so a message can't come back after its
inbox entry is gone."""


async def prune(session: AsyncSession, *, days: int = INBOX_RETENTION_DAYS) -> int:
    """Forget entries older than any message that could still be redelivered."""
    result = await session.execute(_PRUNE, {"days": days})
    return int(getattr(result, "rowcount", 0) or 0)


async def claim(session: AsyncSession, consumer: str, message_ids: Sequence[str]) -> set[str]:
    """Record the ids as handled by `consumer`; return those that were not handled before."""
    if not message_ids:
        return set()
    result = await session.execute(_CLAIM, {"consumer": consumer, "ids": list(message_ids)})
    claimed = {row[0] for row in result}
    failpoints.hit("inbox.after-claim")
    return claimed


async def claim_raw(connection: Any, consumer: str, message_ids: Sequence[str]) -> set[str]:
    """`claim` on the unit of work's asyncpg connection (`lr_shared.db.raw_connection`), for hot
    paths where SQLAlchemy's layer costs more per message than the insert itself."""
    if not message_ids:
        return set()
    claimed = {r[0] for r in await connection.fetch(_CLAIM_RAW, consumer, list(message_ids))}
    failpoints.hit("inbox.after-claim")
    return claimed
