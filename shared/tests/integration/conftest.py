from collections.abc import AsyncIterator

import pytest_asyncio
from sqlalchemy import Column, Integer, MetaData, Table, Text
from sqlalchemy.ext.asyncio import AsyncEngine

from lr_shared.db import create_engine
from lr_shared.inbox import inbox_table
from lr_shared.outbox import outbox_table

metadata = MetaData()
inbox_table(metadata)
outbox_table(metadata)
notes = Table(
    "notes", metadata, Column("id", Integer, primary_key=True), Column("text", Text, nullable=False)
)


@pytest_asyncio.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url, pool_size=2)
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    yield engine
    await engine.dispose()
