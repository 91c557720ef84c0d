"""Each mail's outcome, stored the moment its SMTP transaction has ended.

One UPDATE per outcome, in autocommit (a transaction of its own, committed when it returns), on
a database connection the sending worker holds for itself: one round trip per mail, no pool
checkout, no BEGIN/COMMIT of their own, and a prepared statement (asyncpg's statement cache).
The connections come from an engine of their own, sized to the SMTP pool, so the workers never
wait for the consumers' connections or take theirs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from lr_notifications.application.ports import Recorded
from lr_shared import db

# Fenced by `attempts` like the batch `record` (repositories._RECORD): a late answer never
# overwrites a newer attempt by another sender. An address is never kept for a teacher with an
# erasure request.
_STORE = """
    update notifications n
    set status = $3, next_attempt_at = $4, smtp_code = $5, last_error = $6, updated_at = $7,
        sent_at = case when $3 = 'sent' then $7 else n.sent_at end,
        recipient = case when exists (select 1 from erasure_requests e
                                      where e.registration_number = n.registration_number)
                         then null else $8 end
    where n.id = $1 and n.attempts = $2 and n.status = 'sending'
"""


class SqlOutcomes:
    """One worker's outcomes, on one connection (made on first use, made anew after an error)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._session: AsyncSession | None = None
        self._connection: Any = None

    async def store(self, item: Recorded, now: datetime) -> None:
        if self._connection is None:
            self._session = self._sessions()
            # Before any BEGIN: every statement on it commits on its own.
            self._connection = await db.autocommit_connection(self._session)
        outcome = item.outcome
        try:
            await self._connection.execute(
                _STORE,
                item.due.id,
                item.due.attempts,
                outcome.status,
                outcome.next_attempt_at or now,
                outcome.code,
                outcome.error,
                now,
                item.recipient,
            )
        except BaseException:
            await self.close()  # a connection in doubt is not used again
            raise

    async def close(self) -> None:
        session, self._session, self._connection = self._session, None, None
        if session is not None:
            await session.close()
