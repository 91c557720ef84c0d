"""One transaction with the service's repositories, its inbox and its outbox."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, Self

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from lr_notifications.adapters.repositories import (
    SqlContacts,
    SqlErasures,
    SqlInbox,
    SqlNotifications,
)
from lr_notifications.application.ports import Confirmation
from lr_shared import db, outbox
from lr_shared.cloudevents import CloudEvent, event_type, source
from lr_shared.contracts.privacy import ErasureConfirmationV1

SERVICE: Final = "notifications"


class OutboxConfirmations:
    """Erasure confirmations as outbox rows, committed with the erasure itself."""

    def __init__(self, session: AsyncSession, topic: str) -> None:
        self._session = session
        self._topic = topic

    async def add(self, confirmations: Sequence[Confirmation]) -> None:
        messages = [
            outbox.OutboxMessage.event(
                self._topic,
                c.registration_number,
                CloudEvent(
                    type=event_type(SERVICE, "erasure-confirmed"),
                    source=source(SERVICE),
                    subject=c.registration_number,
                    data=ErasureConfirmationV1(
                        request_id=c.request_id,
                        registration_number=c.registration_number,
                        service=SERVICE,
                        erased_at=c.erased_at,
                    ),
                ),
            )
            for c in confirmations
        ]
        await outbox.add(self._session, messages)


class SqlUnitOfWork(db.UnitOfWork):
    inbox: SqlInbox
    contacts: SqlContacts
    notifications: SqlNotifications
    erasures: SqlErasures
    confirmations: OutboxConfirmations

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], *, confirmations_topic: str
    ) -> None:
        super().__init__(sessions)
        self._confirmations_topic = confirmations_topic

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.inbox = SqlInbox(self.session)
        self.contacts = SqlContacts(self.session)
        self.notifications = SqlNotifications(self.session)
        self.erasures = SqlErasures(self.session)
        self.confirmations = OutboxConfirmations(self.session, self._confirmations_topic)
        return self

    async def lock_teachers(self, registration_numbers: Sequence[str]) -> None:
        if not registration_numbers:
            return
        # Always in the same order, so two batches never wait on each other in a cycle.
        await self.session.execute(
            text(
                "select pg_advisory_xact_lock(h) from (select distinct "
                "hashtextextended('lr-notifications:' || n, 0) as h "
                "from unnest(cast(:n as text[])) as n order by h) as locks"
            ),
            {"n": list(registration_numbers)},
        )
