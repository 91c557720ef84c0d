"""The portfolio's unit of work: one transaction with its repositories, inbox and outbox."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Self

from lr_portfolio.adapters.activity_repository import SqlActivities
from lr_portfolio.adapters.progress_repository import SqlProgress
from lr_portfolio.adapters.rating_repository import SqlRatings
from lr_portfolio.adapters.repositories import SqlCatalogue, SqlRegistrations, SqlShares, erase
from lr_shared import inbox, outbox
from lr_shared.db import UnitOfWork
from lr_shared.outbox import OutboxMessage, OutboxRow

COPY_THRESHOLD = 200
"""From this many messages on, the outbox is written with COPY rather than INSERT."""


class PortfolioUnitOfWork(UnitOfWork):
    activities: SqlActivities
    progress: SqlProgress
    registrations: SqlRegistrations
    shares: SqlShares
    catalogue: SqlCatalogue
    ratings: SqlRatings

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.activities = SqlActivities(self.session)
        self.progress = SqlProgress(self.session)
        self.registrations = SqlRegistrations(self.session)
        self.shares = SqlShares(self.session)
        self.catalogue = SqlCatalogue(self.session)
        self.ratings = SqlRatings(self.session)
        return self

    async def claim(self, consumer: str, message_ids: Sequence[str]) -> set[str]:
        return await inbox.claim(self.session, consumer, message_ids)

    async def publish(self, messages: Sequence[OutboxMessage | OutboxRow]) -> None:
        if len(messages) < COPY_THRESHOLD:
            await outbox.add(self.session, messages)
            return
        await outbox.copy_into_outbox(await self.raw(), messages)

    async def erase(self, registration_numbers: Sequence[str]) -> int:
        return await erase(self.session, registration_numbers)
