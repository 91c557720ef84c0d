"""The ports the handlers need; adapters implement them, unit tests fake them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol
from uuid import UUID

from lr_portfolio.domain.activities import Activity, Evidence
from lr_portfolio.domain.catalogue import CatalogueEntry
from lr_portfolio.domain.progress import Hours, Period
from lr_portfolio.domain.ratings import Comment, Rating, RatingSummary
from lr_portfolio.domain.registrations import Registration
from lr_portfolio.domain.shares import Share, ShareOpening
from lr_shared.kafka import Rejected
from lr_shared.outbox import OutboxMessage, OutboxRow
from lr_shared.ports import Transaction

CountingEntry = tuple[date, Decimal, bool]
"""(counting date, hours, core) of one activity: all that progress needs."""


@dataclass(frozen=True)
class AttendanceRow:
    """An accredited activity to record for a teacher, from a provider's attendance report."""

    attendance_id: str
    provider_id: str
    entry: CatalogueEntry
    registration_number: str
    attended_on: date


class Clock(Protocol):
    def now(self) -> datetime: ...


class Activities(Protocol):
    """A teacher's activities. Every read and write names the owner: another teacher's id is
    treated as unknown."""

    async def add(self, activity: Activity) -> None: ...
    async def get(self, registration_number: str, activity_id: UUID) -> Activity | None: ...
    async def of_teacher(self, registration_number: str) -> list[Activity]: ...
    async def replace(self, activity: Activity) -> None: ...
    async def delete(self, registration_number: str, activity_id: UUID) -> None: ...
    async def put_evidence(self, activity_id: UUID, evidence: Evidence, content: bytes) -> None: ...
    async def get_evidence(self, activity_id: UUID) -> tuple[Evidence, bytes] | None: ...
    async def delete_evidence(self, activity_id: UUID) -> None: ...
    async def counting_entries(
        self, registration_numbers: Sequence[str]
    ) -> dict[str, list[CountingEntry]]: ...
    async def add_attendances(
        self, rows: Sequence[AttendanceRow], now: datetime
    ) -> list[AttendanceRow]:
        """Insert what was not recorded before (by provider and attendance id); return those."""
        ...


class ProgressRows(Protocol):
    async def apply(
        self, deltas: Mapping[tuple[str, Period], Hours], now: datetime
    ) -> dict[tuple[str, Period], Hours]:
        """Add the deltas to the progress rows; return the new totals of the rows touched."""
        ...

    async def of(self, registration_number: str) -> dict[Period, Hours]: ...
    async def replace(self, totals: Mapping[str, Mapping[Period, Hours]], now: datetime) -> None:
        """Make these teachers' rows exactly `totals` (after their period changed)."""
        ...


class Registrations(Protocol):
    async def get_many(self, registration_numbers: Sequence[str]) -> dict[str, Registration]: ...
    async def upsert(self, registrations: Sequence[Registration], now: datetime) -> None: ...


class Shares(Protocol):
    async def add(self, share: Share, token_hash: str) -> None: ...
    async def of_teacher(self, registration_number: str) -> list[Share]: ...
    async def delete(self, registration_number: str, share_id: UUID) -> bool: ...
    async def by_token_hash(self, token_hash: str) -> Share | None: ...
    async def record_opening(self, share: Share, at: datetime) -> None: ...
    async def openings_of(
        self, registration_number: str, limit: int, offset: int
    ) -> tuple[list[ShareOpening], int]:
        """Her shares' openings, newest first, and how many there are in all."""
        ...


class Catalogue(Protocol):
    async def get_many(self, activity_codes: Sequence[str]) -> dict[str, CatalogueEntry]: ...
    async def upsert(self, entries: Sequence[CatalogueEntry]) -> int: ...
    async def page(
        self, provider_id: str | None, offset: int, limit: int
    ) -> list[CatalogueEntry]: ...


class Ratings(Protocol):
    """Teachers' ratings of accredited activities. Whoever changes an activity's ratings locks
    its code first, so the aggregate published after the change includes every other change
    committed before it (the compacted topic's last message is the true one)."""

    async def lock(self, activity_codes: Sequence[str]) -> None: ...
    async def add(self, rating: Rating) -> bool:
        """Insert; False when she rated this activity before."""
        ...

    async def of_teacher(self, registration_number: str) -> dict[str, Rating]: ...
    async def codes_of(self, registration_numbers: Sequence[str]) -> list[str]: ...
    async def delete_of(self, registration_numbers: Sequence[str]) -> int: ...
    async def summaries(self, activity_codes: Sequence[str]) -> dict[str, RatingSummary]:
        """One per code asked for (an empty one for a code nobody rated)."""
        ...

    async def comments(self, activity_code: str, offset: int, limit: int) -> list[Comment]: ...
    async def comment_count(self, activity_code: str) -> int: ...


class UnitOfWork(Transaction, Protocol):
    """One transaction: rolls back unless committed."""

    @property
    def activities(self) -> Activities: ...
    @property
    def progress(self) -> ProgressRows: ...
    @property
    def registrations(self) -> Registrations: ...
    @property
    def shares(self) -> Shares: ...
    @property
    def catalogue(self) -> Catalogue: ...
    @property
    def ratings(self) -> Ratings: ...

    async def claim(self, consumer: str, message_ids: Sequence[str]) -> set[str]:
        """Inbox: the ids not handled before by `consumer`."""
        ...

    async def publish(self, messages: Sequence[OutboxMessage | OutboxRow]) -> None:
        """Outbox: messages sent after (and only if) this transaction commits."""
        ...

    async def erase(self, registration_numbers: Sequence[str]) -> int:
        """Delete everything of these teachers; return how many rows went."""
        ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...


class DeadLetters(Protocol):
    async def send(self, rejected: Sequence[Rejected]) -> None: ...


class Metrics(Protocol):
    def activities_created(self, source: str, count: int = 1) -> None: ...
    def attendance_applied(self, count: int) -> None: ...
    def attendance_rejected(self, reason: str, count: int = 1) -> None: ...
