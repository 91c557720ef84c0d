"""Attendance over HTTP, for providers without Kafka: a batch of reports under the provider's
token, the same reports (`AttendanceV1`) and the same rules as on `lr.portfolio.attendance.v1`.
What a dead letter would say of a report there, the answer says of it here."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from lr_portfolio.entrypoints.dependencies import Provider, Services
from lr_shared.contracts.portfolio import AttendanceV1
from lr_shared.problems import problem_responses

MAX_REPORTS = 1000

router = APIRouter(prefix="/v1", tags=["attendance"], responses=problem_responses(401, 422, 503))


class AttendanceBatchIn(BaseModel):
    reports: list[AttendanceV1] = Field(
        min_length=1,
        max_length=MAX_REPORTS,
        description="At most 1000 reports. Each report's `provider_id` must be the token's "
        "provider, its `activity_code` one of that provider's catalogue.",
    )


class RefusedReport(BaseModel):
    index: int = Field(ge=0, description="The report's place in `reports`, from 0.")
    attendance_id: str
    reason: str = Field(
        description="Why it does not count: `provider mismatch: ...` (another provider's id, "
        "or an activity of another provider's catalogue), `unknown activity: ...`, "
        "`unknown registration: ...`, `implausible date: ...`, `invalid text: ...`.",
        examples=["unknown activity: activity_code not in the provider catalogue"],
    )


class AttendanceBatchOut(BaseModel):
    accepted: int = Field(
        ge=0,
        description="Reports taken (one reported before changes nothing; `completed: false` "
        "is taken and adds no activity).",
    )
    refused: list[RefusedReport] = Field(description="The reports that do not count.")


@router.post("/attendance")
async def report_attendance(
    body: AttendanceBatchIn, provider: Provider, services: Services
) -> AttendanceBatchOut:
    """Report that teachers attended your accredited activities (provider token). The batch is
    taken in one transaction; a report that cannot count is listed in `refused` with its
    reason, and the others are taken. Reporting an `attendance_id` again changes nothing."""
    reasons = await services.attendance.report(provider, body.reports)
    refused = [
        RefusedReport(index=i, attendance_id=report.attendance_id, reason=reason)
        for i, (report, reason) in enumerate(zip(body.reports, reasons, strict=True))
        if reason is not None
    ]
    return AttendanceBatchOut(accepted=len(body.reports) - len(refused), refused=refused)
