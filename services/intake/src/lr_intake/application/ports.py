"""The ports intake's handlers use; adapters implement them, unit tests fake them."""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple, Protocol
from uuid import UUID

from lr_intake.domain.appointment import Issue
from lr_intake.domain.changes import NoLongerDelivered
from lr_intake.domain.corrections import Answer, BoardCorrectionRequest, Status
from lr_intake.domain.delivery import Delivery, DeliveryOutcome
from lr_intake.domain.fileformat import Row
from lr_intake.domain.organisations import KnownOrganisations
from lr_intake.domain.reference import ReferenceData, ReferenceSet, School
from lr_shared.contracts.intake import CorrectionAnswerV1
from lr_shared.contracts.privacy import ErasureConfirmationV1
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

    async def add_no_longer_delivered(
        self, delivery_id: UUID, items: Sequence[NoLongerDelivered]
    ) -> None:
        """Store the appointments a delivery no longer holds, in the order given."""

    async def no_longer_delivered(
        self, delivery_id: UUID, limit: int, offset: int
    ) -> tuple[list[NoLongerDelivered], int]:
        """A page of them, and how many there are."""

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


class AppointmentDetails(NamedTuple):
    """What intake keeps of an appointment besides its hashes: the keyed digests of its
    `domain.changes.TRACKED_FIELDS`, and what a board may be shown of it (no BSN): brin,
    volgnummer, benoemingsgrondslag, benoeming_begindatum (ISO) and its row number, joined by
    `SHOWN_SEPARATOR` (one text per row on the hot path; the insert splits it into columns)."""

    fields: bytes
    shown: str


SHOWN_SEPARATOR = "\x1f"  # none of the shown values can hold it (codes, digits, ISO dates)


class Describer(Protocol):
    def __call__(self, record: Accepted) -> AppointmentDetails:
        """The details of an accepted row (from its record: no second look at the row)."""


class KnownAppointment(NamedTuple):
    """An appointment as intake holds it: its fingerprint, its field digests (None when stored
    before they were kept) and the board it was last delivered for."""

    fingerprint: bytes
    fields: bytes | None
    bevoegd_gezag: str


class Appointments(Protocol):
    """The appointments intake has passed on, as hashes and key fields (no BSN, no names), for
    no-op redelivery and for what a delivery changed."""

    async def known(
        self, identities: Sequence[bytes], *, lock: bool
    ) -> dict[bytes, KnownAppointment]:
        """Those of `identities` intake holds; with `lock`, row-locked for this transaction
        in identity order (the order `record` writes in)."""

    async def record(
        self,
        delivery_id: UUID,
        items: Sequence[Accepted],
        details: Sequence[AppointmentDetails],
        at: datetime,
    ) -> set[bytes]:
        """Store each of `items` (with its details) that is new or whose fingerprint changed,
        and write an AppointmentV1 to the outbox (key: keyed BSN hash; in row order) for
        exactly those. Returns their identities."""

    async def erased(self, teachers: Sequence[bytes]) -> set[bytes]:
        """Those of `teachers` (keyed BSN hashes, as the Kafka key) who had their data erased:
        their rows are received, not passed on."""

    async def count_of_board(self, board: str) -> int:
        """How many appointments intake holds for `board`."""

    async def absent_of_board(
        self, board: str, delivery_id: UUID, delivered: Container[bytes]
    ) -> list[NoLongerDelivered]:
        """The board's appointments whose identity is not in `delivered` (and that
        `delivery_id` did not write)."""


class Outbox(Protocol):
    """Intake's outgoing messages, written in the unit of work's transaction."""

    async def correction_answer(self, answer: CorrectionAnswerV1) -> None: ...

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

    async def organisations(self, kvk_numbers: Sequence[str]) -> KnownOrganisations:
        """The boards and payroll bureaus with these KvK numbers, and those bureaus' mandates."""


@dataclass(frozen=True)
class Resolution:
    """The registry's word that a redelivery resolved a request."""

    request_id: UUID
    delivery_id: UUID
    resolved_at: datetime


class CorrectionRequests(Protocol):
    async def add(self, requests: Sequence[CorrectionRequest]) -> None: ...

    async def list_for_board(
        self, board: str, status: Status | None, limit: int, offset: int
    ) -> tuple[list[BoardCorrectionRequest], int]: ...

    async def get(
        self, board: str, request_id: UUID, *, lock: bool = False
    ) -> BoardCorrectionRequest | None:
        """The board's request (None: unknown, or another board's); `lock`: for update."""

    async def answer(self, request_id: UUID, answer: Answer) -> None: ...

    async def resolve(self, resolutions: Sequence[Resolution]) -> None: ...


class Erasure(Protocol):
    """What intake holds of one teacher, erased, and the erasure confirmed (outbox)."""

    async def erase(
        self, registration_number: str, bsn_hash: str | None, on: date, *, mark: bool
    ) -> None:
        """Delete her correction requests and, found by `bsn_hash`, her appointments and what
        deliveries listed of them; with `mark`, keep `bsn_hash` with the day as the erasure
        marker."""

    async def confirm(self, confirmation: ErasureConfirmationV1) -> None: ...


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

    @property
    def erasure(self) -> Erasure: ...

    async def claim(self, consumer: str, message_ids: Sequence[str]) -> set[str]:
        """Inbox: the ids not handled before by `consumer`, now recorded as handled."""


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> IntakeUnitOfWork: ...
