"""The HTTP answers of intake (response models, so /docs explains them)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from lr_intake.domain.appointment import Issue
from lr_intake.domain.delivery import Delivery


class DeliveryView(BaseModel):
    """A delivery's state and counts. Timings: received (upload started), processed (every row
    answered and stored), completed (everything published)."""

    id: UUID
    status: Literal["received", "processing", "completed", "rejected"]
    channel: Literal["http", "kafka"]
    bevoegd_gezag: str
    submitted_by: str
    delivery_reference: str | None = Field(
        default=None, description="The Idempotency-Key (HTTP) or delivery reference (Kafka)."
    )
    format: str
    rows_total: int
    rows_accepted: int
    rows_rejected: int
    rows_warned: int
    rows_unchanged: int = Field(
        description="Accepted rows identical to an earlier delivery: nothing new to publish."
    )
    rejection_code: str | None = None
    rejection_message: str | None = None
    received_at: datetime
    processed_at: datetime | None = None
    completed_at: datetime | None = None
    errors_url: str

    @classmethod
    def of(cls, d: Delivery) -> DeliveryView:
        c = d.counts
        return cls(
            id=d.id,
            status=d.status,
            channel=d.channel,
            bevoegd_gezag=d.bevoegd_gezag,
            submitted_by=d.submitted_by,
            delivery_reference=d.idempotency_key,
            format=d.format,
            rows_total=c.total,
            rows_accepted=c.accepted,
            rows_rejected=c.rejected,
            rows_warned=c.warned,
            rows_unchanged=c.unchanged,
            rejection_code=d.rejection_code,
            rejection_message=d.rejection_message,
            received_at=d.received_at,
            processed_at=d.processed_at,
            completed_at=d.completed_at,
            errors_url=f"/v1/deliveries/{d.id}/errors",
        )


class IssueView(BaseModel):
    row_number: int
    column: str | None
    code: str
    severity: Literal["error", "warning"]
    message: str

    @classmethod
    def of(cls, issue: Issue) -> IssueView:
        return cls(
            row_number=issue.row_number,
            column=issue.column,
            code=issue.code,
            severity=issue.severity,
            message=issue.message,
        )


class IssuePage(BaseModel):
    delivery_id: UUID
    page: int
    page_size: int
    total: int
    issues: list[IssueView]


class DeliveryList(BaseModel):
    page: int
    page_size: int
    deliveries: list[DeliveryView]


class CorrectionRequestList(BaseModel):
    page: int
    page_size: int
    correction_requests: list[dict[str, object]]
