"""The teacher's own portfolio over HTTP (register tokens only)."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import quote
from uuid import UUID

from fastapi import APIRouter, File, Query, Request, Response, UploadFile, status
from fastapi.responses import HTMLResponse

from lr_portfolio.domain.errors import EvidenceTooLargeError
from lr_portfolio.entrypoints import html_export
from lr_portfolio.entrypoints.dependencies import Services, Teacher
from lr_portfolio.entrypoints.schemas import (
    ActivityIn,
    ActivityOut,
    EvidenceOut,
    PeriodProgressOut,
    PortfolioOut,
    ProgressOut,
)
from lr_shared.problems import problem_responses

router = APIRouter(prefix="/v1/me", tags=["portfolio"], responses=problem_responses(401, 422, 503))
NOT_YOURS = problem_responses(404)
EDITABLE = problem_responses(
    404, 409, _409="The activity was validated by its provider and cannot be changed."
)

MULTIPART_OVERHEAD = 64 * 1024
PRIVATE = {"Cache-Control": "private, no-store"}


@router.post("/activities", status_code=status.HTTP_201_CREATED)
async def create_activity(body: ActivityIn, me: Teacher, services: Services) -> ActivityOut:
    return ActivityOut.of(await services.activities.create(me, body.draft()))


@router.get("/activities")
async def list_activities(me: Teacher, services: Services) -> list[ActivityOut]:
    """Her activities, newest first; an accredited one says whether (and how) she rated it."""
    activities = await services.activities.of_teacher(me)
    ratings = await services.ratings.of_teacher(me)
    return [ActivityOut.of(a, ratings.get(a.activity_code or "")) for a in activities]


@router.get("/activities/{activity_id}", responses=NOT_YOURS)
async def get_activity(activity_id: UUID, me: Teacher, services: Services) -> ActivityOut:
    activity = await services.activities.get(me, activity_id)
    ratings = await services.ratings.of_teacher(me) if activity.activity_code else {}
    return ActivityOut.of(activity, ratings.get(activity.activity_code or ""))


@router.put("/activities/{activity_id}", responses=EDITABLE)
async def update_activity(
    activity_id: UUID, body: ActivityIn, me: Teacher, services: Services
) -> ActivityOut:
    return ActivityOut.of(await services.activities.update(me, activity_id, body.draft()))


@router.delete(
    "/activities/{activity_id}", status_code=status.HTTP_204_NO_CONTENT, responses=EDITABLE
)
async def delete_activity(activity_id: UUID, me: Teacher, services: Services) -> None:
    await services.activities.delete(me, activity_id)


@router.put(
    "/activities/{activity_id}/evidence",
    responses={
        **EDITABLE,
        **problem_responses(
            413,
            415,
            _413="The evidence file is larger than the configured size.",
            _415="The evidence file is not a PDF, PNG or JPEG file (judged by its content).",
        ),
    },
)
async def put_evidence(
    activity_id: UUID,
    request: Request,
    file: Annotated[UploadFile, File(description="PDF, PNG or JPEG; at most the configured size.")],
    me: Teacher,
    services: Services,
) -> EvidenceOut:
    limit = services.settings.evidence_max_bytes
    declared = int(request.headers.get("content-length") or 0)
    if declared > limit + MULTIPART_OVERHEAD:
        raise EvidenceTooLargeError(limit)
    content = await file.read(limit + 1)
    meta = await services.activities.put_evidence(
        me, activity_id, file.filename or "evidence", content
    )
    return EvidenceOut(**vars(meta))


@router.get(
    "/activities/{activity_id}/evidence",
    responses={
        200: {
            "description": "The evidence file as it was uploaded.",
            "content": {
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                "image/png": {"schema": {"type": "string", "format": "binary"}},
                "image/jpeg": {"schema": {"type": "string", "format": "binary"}},
            },
        },
        **NOT_YOURS,
    },
)
async def get_evidence(activity_id: UUID, me: Teacher, services: Services) -> Response:
    meta, content = await services.activities.get_evidence(me, activity_id)
    ascii_name = meta.filename.encode("ascii", "replace").decode().replace("?", "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(meta.filename)}"
    headers = {
        **PRIVATE,
        "Content-Disposition": disposition,
        "ETag": f'"{meta.sha256}"',
        "X-Content-SHA256": meta.sha256,
        "X-Content-Type-Options": "nosniff",
    }
    return Response(content, media_type=meta.content_type, headers=headers)


@router.delete(
    "/activities/{activity_id}/evidence",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=EDITABLE,
)
async def delete_evidence(activity_id: UUID, me: Teacher, services: Services) -> None:
    await services.activities.delete_evidence(me, activity_id)


@router.get("/progress")
async def progress(me: Teacher, services: Services) -> ProgressOut:
    view = await services.views.portfolio(me)
    periods = [PeriodProgressOut.of(p, current) for p, current in view.progress]
    return ProgressOut(registration_number=me, periods=periods)


@router.get(
    "/export",
    response_model=PortfolioOut,
    responses={200: {"content": {"text/html": {"schema": {"type": "string"}}}}},
)
async def export(
    me: Teacher,
    services: Services,
    format: Annotated[Literal["json", "html"], Query()] = "json",
) -> Response:
    view = await services.views.portfolio(me)
    if format == "html":
        return HTMLResponse(html_export.render(view), headers=PRIVATE)
    body = PortfolioOut.of(view).model_dump_json()
    return Response(body, media_type="application/json", headers=PRIVATE)
