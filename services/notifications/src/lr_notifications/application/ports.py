"""The ports the handlers and the sender depend on; adapters implement them."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from lr_notifications.domain.contacts import Contact
from lr_notifications.domain.delivery import Outcome, SendResult, Status
from lr_notifications.domain.occasions import MailKind, Occasion, Poison
from lr_shared.ports import Transaction


@dataclass(frozen=True)
class DueNotification:
    """A notification claimed for sending, with the contact it goes to (None if unknown)."""

    id: uuid.UUID
    registration_number: str
    kind: MailKind
    attempts: int  # including this one; outcomes are recorded only if it still matches
    lease_until: datetime
    period_end: date | None
    moment: str | None
    contact: Contact | None


@dataclass(frozen=True)
class Recorded:
    """The outcome of one notification, and the address it went to when it was sent."""

    due: DueNotification
    outcome: Outcome
    recipient: str | None = None


@dataclass(frozen=True)
class Mail:
    """A rendered message, ready for SMTP."""

    notification_id: uuid.UUID
    recipient: str
    subject: str
    text: str
    html: str
    language: str


@dataclass(frozen=True)
class Confirmation:
    request_id: uuid.UUID
    registration_number: str
    erased_at: datetime


class Inbox(Protocol):
    async def claim(self, consumer: str, message_ids: Sequence[str]) -> set[str]:
        """Mark ids as handled; return those never handled before."""
        ...


class Contacts(Protocol):
    async def get_many(self, registration_numbers: Sequence[str]) -> dict[str, Contact]: ...

    async def upsert(self, contacts: Sequence[Contact]) -> None: ...

    async def delete(self, registration_numbers: Sequence[str]) -> None: ...


class Notifications(Protocol):
    async def add(self, occasions: Sequence[tuple[Occasion, Status]], now: datetime) -> None:
        """Insert notifications; an occasion that already has one is left alone."""
        ...

    async def set_status_where(
        self,
        registration_numbers: Sequence[str],
        current: Sequence[Status],
        new: Status,
        now: datetime,
    ) -> None:
        """Move these teachers' notifications in one of `current` to `new` (due now), the
        erasure notice excepted: it never waits for a contact."""
        ...

    async def cancel_unsent(self, registration_number: str) -> None:
        """Cancel every notification not yet handed to SMTP, the erasure mail excepted."""
        ...

    async def claim_due(self, now: datetime, limit: int, lease: timedelta) -> list[DueNotification]:
        """Mark up to `limit` due notifications `sending` until now + lease; skip locked rows."""
        ...

    async def record(self, outcomes: Sequence[Recorded], now: datetime) -> None: ...

    async def scrub(self, registration_number: str) -> None:
        """Remove personal data (recipient address, server replies) from this teacher's rows."""
        ...

    async def counts(self) -> list[tuple[str, str, int]]:
        """(kind, status, count) over all notifications."""
        ...


class Erasures(Protocol):
    async def erased(self, registration_numbers: Sequence[str]) -> set[str]:
        """Those with an erasure request, carried out or not: they are never mailed again."""
        ...

    async def add_request(
        self, request_id: uuid.UUID, registration_number: str, requested_at: datetime
    ) -> None: ...

    async def complete(self, registration_number: str, now: datetime) -> list[uuid.UUID]:
        """Mark this teacher's open requests carried out; return their ids."""
        ...


class Confirmations(Protocol):
    async def add(self, confirmations: Sequence[Confirmation]) -> None:
        """Publish erasure confirmations with the transaction (outbox)."""
        ...


class UnitOfWork(Transaction, Protocol):
    @property
    def inbox(self) -> Inbox: ...

    @property
    def contacts(self) -> Contacts: ...

    @property
    def notifications(self) -> Notifications: ...

    @property
    def erasures(self) -> Erasures: ...

    @property
    def confirmations(self) -> Confirmations: ...

    async def lock_teachers(self, registration_numbers: Sequence[str]) -> None:
        """Serialise this transaction with every other one touching these teachers, so that an
        event and its contact (or an erasure) arriving at the same moment see each other."""
        ...


UnitOfWorkFactory = Callable[[], UnitOfWork]


class Outcomes(Protocol):
    """Where the sender's workers store each mail's outcome as soon as its SMTP transaction has
    ended, committed when `store` returns (shared by the workers; closed after them)."""

    async def store(self, item: Recorded, now: datetime) -> None:
        """Record one outcome, fenced like `Notifications.record`; raises if it was not stored.
        The erasure notice's final outcome does not come here: it finishes the erasure, in a
        unit of work."""
        ...

    async def close(self) -> None: ...


class DeadLetters(Protocol):
    async def __call__(self, poison: Sequence[Poison]) -> None: ...


class Renderer(Protocol):
    def render(self, due: DueNotification, contact: Contact) -> Mail: ...


class Mailer(Protocol):
    async def send(
        self, mail: Mail, before_data: Callable[[], Awaitable[None]] | None = None
    ) -> SendResult:
        """Hand one message to the mail server; never raises for SMTP trouble. `before_data`
        is awaited once the envelope is accepted, before DATA: until it returns, the server
        cannot have accepted the message (the sender stores the previous outcome meanwhile)."""
        ...


class SendObserver(Protocol):
    def observe(self, kind: str, outcome: Outcome, seconds: float) -> None: ...
