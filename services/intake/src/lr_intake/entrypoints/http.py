"""Intake's HTTP API: upload a delivery, read its feedback, list a board's deliveries and the
correction requests teachers filed about them."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Header, HTTPException, Path, Query, Request, status
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.requests import ClientDisconnect

from lr_intake.application import queries
from lr_intake.application.deliveries import FileUpload, Intake, receive_file
from lr_intake.entrypoints.schemas import (
    CorrectionRequestList,
    DeliveryList,
    DeliveryView,
    IssuePage,
    IssueView,
)
from lr_shared.auth import Principal
from lr_shared.http import require_token
from lr_shared.problems import PROBLEM_JSON, REF_PREFIX, problem_responses

BoardToken = Annotated[Principal, Depends(require_token("board"))]
BoardNumber = Annotated[str, Path(pattern=r"^[0-9]{5}$")]
Page = Annotated[int, Query(ge=1, le=1_000_000)]
PageSize = Annotated[int, Query(ge=1, le=1000)]

FORMATS: dict[str, Literal["csv", "ndjson"]] = {
    "text/csv": "csv",
    "application/csv": "csv",
    "application/x-ndjson": "ndjson",
    "application/ndjson": "ndjson",
}
_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "description": "The delivery file: CSV (UTF-8, `;` or `,`, header row) or NDJSON.",
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            "application/x-ndjson": {"schema": {"type": "string"}},
        },
    }
}
NOT_FOUND = "Not found"
_REJECTED_OR_REFUSED: dict[int | str, dict[str, Any]] = {
    422: {
        "description": "The file as a whole was rejected (the rejected delivery, with its "
        "code and Dutch message), or the request's parameters are not valid (a problem).",
        "content": {
            "application/json": {"schema": {"$ref": f"{REF_PREFIX}DeliveryView"}},
            PROBLEM_JSON: {"schema": {"$ref": f"{REF_PREFIX}Problem"}},
        },
    }
}
ISSUE_COLUMNS = ("row_number", "column", "code", "severity", "message")


def build_router(intake: Intake) -> APIRouter:
    router = APIRouter(
        prefix="/v1", tags=["deliveries"], responses=problem_responses(401, 422, 503)
    )

    async def visible(delivery_id: UUID, principal: Principal) -> DeliveryView:
        found = await queries.delivery(intake.uow, delivery_id, principal.boards)
        if found is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, NOT_FOUND)
        return DeliveryView.of(found)

    @router.post(
        "/deliveries",
        status_code=status.HTTP_202_ACCEPTED,
        response_model=DeliveryView,
        openapi_extra=_UPLOAD_BODY,
        responses={
            **problem_responses(
                400,
                403,
                415,
                _400="The upload broke off before the file's end.",
                _403="The token's board may not deliver for `bevoegd_gezag`.",
                _415="Not text/csv or application/x-ndjson.",
            ),
            **_REJECTED_OR_REFUSED,
        },
    )
    async def upload(
        request: Request,
        principal: BoardToken,
        bevoegd_gezag: Annotated[
            str | None,
            Query(pattern=r"^[0-9]{5}$", description="The board delivered for (default: yours)."),
        ] = None,
        content_type: Annotated[str, Header()] = "",
        idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
    ) -> JSONResponse:
        """Upload a delivery. Rows are checked while the file streams in; the answer comes when
        every row's outcome is stored. Accepted appointments are then published (`processing`
        until they all are, then `completed`). A whole-file problem answers 422 with the
        rejected delivery. The same `Idempotency-Key` again returns the first delivery."""
        fmt = FORMATS.get(content_type.split(";")[0].strip().lower())
        if fmt is None:
            raise HTTPException(
                status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, "Use text/csv or application/x-ndjson"
            )
        board = bevoegd_gezag or principal.subject
        if board not in principal.boards:
            raise HTTPException(status.HTTP_403_FORBIDDEN, "You may not deliver for this board")
        upload = FileUpload(principal.subject, board, principal.boards, fmt, idempotency_key)
        try:
            received = await receive_file(intake, upload, request.stream())
        except ClientDisconnect:
            raise HTTPException(status.HTTP_400_BAD_REQUEST, "Upload interrupted") from None
        view = DeliveryView.of(received.delivery)
        code = 422 if view.status == "rejected" else status.HTTP_202_ACCEPTED
        headers = {"Location": f"/v1/deliveries/{view.id}"}
        if received.replayed:
            headers["Idempotent-Replayed"] = "true"
        return JSONResponse(view.model_dump(mode="json"), status_code=code, headers=headers)

    @router.get(
        "/deliveries/{delivery_id}", response_model=DeliveryView, responses=problem_responses(404)
    )
    async def get_delivery(delivery_id: UUID, principal: BoardToken) -> DeliveryView:
        """A delivery's status, counts and timings."""
        return await visible(delivery_id, principal)

    @router.get(
        "/deliveries/{delivery_id}/errors",
        response_model=IssuePage,
        responses={
            200: {"content": {"text/csv": {"schema": {"type": "string"}}}},
            **problem_responses(404),
        },
    )
    async def get_errors(
        request: Request,
        delivery_id: UUID,
        principal: BoardToken,
        page: Page = 1,
        page_size: PageSize = 100,
        format: Literal["json", "csv"] | None = None,
    ) -> IssuePage | StreamingResponse:
        """Every rejected or warned row: row number, column, code and Dutch message. JSON pages,
        or all of them as CSV (`Accept: text/csv` or `?format=csv`)."""
        await visible(delivery_id, principal)
        wants_csv = format == "csv" or (
            format is None and "text/csv" in request.headers.get("accept", "")
        )
        if wants_csv:
            return StreamingResponse(
                _issues_csv(intake, delivery_id),
                media_type="text/csv; charset=utf-8",
                headers={"Content-Disposition": f'attachment; filename="{delivery_id}-fouten.csv"'},
            )
        issues, total = await queries.issues_page(
            intake.uow, delivery_id, page_size, (page - 1) * page_size
        )
        return IssuePage(
            delivery_id=delivery_id,
            page=page,
            page_size=page_size,
            total=total,
            issues=[IssueView.of(i) for i in issues],
        )

    @router.get(
        "/boards/{bevoegd_gezag}/deliveries",
        response_model=DeliveryList,
        responses=problem_responses(404),
    )
    async def board_deliveries(
        bevoegd_gezag: BoardNumber, principal: BoardToken, page: Page = 1, page_size: PageSize = 50
    ) -> DeliveryList:
        """A board's deliveries, newest first."""
        if bevoegd_gezag not in principal.boards:
            raise HTTPException(status.HTTP_404_NOT_FOUND, NOT_FOUND)
        found = await queries.deliveries_of_board(
            intake.uow, bevoegd_gezag, page_size, (page - 1) * page_size
        )
        return DeliveryList(
            page=page, page_size=page_size, deliveries=[DeliveryView.of(d) for d in found]
        )

    @router.get(
        "/boards/{bevoegd_gezag}/correction-requests",
        response_model=CorrectionRequestList,
        tags=["correction requests"],
        responses=problem_responses(404),
    )
    async def board_correction_requests(
        bevoegd_gezag: BoardNumber, principal: BoardToken, page: Page = 1, page_size: PageSize = 50
    ) -> CorrectionRequestList:
        """What teachers dispute about appointments this board delivered, newest first."""
        if bevoegd_gezag not in principal.boards:
            raise HTTPException(status.HTTP_404_NOT_FOUND, NOT_FOUND)
        found = await queries.correction_requests_of_board(
            intake.uow, bevoegd_gezag, page_size, (page - 1) * page_size
        )
        return CorrectionRequestList(page=page, page_size=page_size, correction_requests=found)

    return router


async def _issues_csv(intake: Intake, delivery_id: UUID) -> AsyncIterator[str]:
    """All issues as `;`-separated CSV with a BOM (spreadsheets open it as UTF-8), in pages."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(ISSUE_COLUMNS)
    yield "\ufeff" + buffer.getvalue()
    offset, size = 0, 5000
    while True:
        issues, _ = await queries.issues_page(intake.uow, delivery_id, size, offset)
        if not issues:
            return
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(
            (i.row_number, i.column or "", i.code, i.severity, i.message) for i in issues
        )
        yield buffer.getvalue()
        offset += size
