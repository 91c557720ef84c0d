"""The asyncpg connection behind a session's transaction, for bulk statements (unnest, COPY)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession


class RawConnection:
    """Gives the transaction's asyncpg connection; SQLAlchemy's layer costs too much per row."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def __call__(self) -> Any:
        connection = await self._session.connection()
        raw = await connection.get_raw_connection()
        return raw.driver_connection
