"""The HTTP answers of intake (response models, so /docs explains them)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from lr_intake.domain.appointment import Issue
from lr_intake.domain.changes import TRACKED_FIELDS, ChangeSummary, NoLongerDelivered
from lr_intake.domain.delivery import Delivery, DeliveryOutcome


class ChangeSummaryView(BaseModel):
    """The delivery's accepted appointments against what intake held before it."""

    new: int = Field(description="Appointments intake did not hold before.")
    changed: int = Field(description="Appointments intake held with other data (published).")
    unchanged: int = Field(
        description="Appointments exactly as intake held them (not published again)."
    )
    changed_fields: dict[str, int] = Field(
        description="Per field, in how many of the changed appointments it changed (one "
        "appointment counts once in each field that changed). Every field is listed.",
        examples=[dict.fromkeys(TRACKED_FIELDS, 0) | {"benoeming_einddatum": 1}],
    )
    changed_fields_unknown: int = Field(
        description="Changed appointments whose fields cannot be told apart: intake holds "
        "their earlier data from before it kept field digests."
    )
    no_longer_delivered: int | None = Field(
        description="Appointments of the delivery's board that intake holds and this delivery "
        "does not (shown, not acted on: a missing row does not end an appointment). Null for a "
        "Kafka batch, one part of what a board delivers."
    )
    withheld: int = Field(
        default=0,
        description="Rows of teachers who had their data erased: received, not passed on "
        "(code LERAAR_GEGEVENS_VERWIJDERD).",
    )

    @classmethod
    def of(cls, c: ChangeSummary) -> ChangeSummaryView:
        return cls(
            new=c.new,
            changed=c.changed,
            unchanged=c.unchanged,
            changed_fields=dict(c.fields),
            changed_fields_unknown=c.fields_unknown,
            no_longer_delivered=c.no_longer_delivered,
            withheld=c.withheld,
        )


class NoLongerDeliveredView(BaseModel):
    """An appointment of the board that this delivery does not hold, without the BSN: its key
    fields, and the delivery and row that last brought it with new data (look it up in that
    file). The key fields are null for an appointment intake stored before it kept them."""

    brin: str | None = Field(examples=["12AB"])
    brin_volgnummer: str | None = Field(examples=["00"])
    benoemingsgrondslag: str | None = Field(examples=["PO-PABO"])
    benoeming_begindatum: date | None
    last_delivery_id: UUID
    last_row_number: int | None = Field(description="Its row in that delivery (header: row 1).")

    @classmethod
    def of(cls, item: NoLongerDelivered) -> NoLongerDeliveredView:
        return cls(
            brin=item.brin,
            brin_volgnummer=item.brin_volgnummer,
            benoemingsgrondslag=item.benoemingsgrondslag,
            benoeming_begindatum=item.benoeming_begindatum,
            last_delivery_id=item.last_delivery_id,
            last_row_number=item.last_row_number,
        )


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
    file_bytes: int | None = Field(
        default=None,
        description="The size of what was delivered (a file rejected as too large: the bytes "
        "read of it, up to the limit; a Kafka batch: its records as JSON).",
    )
    file_sha256: str | None = Field(
        default=None,
        description="SHA-256 (hex) of those bytes: an Idempotency-Key sent again with other "
        "bytes is refused (422).",
    )
    changes: ChangeSummaryView | None = Field(
        default=None,
        description="What the delivery changed, once processed (null when rejected, and for a "
        "delivery from before intake kept it).",
    )
    errors_url: str
    changes_url: str

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
            file_bytes=d.body_bytes,
            file_sha256=None if d.body_sha256 is None else d.body_sha256.hex(),
            changes=None if d.changes is None else ChangeSummaryView.of(d.changes),
            errors_url=f"/v1/deliveries/{d.id}/errors",
            changes_url=f"/v1/deliveries/{d.id}/changes",
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


class ChangesPage(BaseModel):
    """What a delivery changed, and a page of the board's appointments it no longer holds."""

    delivery_id: UUID
    summary: ChangeSummaryView
    page: int
    page_size: int
    no_longer_delivered: list[NoLongerDeliveredView]


class DeliveryCheckView(BaseModel):
    """A dry run (`?dry_run=true`): what a delivery of this file would answer, and nothing
    kept. The issues are listed here (no delivery holds them), ordered as a delivery's
    `errors` pages are, up to 10,000; `issue_counts` counts all of them per code."""

    dry_run: Literal[True] = True
    status: Literal["checked", "rejected"] = Field(
        description="`rejected`: the file as a whole would be rejected (its code and message)."
    )
    bevoegd_gezag: str
    submitted_by: str
    format: str
    rows_total: int
    rows_accepted: int
    rows_rejected: int
    rows_warned: int
    rows_unchanged: int = Field(description="Accepted rows identical to what intake holds.")
    rejection_code: str | None = None
    rejection_message: str | None = None
    file_bytes: int | None = None
    file_sha256: str | None = None
    changes: ChangeSummaryView | None = Field(
        default=None, description="What a delivery of it would change (null when rejected)."
    )
    issues_total: int
    issues_truncated: bool = Field(description="More issues than are listed here.")
    issue_counts: dict[str, int] = Field(
        description="Every issue's code, counted.", examples=[{"BSN_ELFPROEF": 3}]
    )
    issues: list[IssueView]
    no_longer_delivered: list[NoLongerDeliveredView] = Field(
        description="The board's appointments the file does not hold (up to 10,000)."
    )

    @classmethod
    def of(
        cls,
        outcome: DeliveryOutcome,
        issue_codes: Mapping[str, int],
        absent: Sequence[NoLongerDelivered],
        limit: int,
    ) -> DeliveryCheckView:
        d, c = outcome.delivery, outcome.delivery.counts
        issues = sorted(outcome.issues, key=lambda i: (i.row_number, i.severity, i.code))
        return cls(
            status="rejected" if d.status == "rejected" else "checked",
            bevoegd_gezag=d.bevoegd_gezag,
            submitted_by=d.submitted_by,
            format=d.format,
            rows_total=c.total,
            rows_accepted=c.accepted,
            rows_rejected=c.rejected,
            rows_warned=c.warned,
            rows_unchanged=c.unchanged,
            rejection_code=d.rejection_code,
            rejection_message=d.rejection_message,
            file_bytes=d.body_bytes,
            file_sha256=None if d.body_sha256 is None else d.body_sha256.hex(),
            changes=None if d.changes is None else ChangeSummaryView.of(d.changes),
            issues_total=sum(issue_codes.values()),
            issues_truncated=outcome.issues_truncated,
            issue_counts=dict(sorted(issue_codes.items())),
            issues=[IssueView.of(i) for i in issues],
            no_longer_delivered=[NoLongerDeliveredView.of(a) for a in absent[:limit]],
        )


class DeliveryList(BaseModel):
    page: int
    page_size: int
    deliveries: list[DeliveryView]
