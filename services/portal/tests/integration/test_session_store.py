"""The session store's read path on the real PostgreSQL: every page's look-up runs on an engine
without the pool's ping, so a connection the database dropped must not cost the visitor a page."""

from datetime import UTC, datetime

import asyncpg

from lr_portal.adapters.sessions import SqlSessionStore
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
