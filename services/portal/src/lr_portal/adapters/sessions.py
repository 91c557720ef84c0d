"""Sessions in the portal's PostgreSQL database, with a short-lived copy in each replica that
every replica clears the moment a session changes anywhere (PostgreSQL `LISTEN`/`NOTIFY`)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from typing import Any

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

# What a pooled connection raises when PostgreSQL dropped it (a restart, a failover, an
# operator's pg_terminate_backend): depending on when the news reaches the driver, a closed
# connection, the server's own FATAL notice, or a protocol state the closing left behind.
_DROPPED = (
    asyncpg.ConnectionDoesNotExistError,
    asyncpg.InterfaceError,
    asyncpg.InternalClientError,
    asyncpg.PostgresConnectionError,
    asyncpg.AdminShutdownError,
    ConnectionError,
)

log = logging.getLogger(__name__)

CHANNEL = "lr_portal_sessions"
"""Every change of a session (saved, touched, bumped, ended) notifies this channel with the
session's id hash, in the transaction that makes it; `*` after a prune of many."""

CACHE_SECONDS = 5.0
"""The longest a replica serves a session from its copy without asking the database: a bound
for the case nothing else covers (the copy is cleared at once by a change anywhere, and not
used at all while the replica is not listening)."""

CACHE_ENTRIES = 50_000
"""At most this many copies per replica (about 2 KB each); when full it starts again empty."""

RELISTEN_SECONDS = 1.0


class SqlSessionStore:
    """`reads` serves the look-up of every page: an engine without the pool's ping, so the
    look-up is one round trip instead of four (each a turn of the event loop behind every other
    visitor). A connection PostgreSQL dropped is noticed on use instead: the pool of `reads` is
    emptied (its other connections went the same way) and the look-up is asked once more on the
    pinged engine, so a restart of the database costs no visitor a page."""

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        reads: AsyncEngine | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._engine = engine
        self._reads = reads or engine
        self._monotonic = monotonic
        # The copies: only while `_listening`, so no change elsewhere can go unnoticed. A look-up
        # keeps what it read only if no notification came while it was reading (`_epoch`): the
        # row may predate a sign-out whose notice arrived in the meantime.
        self._copies: dict[str, tuple[Session, float]] = {}
        self._listening = False
        self._epoch = 0

    @property
    def listening(self) -> bool:
        """Hearing of every change: only then are copies kept and used."""
        return self._listening

    async def close(self) -> None:
        if self._reads is not self._engine:
            await self._reads.dispose()

    async def get(self, id_hash: str) -> Session | None:
        if self._listening and (copy := self._copies.get(id_hash)) is not None:
            session, kept_at = copy
            if self._monotonic() - kept_at < CACHE_SECONDS:
                return session
        epoch = self._epoch
        try:
            row = await self._fetch(self._reads, id_hash)
        except _DROPPED:
            if self._reads is self._engine:
                raise
            await self._reads.dispose()
            row = await self._fetch(self._engine, id_hash)
        if row is None:
            self._copies.pop(id_hash, None)
            return None
        values = dict(row)
        values["boards"] = tuple(values.get("boards") or ())
        found = Session(**values)
        if self._listening and self._epoch == epoch:
            if len(self._copies) >= CACHE_ENTRIES:
                self._copies.clear()
            self._copies[id_hash] = (found, self._monotonic())
        return found

    async def listen_forever(self, dsn: str) -> None:
        """Keep a connection that listens on `CHANNEL`; the copies are used only while it is
        up. Cancel to stop."""
        while True:
            connection: asyncpg.Connection | None = None
            lost = asyncio.Event()
            try:
                connection = await asyncpg.connect(dsn, timeout=10)
                connection.add_termination_listener(lambda _, lost=lost: lost.set())
                await connection.add_listener(CHANNEL, self._noticed)
                self._copies.clear()
                self._listening = True
                await lost.wait()
                log.warning("session notifications lost; reading every session from the database")
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError):
                log.warning("cannot listen for session changes; retrying", exc_info=True)
            finally:
                self._stop_copies()
                if connection is not None:
                    with contextlib.suppress(Exception):
                        await connection.close()
            await asyncio.sleep(RELISTEN_SECONDS)

    def _stop_copies(self) -> None:
        self._listening = False
        self._epoch += 1
        self._copies.clear()

    def _noticed(self, connection: Any, pid: int, channel: str, payload: object) -> None:
        self._epoch += 1
        if payload == "*":
            self._copies.clear()
        else:
            self._copies.pop(str(payload), None)

    async def _changed(self, conn: Any, id_hash: str) -> None:
        """In the transaction of a change: every replica drops its copy when it commits, this
        one at once."""
        self._epoch += 1
        self._copies.pop(id_hash, None)
        await conn.execute(sa.select(sa.func.pg_notify(CHANNEL, id_hash)))

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
            await self._changed(conn, session.id_hash)

    async def touch(self, id_hash: str, now: datetime) -> None:
        async with self._engine.begin() as conn:
            await conn.execute(
                sa.update(sessions).where(sessions.c.id_hash == id_hash).values(last_seen_at=now)
            )
            await self._changed(conn, id_hash)

    async def bump(self, id_hash: str) -> None:
        async with self._engine.begin() as conn:
            await conn.execute(
                sa.update(sessions)
                .where(sessions.c.id_hash == id_hash)
                .values(data_version=sessions.c.data_version + 1)
            )
            await self._changed(conn, id_hash)

    async def delete(self, id_hash: str) -> None:
        async with self._engine.begin() as conn:
            await conn.execute(sa.delete(sessions).where(sessions.c.id_hash == id_hash))
            await self._changed(conn, id_hash)

    async def prune(self, idle_before: datetime) -> int:
        async with self._engine.begin() as conn:
            result = await conn.execute(
                sa.delete(sessions).where(sessions.c.last_seen_at < idle_before)
            )
            if result.rowcount:
                await self._changed(conn, "*")
                self._copies.clear()
        return int(result.rowcount)
