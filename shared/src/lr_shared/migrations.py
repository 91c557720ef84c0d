"""Alembic's env for every service: `run_env(metadata)` is the whole of a service's env.py.

Migrations run at service start; with several replicas starting together, a transaction-level
advisory lock lets one of them migrate while the others wait and then find nothing to do.
"""

from __future__ import annotations

import asyncio
import zlib

from alembic import context
from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool


def _migrate(connection: Connection, metadata: MetaData) -> None:
    context.configure(connection=connection, target_metadata=metadata, compare_type=True)
    with context.begin_transaction():
        lock = zlib.crc32(b"alembic-migrations")
        connection.execute(text("select pg_advisory_xact_lock(:id)"), {"id": lock})
        context.run_migrations()


async def _run_online(url: str, metadata: MetaData) -> None:
    engine = create_async_engine(url, poolclass=NullPool)
    async with engine.connect() as connection:
        await connection.run_sync(_migrate, metadata)
    await engine.dispose()


def run_env(metadata: MetaData) -> None:
    url = context.config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError("sqlalchemy.url is not set")
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    asyncio.run(_run_online(url, metadata))
