"""Retention: scheduled purges that remove what is past its retention (docs/privacy.md).

A service declares its purges (a name, a retention and a batch function) and runs them with
`purge_forever` on every replica. Each batch is one short transaction that first takes a
transaction-level advisory lock of its purge (`pg_try_advisory_xact_lock`): while one replica
is purging a table, another skips that purge until its next round instead of deleting the same
rows or waiting on their locks. A batch removes at most `limit` rows, so a big purge is many
small transactions and never holds many locks for long; the batch functions select their rows
`for update skip locked`, so they also step around rows the service itself is changing.

Time is injected: the cutoff is `now - retention`, and a row exactly at the cutoff is kept.
Only counts are logged, never what a row held.
"""

from __future__ import annotations

import asyncio
import logging
import zlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from prometheus_client import Counter
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from lr_shared.db import UnitOfWork

log = logging.getLogger(__name__)

PURGED = Counter("lr_retention_purged_total", "Rows removed by a retention purge", ["purge"])

# The advisory lock's first key: purges never share a lock with the outbox relay's (one key).
_LOCK_CLASS = 21
_TRY_LOCK = text("select pg_try_advisory_xact_lock(:cls, :key)")

U = TypeVar("U", bound=UnitOfWork)


@dataclass(frozen=True)
class Purge(Generic[U]):
    """One retention. `batch(uow, cutoff, limit)` removes at most `limit` rows older than
    `cutoff` in the unit of work's transaction (without committing) and returns how many; the
    purge is done when a batch removes none."""

    name: str
    retention: timedelta
    batch: Callable[[U, datetime, int], Awaitable[int]]

    @property
    def lock_key(self) -> int:
        # Signed 32-bit, as pg_try_advisory_xact_lock(int, int) takes it.
        return zlib.crc32(self.name.encode()) - 2**31

    def cutoff(self, now: datetime) -> datetime:
        return now - self.retention


def days(value: int) -> timedelta:
    return timedelta(days=value)


async def run_purge(
    uow_factory: Callable[[], U], purge: Purge[U], now: datetime, *, batch_size: int
) -> int:
    """Run one purge to the end (or until another replica holds it); the rows removed."""
    cutoff = purge.cutoff(now)
    removed = 0
    while True:
        async with uow_factory() as uow:
            if not await _try_lock(uow.session, purge.lock_key):
                break
            batch = await purge.batch(uow, cutoff, batch_size)
            await uow.commit()
        removed += batch
        if batch == 0:
            break
    if removed:
        PURGED.labels(purge=purge.name).inc(removed)
    log.info("retention purge", extra={"purge": purge.name, "rows": removed})
    return removed


async def run_purges(
    uow_factory: Callable[[], U], purges: Sequence[Purge[U]], now: datetime, *, batch_size: int
) -> dict[str, int]:
    """Every purge once, in order: {name: rows removed}. Tests call this with their own `now`."""
    return {p.name: await run_purge(uow_factory, p, now, batch_size=batch_size) for p in purges}


async def purge_forever(
    uow_factory: Callable[[], U],
    purges: Sequence[Purge[U]],
    clock: Callable[[], datetime],
    *,
    interval_seconds: float,
    batch_size: int,
) -> None:
    """The background task: all purges every `interval_seconds`, the first an interval after
    the start (a start is busy enough, and a test's own purge never meets the background's);
    a failure waits a round."""
    while True:
        await asyncio.sleep(interval_seconds)
        try:
            await run_purges(uow_factory, purges, clock(), batch_size=batch_size)
        except Exception:
            log.exception("retention purge failed; trying again at the next interval")


async def _try_lock(session: AsyncSession, key: int) -> bool:
    result = await session.execute(_TRY_LOCK, {"cls": _LOCK_CLASS, "key": key})
    return bool(result.scalar_one())


async def delete_rows(session: AsyncSession, statement: str, cutoff: datetime, limit: int) -> int:
    """Execute a `delete ... returning 1` that takes `:cutoff` and `:limit`; the rows deleted."""
    result = await session.execute(text(statement), {"cutoff": cutoff, "limit": limit})
    return len(result.fetchall())
