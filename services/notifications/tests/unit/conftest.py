"""In-memory implementations of the ports, as fixtures for handler and sender tests."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import TracebackType
from typing import Self

import pytest

from lr_notifications.adapters.templates import JinjaRenderer
from lr_notifications.application.ports import Confirmation, DueNotification, Mail, Recorded
from lr_notifications.application.sender import Sender, SenderConfig
from lr_notifications.domain.contacts import Contact
from lr_notifications.domain.delivery import Outcome, RetryPolicy, SendResult, Status
from lr_notifications.domain.occasions import MailKind, Occasion, Poison


@dataclass
class Row:
    id: uuid.UUID
    registration_number: str
    key: str
    kind: MailKind
    status: Status
    next_attempt_at: datetime
    period_end: date | None = None
    moment: str | None = None
    attempts: int = 0
    recipient: str | None = None


@dataclass
class Store:
    inbox: set[tuple[str, str]] = field(default_factory=set)
    contacts: dict[str, Contact] = field(default_factory=dict)
    rows: dict[uuid.UUID, Row] = field(default_factory=dict)
    erasures: dict[uuid.UUID, tuple[str, bool]] = field(default_factory=dict)
    confirmations: list[Confirmation] = field(default_factory=list)


class FakeUnitOfWork:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.inbox = self
        self.contacts = FakeContacts(store)
        self.notifications = FakeNotifications(store)
        self.erasures = FakeErasures(store)
        self.confirmations = self

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        return None

    async def commit(self) -> None:
        return None

    async def lock_teachers(self, registration_numbers: Sequence[str]) -> None:
        return None

    async def claim(self, consumer: str, message_ids: Sequence[str]) -> set[str]:
        fresh = {m for m in message_ids if (consumer, m) not in self.store.inbox}
        self.store.inbox |= {(consumer, m) for m in message_ids}
        return fresh

    async def add(self, confirmations: Sequence[Confirmation]) -> None:
        self.store.confirmations.extend(confirmations)


class FakeContacts:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def get_many(self, registration_numbers: Sequence[str]) -> dict[str, Contact]:
        return {n: self.store.contacts[n] for n in registration_numbers if n in self.store.contacts}

    async def upsert(self, contacts: Sequence[Contact]) -> None:
        self.store.contacts.update({c.registration_number: c for c in contacts})

    async def delete(self, registration_numbers: Sequence[str]) -> None:
        for number in registration_numbers:
            self.store.contacts.pop(number, None)


class FakeNotifications:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def add(self, occasions: Sequence[tuple[Occasion, Status]], now: datetime) -> None:
        for o, status in occasions:
            self.store.rows.setdefault(
                o.notification_id,
                Row(
                    o.notification_id,
                    o.registration_number,
                    o.notification_key,
                    o.kind,
                    status,
                    now,
                    o.period_end,
                    o.moment,
                ),
            )

    async def set_status_where(
        self,
        registration_numbers: Sequence[str],
        current: Sequence[Status],
        new: Status,
        now: datetime,
    ) -> None:
        for row in self.store.rows.values():
            if (
                row.registration_number in registration_numbers
                and row.status in current
                and row.kind != "erasure"
            ):
                row.status, row.next_attempt_at = new, now

    async def cancel_unsent(self, registration_number: str) -> None:
        for row in self.store.rows.values():
            unsent = row.status in ("awaiting_contact", "pending")
            if row.registration_number == registration_number and row.kind != "erasure" and unsent:
                row.status = "cancelled"

    async def claim_due(self, now: datetime, limit: int, lease: timedelta) -> list[DueNotification]:
        rows = self.store.rows.values()
        due = [r for r in rows if r.status in ("pending", "sending") and r.next_attempt_at <= now]
        due = due[:limit]
        claimed = []
        for row in due:
            row.status, row.attempts, row.next_attempt_at = "sending", row.attempts + 1, now + lease
            claimed.append(
                DueNotification(
                    row.id,
                    row.registration_number,
                    row.kind,
                    row.attempts,
                    now + lease,
                    row.period_end,
                    row.moment,
                    self.store.contacts.get(row.registration_number),
                )
            )
        return claimed

    async def record(self, outcomes: Sequence[Recorded], now: datetime) -> None:
        for item in outcomes:
            row = self.store.rows[item.due.id]
            if row.status != "sending" or row.attempts != item.due.attempts:
                continue
            row.status = item.outcome.status
            row.next_attempt_at = item.outcome.next_attempt_at or now
            row.recipient = item.recipient

    async def scrub(self, registration_number: str) -> None:
        for row in self.store.rows.values():
            if row.registration_number == registration_number:
                row.recipient = None

    async def counts(self) -> list[tuple[str, str, int]]:
        counted: dict[tuple[str, str], int] = {}
        for row in self.store.rows.values():
            counted[(row.kind, row.status)] = counted.get((row.kind, row.status), 0) + 1
        return [(k, s, n) for (k, s), n in counted.items()]


class FakeErasures:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def erased(self, registration_numbers: Sequence[str]) -> set[str]:
        return {n for n, _ in self.store.erasures.values() if n in registration_numbers}

    async def add_request(
        self, request_id: uuid.UUID, registration_number: str, requested_at: datetime
    ) -> None:
        self.store.erasures.setdefault(request_id, (registration_number, False))

    async def complete(self, registration_number: str, now: datetime) -> list[uuid.UUID]:
        done = [
            i
            for i, (n, completed) in self.store.erasures.items()
            if n == registration_number and not completed
        ]
        for request_id in done:
            self.store.erasures[request_id] = (registration_number, True)
        return done


class FakeOutcomes:
    """A worker's outcome store: each outcome recorded at once, as the real one commits it."""

    def __init__(self, store: Store) -> None:
        self.notifications = FakeNotifications(store)

    async def store(self, item: Recorded, now: datetime) -> None:
        await self.notifications.record([item], now)

    async def close(self) -> None:
        return None


@dataclass
class FakeMailer:
    """Answers with the scripted results first, then accepts."""

    script: list[SendResult] = field(default_factory=list)
    sent: list[Mail] = field(default_factory=list)

    async def send(
        self, mail: Mail, before_data: Callable[[], Awaitable[None]] | None = None
    ) -> SendResult:
        result = self.script.pop(0) if self.script else SendResult("accepted", 250)
        if before_data is not None:
            await before_data()
        if result.verdict == "accepted":
            self.sent.append(mail)
        return result


class NullObserver:
    def observe(self, kind: str, outcome: Outcome, seconds: float) -> None:
        return None


@dataclass
class DeadLetterBox:
    poison: list[Poison] = field(default_factory=list)

    async def __call__(self, poison: Sequence[Poison]) -> None:
        self.poison.extend(poison)


@pytest.fixture
def store() -> Store:
    return Store()


@pytest.fixture
def uow_factory(store: Store) -> Callable[[], FakeUnitOfWork]:
    return lambda: FakeUnitOfWork(store)


@pytest.fixture
def mailer() -> FakeMailer:
    return FakeMailer()


@pytest.fixture
def dead_letters() -> DeadLetterBox:
    return DeadLetterBox()


@pytest.fixture
def make_sender(
    store: Store, uow_factory: Callable[[], FakeUnitOfWork], mailer: FakeMailer
) -> Callable[..., Sender]:
    def make(clock: Callable[[], datetime]) -> Sender:
        config = SenderConfig(concurrency=1, retry=RetryPolicy(base=timedelta(seconds=10)))
        renderer = JinjaRenderer("https://register.test")
        return Sender(
            uow_factory,  # type: ignore[arg-type]
            FakeOutcomes(store),
            renderer,
            mailer,
            NullObserver(),
            config,
            clock,
        )

    return make
