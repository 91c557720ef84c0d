"""Intake's unit of work: one transaction with the repositories and the outbox on it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from lr_intake.adapters.appointments import SqlAppointments
from lr_intake.adapters.erasure import SqlErasure
from lr_intake.adapters.messages import SqlOutbox
from lr_intake.adapters.repositories import SqlCorrectionRequests, SqlDeliveries, SqlReference
from lr_shared import inbox
from lr_shared.db import UnitOfWork


class IntakeUnitOfWork(UnitOfWork):
    deliveries: SqlDeliveries
    appointments: SqlAppointments
    outbox: SqlOutbox
    reference: SqlReference
    corrections: SqlCorrectionRequests
    erasure: SqlErasure

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], topic: Callable[[str], str]
    ) -> None:
        super().__init__(sessions)
        self._topic = topic

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.deliveries = SqlDeliveries(self.session)
        self.appointments = SqlAppointments(self.session, self._topic)
        self.outbox = SqlOutbox(self.session, self._topic)
        self.reference = SqlReference(self.session)
        self.corrections = SqlCorrectionRequests(self.session)
        self.erasure = SqlErasure(self.session, self._topic)
        return self

    async def claim(self, consumer: str, message_ids: Sequence[str]) -> set[str]:
        return await inbox.claim(self.session, consumer, message_ids)
