"""Intake's HTTP API: upload (or only check) a delivery, read its feedback and what it changed,
list a board's deliveries (correction requests: http_corrections.py)."""

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
from lr_intake.application.deliveries import (
    MAX_CHECK_ISSUES,
    Checked,
    FileUpload,
    Intake,
    check_file,
    receive_file,
)
from lr_intake.domain.changes import ChangeSummary
from lr_intake.domain.delivery import Delivery
from lr_intake.domain.idempotency import KeyInFlightError, KeyReusedError
from lr_intake.entrypoints.schemas import (
    ChangesPage,
    ChangeSummaryView,
    DeliveryCheckView,
    DeliveryList,
    DeliveryView,
    IssuePage,
    IssueView,
    NoLongerDeliveredView,
)
from lr_shared.auth import Principal
from lr_shared.http import require_token, wants_csv
from lr_shared.problems import (
    PROBLEM_JSON,
    REF_PREFIX,
    Problem,
    new_instance,
    problem,
    problem_responses,
)

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
KEY_REUSED = "idempotency-key-reused"
# A problem type of our own (RFC 9457): a tag URI, an identifier that is not a link to follow.
KEY_REUSED_TYPE = f"tag:lerarenregister.nl,2026:problems/{KEY_REUSED}"
KEY_REUSED_TITLE = "Idempotency-Key reused for a different request"
KEY_REUSED_DETAIL = (
    "Deze Idempotency-Key is al gebruikt voor een ander verzoek (ander bestand, ander formaat "
    "of ander bevoegd gezag): levering {delivery_id}. Dit bestand is niet verwerkt. Gebruik "
    "voor elke nieuwe levering een nieuwe sleutel; stuur dezelfde sleutel alleen mee met "
    "precies hetzelfde bestand."
)
KEY_IN_FLIGHT = (
    "De eerste upload met deze Idempotency-Key werd nog gelezen en is afgebroken; dit verzoek "
    "is niet verwerkt. Stuur het bestand opnieuw met dezelfde sleutel."
)
_REJECTED_OR_REFUSED: dict[int | str, dict[str, Any]] = {
    422: {
        "description": "The file as a whole was rejected (the rejected delivery, with its "
        "code and Dutch message; with `dry_run=true` the check), or the request is refused "
        "(a problem): its parameters are not valid, or its `Idempotency-Key` made a delivery "
        f"of another file, format or board (`type` `{KEY_REUSED_TYPE}`, `code` `{KEY_REUSED}`, "
        "`delivery_id` the delivery the key made; nothing of this file is kept).",
        "content": {
            "application/json": {
                "schema": {
                    "anyOf": [
                        {"$ref": f"{REF_PREFIX}DeliveryView"},
                        {"$ref": f"{REF_PREFIX}DeliveryCheckView"},
                    ]
                }
            },
            PROBLEM_JSON: {"schema": {"$ref": f"{REF_PREFIX}Problem"}},
        },
    }
}
_CHECKED: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "`dry_run=true`: the file was checked; nothing was stored or published.",
        "model": DeliveryCheckView,
    }
}
ISSUE_COLUMNS = ("row_number", "column", "code", "severity", "message")


def build_router(intake: Intake) -> APIRouter:
    router = APIRouter(
        prefix="/v1", tags=["deliveries"], responses=problem_responses(401, 422, 503)
    )

    async def visible(delivery_id: UUID, principal: Principal) -> Delivery:
        found = await queries.delivery(intake.uow, delivery_id, principal.boards)
        if found is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, NOT_FOUND)
        return found

    @router.post(
        "/deliveries",
        status_code=status.HTTP_202_ACCEPTED,
        response_model=DeliveryView,
        openapi_extra=_UPLOAD_BODY,
        responses={
            **_CHECKED,
            **problem_responses(
                400,
                403,
                409,
                415,
                _400="The upload broke off before the file's end.",
                _403="The token's board may not deliver for `bevoegd_gezag`.",
                _409="The first upload with this `Idempotency-Key` was still being read when "
                "this one came, and broke off: nothing was kept; send it again.",
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
        dry_run: Annotated[
            bool,
            Query(
                description="Only check the file: the same checks, feedback and counts (and "
                "what it would change), answered 200 with the issues listed; nothing is stored "
                "or published, and the `Idempotency-Key` is not used."
            ),
        ] = False,
        content_type: Annotated[str, Header()] = "",
        idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
    ) -> JSONResponse:
        """Upload a delivery. Rows are checked while the file streams in; the answer comes when
        every row's outcome is stored. Accepted appointments are then published (`processing`
        until they all are, then `completed`). A whole-file problem answers 422 with the
        rejected delivery. The same `Idempotency-Key` with the same file again returns the
        first delivery (`Idempotent-Replayed: true`); with another file (or format, or board)
        it is refused with 422 (a problem) and the file is not kept."""
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
            if dry_run:
                return _checked(await check_file(intake, upload, request.stream()))
            received = await receive_file(intake, upload, request.stream())
        except ClientDisconnect:
            raise HTTPException(status.HTTP_400_BAD_REQUEST, "Upload interrupted") from None
        except KeyReusedError as reused:
            return _key_reused(reused)
        except KeyInFlightError:
            return problem(status.HTTP_409_CONFLICT, KEY_IN_FLIGHT)
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
        return DeliveryView.of(await visible(delivery_id, principal))

    @router.get(
        "/deliveries/{delivery_id}/changes",
        response_model=ChangesPage,
        responses=problem_responses(
            404,
            409,
            _404="Not found, or not yours (answered the same); or a delivery processed before "
            "intake kept what deliveries changed.",
            _409="The delivery is still being read.",
        ),
    )
    async def get_changes(
        delivery_id: UUID, principal: BoardToken, page: Page = 1, page_size: PageSize = 100
    ) -> ChangesPage:
        """What the delivery changed against what intake held before it: how many appointments
        are new, changed (per field) and unchanged, and the appointments of its board that it
        no longer holds (a page of them; without BSN: school, grondslag, begin date and the
        delivery and row that last brought each). Shown only: a missing row ends nothing."""
        found = await visible(delivery_id, principal)
        if found.status == "received":
            raise HTTPException(status.HTTP_409_CONFLICT, "The delivery is still being read")
        if found.changes is None and found.status != "rejected":
            raise HTTPException(status.HTTP_404_NOT_FOUND, "No changes kept for this delivery")
        items, _ = await queries.no_longer_delivered_page(
            intake.uow, delivery_id, page_size, (page - 1) * page_size
        )
        summary = found.changes or ChangeSummary()
        return ChangesPage(
            delivery_id=delivery_id,
            summary=ChangeSummaryView.of(summary),
            page=page,
            page_size=page_size,
            no_longer_delivered=[NoLongerDeliveredView.of(item) for item in items],
        )

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
        await visible(delivery_id, principal)  # 404 unless the token's boards may see it
        if wants_csv(request, format):
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

    return router


def _checked(checked: Checked) -> JSONResponse:
    view = DeliveryCheckView.of(
        checked.outcome, checked.issue_codes, checked.no_longer_delivered, MAX_CHECK_ISSUES
    )
    code = 422 if view.status == "rejected" else status.HTTP_200_OK
    return JSONResponse(view.model_dump(mode="json"), status_code=code)


def _key_reused(reused: KeyReusedError) -> JSONResponse:
    """422 as draft-ietf-httpapi-idempotency-key-header asks, as a problem of our own type,
    with `code` and the delivery the key made."""
    body = Problem(
        type=KEY_REUSED_TYPE,
        title=KEY_REUSED_TITLE,
        status=status.HTTP_422_UNPROCESSABLE_CONTENT,
        detail=KEY_REUSED_DETAIL.format(delivery_id=reused.delivery_id),
        instance=new_instance(),
    ).model_dump(mode="json", exclude_none=True)
    body |= {"code": KEY_REUSED, "delivery_id": str(reused.delivery_id)}
    return JSONResponse(body, status_code=body["status"], media_type=PROBLEM_JSON)


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
