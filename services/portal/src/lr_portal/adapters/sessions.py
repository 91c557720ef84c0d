"""Sessions in the portal's PostgreSQL database."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

import asyncpg
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from lr_portal.adapters.tables import sessions
from lr_portal.domain.session import Session
from lr_shared.db import autocommit_connection

# Every page reads its visitor's session: one statement on the driver's connection, outside a
# transaction (SQLAlchemy's execute would wrap it in BEGIN ... ROLLBACK, two more round trips,
# and its result machinery costs more CPU than the page's own template; docs/portal.md).
_COLUMNS = ", ".join(c.name for c in sessions.c)
_GET = f"select {_COLUMNS} from sessions where id_hash = $1"  # noqa: S608 - our own columns

# What a pooled connection raises when PostgreSQL dropped it (a restart, a failover).
_DROPPED = (asyncpg.ConnectionDoesNotExistError, asyncpg.InterfaceError, ConnectionError)


class SqlSessionStore:
    """`reads` serves the look-up of every page: an engine without the pool's ping, so the
    look-up is one round trip instead of four (each a turn of the event loop behind every other
    visitor). A connection PostgreSQL dropped is noticed on use instead: the pool of `reads` is
    emptied (its other connections went the same way) and the look-up is asked once more on the
    pinged engine, so a restart of the database costs no visitor a page."""

    def __init__(self, engine: AsyncEngine, *, reads: AsyncEngine | None = None) -> None:
        self._engine = engine
        self._reads = reads or engine

    async def close(self) -> None:
        if self._reads is not self._engine:
            await self._reads.dispose()

    async def get(self, id_hash: str) -> Session | None:
        try:
            row = await self._fetch(self._reads, id_hash)
        except _DROPPED:
            if self._reads is self._engine:
                raise
            await self._reads.dispose()
            row = await self._fetch(self._engine, id_hash)
        if row is None:
            return None
        values = dict(row)
        values["boards"] = tuple(values.get("boards") or ())
        return Session(**values)

    @staticmethod
    async def _fetch(engine: AsyncEngine, id_hash: str) -> asyncpg.Record | None:
        async with engine.connect() as conn:
            driver = await autocommit_connection(conn)
            row: asyncpg.Record | None = await driver.fetchrow(_GET, id_hash)
        return row

    async def save(self, session: Session) -> None:
        values = asdict(session)
        values["boards"] = list(session.boards)
        statement = insert(sessions).values(values)
        statement = statement.on_conflict_do_update(
            index_elements=[sessions.c.id_hash],
            set_={k: statement.excluded[k] for k in values if k != "id_hash"},
        )
        async with self._engine.begin() as conn:
            await conn.execute(statement)

    async def touch(self, id_hash: str, now: datetime) -> None:
        async with self._engine.begin() as conn:
            await conn.execute(
                sa.update(sessions).where(sessions.c.id_hash == id_hash).values(last_seen_at=now)
            )

    async def bump(self, id_hash: str) -> None:
        async with self._engine.begin() as conn:
            await conn.execute(
                sa.update(sessions)
                .where(sessions.c.id_hash == id_hash)
                .values(data_version=sessions.c.data_version + 1)
            )

    async def delete(self, id_hash: str) -> None:
        async with self._engine.begin() as conn:
            await conn.execute(sa.delete(sessions).where(sessions.c.id_hash == id_hash))

    async def prune(self, idle_before: datetime) -> int:
        async with self._engine.begin() as conn:
            result = await conn.execute(
                sa.delete(sessions).where(sessions.c.last_seen_at < idle_before)
            )
        return int(result.rowcount)
