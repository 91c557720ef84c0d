"""The session store's read path on the real PostgreSQL: every page's look-up runs on an engine
without the pool's ping, so a connection the database dropped must not cost the visitor a page."""

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import asyncpg

from lr_portal.adapters.sessions import CACHE_SECONDS, SqlSessionStore
from lr_portal.domain import session as sessions
from lr_portal.entrypoints.app import MIGRATIONS
from lr_shared.db import create_engine, run_migrations

READS = "lr-portal-sessions-test"


async def test_a_session_is_found_after_the_database_dropped_the_read_connections(
    database_url: str,
) -> None:
    await run_migrations(MIGRATIONS, database_url)
    engine = create_engine(database_url, pool_size=2)
    reads = create_engine(database_url, pool_size=2, application_name=READS, pre_ping=False)
    store = SqlSessionStore(engine, reads=reads)
    try:
        started = sessions.anonymous("the-cookie", datetime(2026, 12, 4, 12, 0, tzinfo=UTC))
        await store.save(started)
        assert await store.get(started.id_hash) == started

        # What a restart or failover of PostgreSQL does to the idle pooled connections.
        admin = await asyncpg.connect(database_url.replace("+asyncpg", ""))
        try:
            ended = await admin.fetchval(
                "select count(*) from (select pg_terminate_backend(pid) from pg_stat_activity"
                " where application_name = $1) t",
                READS,
            )
        finally:
            await admin.close()
        assert ended == 1

        assert await store.get(started.id_hash) == started
        assert await store.get(sessions.hash_session_id("another-cookie")) is None
    finally:
        await store.close()
        await engine.dispose()


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def _listening(store: SqlSessionStore, dsn: str) -> asyncio.Task[None]:
    task = asyncio.create_task(store.listen_forever(dsn))
    for _ in range(200):
        if store.listening:  # the copies are used from here on
            return task
        await asyncio.sleep(0.01)
    raise AssertionError("the store never started listening")


async def _stop(task: asyncio.Task[None]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def test_a_change_on_one_replica_clears_the_copy_of_every_other_at_once(
    database_url: str,
) -> None:
    await run_migrations(MIGRATIONS, database_url)
    dsn = database_url.replace("+asyncpg", "")
    engines = [create_engine(database_url, pool_size=2) for _ in range(2)]
    clock = Clock()
    here, there = (SqlSessionStore(engine, monotonic=clock) for engine in engines)
    tasks = [await _listening(here, dsn), await _listening(there, dsn)]
    try:
        now = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
        teacher = sessions.signed_in("cookie-1", now, "LR00000042", "token", 900)
        await there.save(teacher)
        assert await here.get(teacher.id_hash) == teacher  # kept as a copy here

        # A change nobody announced (straight SQL) is not seen while the copy lasts...
        admin = await asyncpg.connect(dsn)
        try:
            await admin.execute(
                "update sessions set data_version = 7 where id_hash = $1", teacher.id_hash
            )
        finally:
            await admin.close()
        kept = await here.get(teacher.id_hash)
        assert kept is not None
        assert kept.data_version == teacher.data_version
        # ... and is once the copy is CACHE_SECONDS old.
        clock.now += CACHE_SECONDS
        fresh = await here.get(teacher.id_hash)
        assert fresh is not None
        assert fresh.data_version == 7

        # The teacher's own change on the other replica is seen here at once.
        await there.bump(teacher.id_hash)

        async def bumped() -> bool:
            found = await here.get(teacher.id_hash)
            return found is not None and found.data_version == 8

        await _eventually(bumped)

        # Signing out on the other replica ends the session here too.
        await there.delete(teacher.id_hash)

        async def ended() -> bool:
            return await here.get(teacher.id_hash) is None

        await _eventually(ended)
    finally:
        for task in tasks:
            await _stop(task)
        for engine in engines:
            await engine.dispose()


async def test_without_its_notifications_a_replica_keeps_no_copies(database_url: str) -> None:
    await run_migrations(MIGRATIONS, database_url)
    dsn = database_url.replace("+asyncpg", "")
    engine = create_engine(database_url, pool_size=2)
    store = SqlSessionStore(engine, monotonic=Clock())
    task = await _listening(store, dsn)
    admin = await asyncpg.connect(dsn)
    try:
        started = sessions.anonymous("cookie-2", datetime(2026, 12, 4, 12, 0, tzinfo=UTC))
        await store.save(started)
        assert await store.get(started.id_hash) == started
        # The listening connection is cut (a failover): the copies go, and every look-up reads
        # the database until the replica listens again.
        await admin.execute(
            "select pg_terminate_backend(pid) from pg_stat_activity"
            " where pid <> pg_backend_pid() and datname = current_database()"
            " and query ilike 'listen%'"
        )
        await _eventually(lambda: _now(not store.listening))
        await admin.execute("delete from sessions where id_hash = $1", started.id_hash)
        assert await store.get(started.id_hash) is None
    finally:
        await admin.close()
        await _stop(task)
        await engine.dispose()


async def _now(value: bool) -> bool:
    return value


async def _eventually(condition: Callable[[], Awaitable[bool]]) -> None:
    """Within 5 s of real time (the stores' own clock stands still, so no copy ages)."""
    for _ in range(500):
        if await condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("not within 5 s")
