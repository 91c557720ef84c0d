"""The profession's unit of work: one transaction with its repositories, inbox and outbox."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Self

from lr_profession.adapters.feedback import SqlFeedback
from lr_profession.adapters.repositories import (
    SqlCriteria,
    SqlPanelMembers,
    SqlRegistrations,
    SqlRequests,
    SqlReviews,
)
from lr_profession.adapters.votes import SqlVotes
from lr_shared import inbox, outbox
from lr_shared.db import UnitOfWork
from lr_shared.outbox import OutboxMessage


class SqlUnitOfWork(UnitOfWork):
    registrations: SqlRegistrations
    members: SqlPanelMembers
    criteria: SqlCriteria
    requests: SqlRequests
    reviews: SqlReviews
    feedback: SqlFeedback
    votes: SqlVotes

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.registrations = SqlRegistrations(self.session)
        self.members = SqlPanelMembers(self.session)
        self.criteria = SqlCriteria(self.session)
        self.requests = SqlRequests(self.session)
        self.reviews = SqlReviews(self.session)
        self.feedback = SqlFeedback(self.session)
        self.votes = SqlVotes(self.session)
        return self

    async def claim(self, consumer: str, message_ids: Sequence[str]) -> set[str]:
        return await inbox.claim(self.session, consumer, message_ids)

    async def publish(self, messages: Sequence[OutboxMessage]) -> None:
        await outbox.add(self.session, messages)
