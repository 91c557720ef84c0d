"""The teacher's requests as they go on: their correction requests (register token), and an
erasure request followed by its reference, without a token (after erasure the teacher can no
longer sign in, and the register token they had expires)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Path

from lr_registry.application import corrections, teacher
from lr_registry.entrypoints.deps import ContainerDep, Teacher, not_found, rate_limited
from lr_shared.problems import problem_responses

router = APIRouter(tags=["teacher"])


@router.get("/v1/me/correction-requests")
async def correction_requests(container: ContainerDep, me: Teacher) -> dict[str, Any]:
    """The teacher's correction requests, newest first. `status`: `sent` (with the board, not
    answered yet), `accepted` (the board will deliver the corrected data), `rejected` (with the
    board's `reason`), or `resolved` (a delivery gave every disputed field another value;
    `resolved_at`). An answered request keeps its `decision`, `reason` and `answered_at`."""
    records = await corrections.correction_requests(container.uow, me.subject)
    return {
        "items": [
            {
                "request_id": str(r.request_id),
                "appointment_id": r.appointment_id,
                "brin": r.brin,
                "brin_volgnummer": r.brin_volgnummer,
                "benoemingsgrondslag": r.benoemingsgrondslag,
                "fields": list(r.fields),
                "explanation": r.explanation,
                "requested_at": r.requested_at,
                "status": r.status,
                "decision": r.decision,
                "reason": r.reason,
                "answered_at": r.answered_at,
                "resolved_at": r.resolved_at,
            }
            for r in records
        ]
    }


@router.get(
    "/v1/erasure-requests/{reference}",
    dependencies=[Depends(rate_limited)],
    responses=problem_responses(404, 429, _404="No erasure request with this reference."),
)
async def erasure_by_reference(
    container: ContainerDep, reference: Annotated[UUID, Path()]
) -> dict[str, Any]:
    """An erasure request's progress by its reference (the `request_id` that
    `POST /v1/me/erasure-request` answered). Unguessable, so no token: the answer holds no
    personal data and not even the registration number."""
    record = await teacher.erasure_by_reference(container.uow, reference)
    if record is None:
        raise not_found()
    return {
        "request_id": str(record.request_id),
        "requested_at": record.requested_at,
        "services": [
            {"service": s, "confirmed_at": record.confirmed.get(s)} for s in record.services
        ],
        "status": "completed" if record.completed_at else "in_progress",
        "completed_at": record.completed_at,
    }
