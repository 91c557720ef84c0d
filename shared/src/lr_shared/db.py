"""Database access: the async engine, the unit of work, and migrations run at start."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from lr_shared import failpoints

RawConnection = Callable[[], Awaitable[Any]]
"""What repositories on the raw asyncpg connection take: `UnitOfWork.raw`, which gives the
connection inside the unit of work's transaction."""


def create_engine(
    database_url: str,
    *,
    pool_size: int = 10,
    application_name: str = "lerarenregister",
    pool_timeout: float = 10.0,
    connect_timeout: float = 10.0,
    pre_ping: bool = True,
) -> AsyncEngine:
    """The service's engine. `pre_ping=False` is for one hot read path only (the portal's
    session look-up on every page): the ping is three more round trips per checkout (BEGIN, `;`,
    ROLLBACK), each a turn of the event loop; such a caller must handle a dropped connection
    itself."""
    return create_async_engine(
        database_url,
        pool_size=pool_size,
        max_overflow=pool_size,
        # An exhausted pool or an unreachable database raises after these (a 503 on HTTP,
        # a retried batch on Kafka) instead of holding the caller for SQLAlchemy's 30 s and
        # asyncpg's 60 s.
        pool_timeout=pool_timeout,
        pool_pre_ping=pre_ping,
        # A failed statement's error must not carry its parameters (names, addresses, BSNs)
        # into the logs that record it.
        hide_parameters=True,
        connect_args={
            "timeout": connect_timeout,
            "server_settings": {
                # Operators see in pg_stat_activity which service holds a connection.
                "application_name": application_name,
                # Short OLTP statements over staging tables without statistics made PostgreSQL
                # JIT-compile plans that cost more than they saved (0.24 s per intake chunk).
                "jit": "off",
            },
        },
    )


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


class UnitOfWork:
    """One database transaction. Rolls back unless `commit()` was called.

    Services subclass it to expose their repositories; handlers receive it as a port, so a
    message's effects, its inbox entry and its outbox messages are committed together or not at all.
    """

    session: AsyncSession

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._committed = False

    async def __aenter__(self) -> Self:
        self.session = self._sessions()
        self._committed = False
        await self.session.begin()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if not self._committed:
                await self.session.rollback()
        finally:
            await self.session.close()

    async def raw(self) -> Any:
        """The asyncpg connection of this unit of work's transaction (see `raw_connection`)."""
        return await raw_connection(self.session)

    async def commit(self) -> None:
        failpoints.hit("db.before-commit")
        await self.session.commit()
        self._committed = True


async def raw_connection(session: AsyncSession | AsyncConnection) -> Any:
    """The asyncpg connection behind a session (or connection), inside its transaction.

    SQLAlchemy's asyncpg driver sends BEGIN lazily, with the first statement that goes through
    SQLAlchemy. Handed out before that, the raw connection runs in autocommit: a raw INSERT
    (an inbox claim, say) would survive the unit of work's rollback, and a crash between it and
    the commit would lose the message for good. So the transaction is begun here, explicitly,
    before the connection leaves. This is the only place that hands out a raw connection.
    """
    connection = session if isinstance(session, AsyncConnection) else await session.connection()
    driver = await _driver(connection)
    if not driver.is_in_transaction():
        # Goes through SQLAlchemy, so its adapter issues the BEGIN and knows it did.
        await connection.exec_driver_sql("select 1")
    if not driver.is_in_transaction():  # pragma: no cover - a driver that changed underneath us
        raise RuntimeError("the raw connection is not inside the unit of work's transaction")
    return driver


def _alembic_config(script_location: Path, database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


async def run_migrations(script_location: Path, database_url: str) -> None:
    """Upgrade the service's database to the newest revision (safe with several replicas:
    each migration runs under a transaction-level advisory lock taken in the env script)."""
    config = _alembic_config(script_location, database_url)
    await asyncio.to_thread(command.upgrade, config, "head")


async def ping(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        await connection.execute(text("select 1"))


async def autocommit_connection(session: AsyncSession | AsyncConnection) -> Any:
    """The session's asyncpg connection *before* its transaction begins, for a statement that
    must commit on its own at once (intake's delivery claim, which other replicas must see while
    the upload is still being processed), or a single read that needs no transaction (the
    portal's session look-up on every page). Raises when the transaction has begun already, so it
    can never run a statement outside a transaction that was meant to hold it."""
    connection = session if isinstance(session, AsyncConnection) else await session.connection()
    driver = await _driver(connection)
    if driver.is_in_transaction():
        raise RuntimeError(
            "autocommit_connection() must come before the transaction's first statement"
        )
    return driver


async def _driver(connection: AsyncConnection) -> Any:
    fairy = await connection.get_raw_connection()
    return fairy.driver_connection
