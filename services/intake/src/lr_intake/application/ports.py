"""The ports intake's handlers use; adapters implement them, unit tests fake them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol
from uuid import UUID

from lr_intake.domain.appointment import Issue
from lr_intake.domain.delivery import Delivery, DeliveryOutcome
from lr_intake.domain.fileformat import Row
from lr_intake.domain.reference import ReferenceData, ReferenceSet, School
from lr_shared.ports import Transaction


@dataclass(frozen=True)
class CorrectionRequest:
    """A teacher's dispute for a board; `body` is the request as the registry sent it."""

    request_id: UUID
    bevoegd_gezag: str
    requested_at: datetime
    body: dict[str, object]


class DeliveryRepository(Protocol):
    async def claim(self, delivery: Delivery) -> tuple[Delivery, bool]:
        """The unit of work's first call: store a new upload as `received`, committed at once
        (False), or the delivery made earlier with the same key (True; False when it is
        `received` and nobody is reading it: an upload that broke off, taken over)."""

    async def find_by_idempotency_key(self, submitted_by: str, key: str) -> Delivery | None: ...

    async def lock_key(self, submitted_by: str, key: str) -> None:
        """Hold the submitter's idempotency key for this transaction: another transaction
        locking it waits until this one ends (and then finds what it stored)."""

    async def create(self, delivery: Delivery) -> bool:
        """Insert; False when the submitter's idempotency key is already taken."""

    async def lock(self, delivery_id: UUID, *, wait: bool = True) -> Delivery | None:
        """The delivery, row-locked for this transaction; None when it does not exist or
        (without `wait`) another transaction holds it."""

    async def get(self, delivery_id: UUID) -> Delivery | None: ...

    async def delete(self, delivery_id: UUID) -> None: ...

    async def save(self, delivery: Delivery, report: bytes | None = None) -> None: ...

    async def add_issues(self, delivery_id: UUID, issues: Sequence[Issue]) -> None: ...

    async def list_for_board(self, board: str, limit: int, offset: int) -> list[Delivery]: ...

    async def issues(self, delivery_id: UUID, limit: int, offset: int) -> list[Issue]: ...

    async def count_issues(self, delivery_id: UUID) -> int: ...

    async def report(self, delivery_id: UUID) -> bytes | None: ...

    async def mark_published(self, now: datetime) -> int:
        """Complete the deliveries whose messages have all left the outbox."""


# An accepted row as it is staged for publication: (row number, identity, fingerprint,
# bevoegd gezag, Kafka key (the keyed BSN hash), AppointmentV1 JSON).
Accepted = tuple[int, bytes, bytes, str, bytes, bytes]
# A checked row: its record when accepted (else None) and its issues (warnings when accepted).
Checked = tuple[Accepted | None, Sequence[Issue]]


class RowChecker(Protocol):
    def check(self, rows: Sequence[Row]) -> list[Checked]:
        """Each row's outcome, in order (the rules of `domain.validation.RowValidator`)."""


class RowCheckers(Protocol):
    def __call__(
        self,
        reference: ReferenceData,
        allowed_boards: frozenset[str],
        today: date,
        delivery_id: UUID,
    ) -> RowChecker:
        """A checker for one delivery."""


class Appointments(Protocol):
    """The appointments intake has passed on, as hashes (no BSN), for no-op redelivery."""

    async def record(self, delivery_id: UUID, items: Sequence[Accepted], at: datetime) -> int:
        """Store each accepted appointment's identity and fingerprint, and write an
        AppointmentV1 to the outbox (key: keyed BSN hash; in row order) for exactly those that
        are new or whose fingerprint changed. Returns how many were written."""


class Outbox(Protocol):
    """Intake's outgoing messages, written in the unit of work's transaction."""

    async def delivery_report(self, outcome: DeliveryOutcome) -> bytes:
        """Write the DeliveryReportV1 and return its body (stored to answer a retry)."""

    async def save_with_report(self, outcome: DeliveryOutcome) -> None:
        """Write the DeliveryReportV1 and save the processed delivery with its body and the
        report's outbox id as its last one (once that row is gone, all of it is published)."""

    async def resend_report(self, delivery_id: UUID, body: bytes) -> None: ...

    async def schools(self, schools: Sequence[School], removed: Sequence[str]) -> None: ...


class ReferenceRepository(Protocol):
    async def version(self) -> int: ...

    async def snapshot(self) -> ReferenceData: ...

    async def replace(self, reference: ReferenceSet, at: datetime) -> list[str]:
        """Replace every reference table; return the keys of schools that disappeared."""


class CorrectionRequests(Protocol):
    async def add(self, requests: Sequence[CorrectionRequest]) -> None: ...

    async def list_for_board(
        self, board: str, limit: int, offset: int
    ) -> list[dict[str, object]]: ...


class IntakeUnitOfWork(Transaction, Protocol):
    """One transaction; rolls back unless `commit()` was called."""

    @property
    def deliveries(self) -> DeliveryRepository: ...

    @property
    def appointments(self) -> Appointments: ...

    @property
    def outbox(self) -> Outbox: ...

    @property
    def reference(self) -> ReferenceRepository: ...

    @property
    def corrections(self) -> CorrectionRequests: ...

    async def claim(self, consumer: str, message_ids: Sequence[str]) -> set[str]:
        """Inbox: the ids not handled before by `consumer`, now recorded as handled."""


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> IntakeUnitOfWork: ...
