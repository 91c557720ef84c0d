"""Each mail's outcome, stored as soon as its SMTP transaction has ended.

The sender's workers hand their outcomes to one writer, which commits whatever has gathered
while its previous write was under way in one UPDATE (unnest), in autocommit, on a database
connection it holds for itself: group commit. A worker waits for the commit of its own outcome
(overlapped with its next mail's envelope) before its next DATA; with eight workers a write
holds up to eight outcomes, so a mail costs an eighth of a round trip and of a WAL flush, not
a pool checkout, BEGIN and COMMIT of its own. The connection comes from an engine of its own,
so the sender never waits for the consumers' connections or takes theirs.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from lr_notifications.application.ports import Recorded
from lr_shared import db

# Fenced by `attempts` like `SqlNotifications.record`: a late answer never overwrites a newer
# attempt by another sender. An address is never kept for a teacher with an erasure request.
_STORE = """
    update notifications n
    set status = u.status, next_attempt_at = u.next_attempt_at, smtp_code = u.code,
        last_error = u.error, updated_at = $8,
        sent_at = case when u.status = 'sent' then $8 else n.sent_at end,
        recipient = case when exists (select 1 from erasure_requests e
                                      where e.registration_number = n.registration_number)
                         then null else u.recipient end
    from unnest(
        cast($1 as uuid[]), cast($2 as int[]), cast($3 as text[]), cast($4 as timestamptz[]),
        cast($5 as int[]), cast($6 as text[]), cast($7 as text[])
    ) as u(id, attempts, status, next_attempt_at, code, error, recipient)
    where n.id = u.id and n.attempts = u.attempts and n.status = 'sending'
"""

Waiting = tuple[Recorded, datetime, "asyncio.Future[None]"]


class SqlOutcomes:
    """The sender's outcomes, written together by one writer task on one connection."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._sessions: async_sessionmaker[AsyncSession] = db.create_sessionmaker(engine)
        self._session: AsyncSession | None = None
        self._connection: Any = None
        self._waiting: list[Waiting] = []
        self._writer: asyncio.Task[None] | None = None

    async def store(self, item: Recorded, now: datetime) -> None:
        """Returns once the outcome is committed; raises if the write failed (try again)."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, now, done))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_while_waiting())
        await asyncio.shield(done)

    async def _write_while_waiting(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting, []
            try:
                await self._write(batch)
            except Exception as exc:
                await self._disconnect()  # a connection in doubt is not used again
                for _, _, done in batch:
                    if not done.done():
                        done.set_exception(exc)
            else:
                for _, _, done in batch:
                    if not done.done():
                        done.set_result(None)

    async def _write(self, batch: list[Waiting]) -> None:
        if self._connection is None:
            self._session = self._sessions()
            # Before any BEGIN: every statement on it commits on its own.
            self._connection = await db.autocommit_connection(self._session)
        items = [item for item, _, _ in batch]
        now = max(at for _, at, _ in batch)
        await self._connection.execute(
            _STORE,
            [i.due.id for i in items],
            [i.due.attempts for i in items],
            [i.outcome.status for i in items],
            [i.outcome.next_attempt_at or now for i in items],
            [i.outcome.code for i in items],
            [i.outcome.error for i in items],
            [i.recipient for i in items],
            now,
        )

    async def _disconnect(self) -> None:
        session, self._session, self._connection = self._session, None, None
        if session is not None:
            with contextlib.suppress(Exception):
                await session.close()

    async def close(self) -> None:
        """After the workers: let a write under way finish, then give the connection back."""
        if self._writer is not None and not self._writer.done():
            with contextlib.suppress(Exception):
                await asyncio.wait_for(asyncio.shield(self._writer), timeout=5.0)
        await self._disconnect()
        await self._engine.dispose()
