"""The shared retention purge on the real database: exactly the rows past their retention go,
in bounded batches, and two replicas never run one purge at once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from lr_shared.db import UnitOfWork, create_sessionmaker
from lr_shared.retention import Purge, delete_rows, run_purge, run_purges

pytestmark = pytest.mark.integration

NOW = datetime(2026, 9, 1, 12, tzinfo=UTC)
RETENTION = timedelta(days=30)
CUTOFF = NOW - RETENTION

_DELETE = """
delete from aged where id in (
    select id from aged where at < :cutoff order by at limit :limit for update skip locked)
returning 1
"""


async def _fill(engine: AsyncEngine, ages: dict[int, datetime]) -> None:
    async with engine.begin() as connection:
        await connection.execute(
            text("create table aged (id int primary key, at timestamptz not null)")
        )
        for row_id, at in ages.items():
            await connection.execute(
                text("insert into aged (id, at) values (:id, :at)"), {"id": row_id, "at": at}
            )


async def _left(engine: AsyncEngine) -> set[int]:
    async with engine.connect() as connection:
        return {r[0] for r in await connection.execute(text("select id from aged"))}


async def _batch(uow: UnitOfWork, cutoff: datetime, limit: int) -> int:
    return await delete_rows(uow.session, _DELETE, cutoff, limit)


async def test_a_purge_removes_exactly_the_rows_past_their_retention_in_small_batches(
    engine: AsyncEngine,
) -> None:
    just_past = CUTOFF - timedelta(microseconds=1)
    old = {i: CUTOFF - timedelta(days=i) for i in range(1, 6)} | {6: just_past}
    young = {10: CUTOFF, 11: CUTOFF + timedelta(seconds=1), 12: NOW}
    await _fill(engine, old | young)
    batches: list[int] = []

    async def counted(uow: UnitOfWork, cutoff: datetime, limit: int) -> int:
        batches.append(await _batch(uow, cutoff, limit))
        return batches[-1]

    sessions = create_sessionmaker(engine)
    purge = Purge("test.aged", RETENTION, counted)
    removed = await run_purges(lambda: UnitOfWork(sessions), [purge], NOW, batch_size=4)

    assert removed == {"test.aged": 6}
    assert await _left(engine) == set(young)
    assert batches == [4, 2, 0]  # never more than the batch size in one transaction


async def test_two_replicas_never_run_the_same_purge_at_once(engine: AsyncEngine) -> None:
    await _fill(engine, {i: CUTOFF - timedelta(days=1) for i in range(1, 4)})
    sessions = create_sessionmaker(engine)
    holding, release = asyncio.Event(), asyncio.Event()

    async def slow(uow: UnitOfWork, cutoff: datetime, limit: int) -> int:
        removed = await _batch(uow, cutoff, limit)
        if removed:
            holding.set()
            await release.wait()  # the first replica keeps its transaction (and lock) open
        return removed

    first = asyncio.create_task(
        run_purge(
            lambda: UnitOfWork(sessions), Purge("test.aged", RETENTION, slow), NOW, batch_size=10
        )
    )
    await asyncio.wait_for(holding.wait(), timeout=10)
    second = await run_purge(
        lambda: UnitOfWork(sessions), Purge("test.aged", RETENTION, _batch), NOW, batch_size=10
    )
    release.set()

    assert second == 0  # it found the purge taken and left it, without waiting
    assert await asyncio.wait_for(first, timeout=10) == 3
    assert await _left(engine) == set()
