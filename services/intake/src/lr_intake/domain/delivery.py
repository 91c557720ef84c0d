"""A delivery: who made it for which board, its state, and the counts of its rows."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Literal
from uuid import UUID

from lr_intake.domain.appointment import Issue
from lr_intake.domain.changes import ChangeSummary

Channel = Literal["http", "kafka"]
DeliveryStatus = Literal["received", "processing", "completed", "rejected"]
MAX_REPORTED_ISSUES = 1000  # as lr_shared's DeliveryReportV1 promises


@dataclass
class Counts:
    total: int = 0
    accepted: int = 0
    rejected: int = 0
    warned: int = 0
    unchanged: int = 0  # accepted rows identical to what was delivered before: not re-published


@dataclass(frozen=True)
class Delivery:
    """One delivery's stored state.

    received: the upload is being read; processing: every row is answered and stored, the
    appointments and the report are on their way to Kafka; completed: all of it is published;
    rejected: the file as a whole could not be read (the report says why).

    `body_sha256` and `body_bytes`: the digest of what was delivered and its length (the file's
    bytes; a Kafka batch's records), to tell a retry from another request with the same key
    (`domain.idempotency`). `changes`: the comparison with what intake held before, once
    processed (None for a rejected delivery and for one processed before it was kept).
    """

    id: UUID
    channel: Channel
    submitted_by: str
    bevoegd_gezag: str
    format: str
    received_at: datetime
    idempotency_key: str | None = None
    status: DeliveryStatus = "received"
    rejection_code: str | None = None
    rejection_message: str | None = None
    counts: Counts = field(default_factory=Counts)
    processed_at: datetime | None = None
    completed_at: datetime | None = None
    body_sha256: bytes | None = None
    body_bytes: int | None = None
    changes: ChangeSummary | None = None

    def visible_to(self, boards: frozenset[str]) -> bool:
        """A board sees its own deliveries and those it made; a payroll bureau those of the
        boards it delivers for and those it made itself."""
        return self.bevoegd_gezag in boards or self.submitted_by in boards

    def processed(
        self, counts: Counts, at: datetime, changes: ChangeSummary | None = None
    ) -> Delivery:
        return replace(self, status="processing", counts=counts, processed_at=at, changes=changes)

    def with_body(self, sha256: bytes, size: int) -> Delivery:
        return replace(self, body_sha256=sha256, body_bytes=size)

    def rejected(self, code: str, message: str, at: datetime) -> Delivery:
        return replace(
            self,
            status="rejected",
            rejection_code=code,
            rejection_message=message,
            counts=Counts(),
            processed_at=at,
            completed_at=at,
            changes=None,
        )


@dataclass(frozen=True)
class DeliveryOutcome:
    """What the board is told: the delivery and its first issues (all of them are stored)."""

    delivery: Delivery
    issues: tuple[Issue, ...]
    issues_truncated: bool
    # The reference the report names when it is not the delivery's own key: a Kafka batch
    # refused for reusing the reference of another delivery is stored without it.
    reported_reference: str | None = None
