"""The board's own pages ("Aanleveren"), on behalf of the board the session acts for, with its
board token, over intake's HTTP API:

- `/aanleveren`: the board's deliveries, newest first, with status and counts;
- `/aanleveren/nieuw`: upload a CSV or NDJSON file (a plain multipart form; the portal streams
  it to intake with the Idempotency-Key the form carries, made when the form was shown, so a
  form sent twice is answered with the first delivery instead of a second one);
- `/aanleveren/leveringen/{id}`: one delivery, followed to `completed`;
- `/aanleveren/leveringen/{id}/meldingen` (+ `.csv`): its row feedback, filtered and paged, and
  all of it as intake's CSV (streamed through: the board token never reaches the browser);
- the correction requests about the board's appointments: pages_board_corrections.py.

Another board's delivery is not found (404), like one that does not exist.
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated, Any, TypeVar
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response, StreamingResponse
from starlette.background import BackgroundTask
from starlette.datastructures import UploadFile

from lr_portal.adapters.intake import UploadRefusedError
from lr_portal.application import deliveries
from lr_portal.bootstrap import Container
from lr_portal.domain.deliveries import (
    SEVERITIES,
    DryRun,
    IssueFilter,
    Severity,
    upload_type,
)
from lr_portal.domain.errors import NotFoundError
from lr_portal.entrypoints.deps import (
    BOARD_AREA,
    Acting,
    ActingBoard,
    BoardsEnabled,
    ContainerDep,
    CurrentSession,
    IntakeDep,
    verify_csrf,
)
from lr_portal.entrypoints.errors import error_page
from lr_portal.entrypoints.signin_board import directory
from lr_portal.entrypoints.templating import redirect, render
from lr_portal.i18n import CATALOGUE

router = APIRouter(prefix=BOARD_AREA, tags=["boards"], dependencies=[BoardsEnabled])
log = logging.getLogger(__name__)

DELIVERIES_PER_PAGE = 10
ISSUES_PER_PAGE = 8
ABSENT_SHOWN = 5
DRY_RUN_ISSUES_SHOWN = 8
"""Small pages: the stylesheets take 90 of a page's 100 KB, the rest is the HTML's."""
SCAN_LIMIT = 10_000
"""Issues the feedback page reads for its filter; beyond that, the CSV download has them."""
CHUNK = 64 * 1024

KEY = re.compile(r"^portal-[A-Za-z0-9_-]{20,64}$")
SEVERITY_PARAM: dict[str, Severity] = {"fout": "error", "waarschuwing": "warning"}
Page = Annotated[int, Query(ge=1, le=10_000)]
KNOWN_FIELDS = frozenset(k.removeprefix("field.") for k in CATALOGUE if k.startswith("field."))
"""Delivered fields with a translated name (a correction request names the disputed ones)."""


def new_upload_key() -> str:
    """One per upload attempt (each time the form is shown): intake answers a second upload
    with this key with the first one's delivery."""
    return f"portal-{secrets.token_urlsafe(24)}"


def _delivery_id(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise NotFoundError from None


def _nav(acting: Acting, container: Container) -> dict[str, Any]:
    """What every board page shows about who acts for which board."""
    names = directory(container)
    organisation = acting.user.organisation
    return {
        "acting": acting,
        "board_name": names.name_of(acting.board),
        "organisation": organisation,
        "organisation_name": names.name_of(organisation.number),
        "may_choose": len(organisation.choices) > 1,
    }


# --- the deliveries --------------------------------------------------------------------------


@router.get("")
async def deliveries_list(
    request: Request,
    container: ContainerDep,
    intake: IntakeDep,
    acting: ActingBoard,
    pagina: Page = 1,
) -> Response:
    found, has_next = await _paged(intake.deliveries, acting, pagina, DELIVERIES_PER_PAGE)
    return render(
        request,
        "boards/deliveries.html.j2",
        {**_nav(acting, container), "deliveries": found, "page": pagina, "has_next": has_next},
    )


T = TypeVar("T")


async def _paged(
    call: Callable[..., Awaitable[list[T]]], acting: Acting, page: int, size: int
) -> tuple[list[T], bool]:
    """One page of a board's list, and whether another follows: intake pages by page and
    size only, so the first item of the next page is asked for at the same time (page
    `page * size + 1` of size 1 starts right after this page)."""
    found, following = await asyncio.gather(
        call(acting.token, acting.board, page=page, page_size=size),
        call(acting.token, acting.board, page=page * size + 1, page_size=1),
    )
    return found, bool(following)


def _upload_form(
    request: Request,
    container: Container,
    acting: Acting,
    *,
    key: str | None = None,
    errors: dict[str, str] | None = None,
    refusal: str = "",
    status: int = 200,
) -> Response:
    return render(
        request,
        "boards/upload.html.j2",
        {
            **_nav(acting, container),
            "key": key or new_upload_key(),
            "errors": errors or {},
            "refusal": refusal,
            "max_mb": container.settings.board_upload_max_mb,
        },
        status=status,
    )


@router.get("/nieuw")
async def upload_form(request: Request, container: ContainerDep, acting: ActingBoard) -> Response:
    return _upload_form(request, container, acting)


async def upload_csrf(request: Request, container: ContainerDep, session: CurrentSession) -> None:
    """The CSRF check of the upload form, unless the body is larger than the portal accepts:
    then it is not read at all (parsing it is what the check would do) and the route shows the
    form with the error. Nothing is done with such a request, so it needs no token."""
    length = request.headers.get("content-length", "")
    limit = container.settings.board_upload_max_mb * 1024 * 1024
    if length.isdigit() and int(length) > limit + CHUNK:
        request.state.upload_too_large = True
        return
    await verify_csrf(request, session)


@router.post("/nieuw", dependencies=[Depends(upload_csrf)])
async def upload(
    request: Request, container: ContainerDep, intake: IntakeDep, acting: ActingBoard
) -> Response:
    if getattr(request.state, "upload_too_large", False):
        return _upload_form(
            request, container, acting, errors={"bestand": "boards.upload.error_too_large"},
            status=413,
        )  # fmt: skip
    form = await request.form()
    key = str(form.get("sleutel") or "")
    if not KEY.fullmatch(key):
        return error_page(request, 400)  # a tampered form: the key is the portal's own
    chosen = form.get("bestand")
    file = chosen if isinstance(chosen, UploadFile) and chosen.filename else None
    content_type = upload_type(file.filename or "", file.content_type) if file else None
    if file is None or content_type is None:
        error = "boards.upload.error_none" if file is None else "boards.upload.error_type"
        return _upload_form(
            request, container, acting, key=key, errors={"bestand": error}, status=400
        )
    try:
        uploaded = await intake.upload(
            acting.token,
            acting.board,
            idempotency_key=key,
            content_type=content_type,
            chunks=_chunks(file),
        )
    except UploadRefusedError as refused:
        log.info("upload refused", extra={"upstream_status": refused.status})
        return _upload_form(
            request, container, acting, errors={"bestand": "boards.upload.error_refused"},
            refusal=refused.detail, status=refused.status,
        )  # fmt: skip
    delivery = uploaded.delivery
    log.info(
        "delivery uploaded",
        extra={
            "delivery_id": str(delivery.id),
            "bevoegd_gezag": acting.board,
            "status": delivery.status,
            "replayed": uploaded.replayed,
        },
    )
    if delivery.status == "rejected":
        return render(
            request,
            "boards/rejected.html.j2",
            {**_nav(acting, container), "delivery": delivery, "replayed": uploaded.replayed},
            status=422,
        )
    note = "herhaald" if uploaded.replayed else "ontvangen"
    return redirect(f"{BOARD_AREA}/leveringen/{delivery.id}?melding={note}")


def _dry_run_form(
    request: Request,
    container: Container,
    acting: Acting,
    *,
    errors: dict[str, str] | None = None,
    refusal: str = "",
    result: DryRun | None = None,
    status: int = 200,
) -> Response:
    return render(
        request,
        "boards/dry_run.html.j2",
        {
            **_nav(acting, container),
            "errors": errors or {},
            "refusal": refusal,
            "result": result,
            "max_mb": container.settings.board_upload_max_mb,
            "known_fields": KNOWN_FIELDS,
        },
        status=status,
    )


@router.get("/nieuw/controleren")
async def dry_run_form(request: Request, container: ContainerDep, acting: ActingBoard) -> Response:
    return _dry_run_form(request, container, acting)


@router.post("/nieuw/controleren", dependencies=[Depends(upload_csrf)])
async def dry_run(
    request: Request, container: ContainerDep, intake: IntakeDep, acting: ActingBoard
) -> Response:
    """The file checked as a delivery would be (`?dry_run=true`): nothing is kept at intake, so
    no upload key is needed (intake does not look at it in a dry run)."""
    if getattr(request.state, "upload_too_large", False):
        return _dry_run_form(
            request, container, acting, errors={"bestand": "boards.upload.error_too_large"},
            status=413,
        )  # fmt: skip
    form = await request.form()
    chosen = form.get("bestand")
    file = chosen if isinstance(chosen, UploadFile) and chosen.filename else None
    content_type = upload_type(file.filename or "", file.content_type) if file else None
    if file is None or content_type is None:
        error = "boards.upload.error_none" if file is None else "boards.upload.error_type"
        return _dry_run_form(request, container, acting, errors={"bestand": error}, status=400)
    try:
        result = await intake.dry_run(
            acting.token,
            acting.board,
            content_type=content_type,
            chunks=_chunks(file),
            shown=DRY_RUN_ISSUES_SHOWN,
        )
    except UploadRefusedError as refused:
        log.info("dry run refused", extra={"upstream_status": refused.status})
        return _dry_run_form(
            request, container, acting, errors={"bestand": "boards.upload.error_refused"},
            refusal=refused.detail, status=refused.status,
        )  # fmt: skip
    log.info(
        "dry run",
        extra={"bevoegd_gezag": acting.board, "status": result.status, "rows": result.rows_total},
    )
    return _dry_run_form(request, container, acting, result=result)


async def _chunks(file: UploadFile) -> AsyncIterator[bytes]:
    """The uploaded file (spooled by the form parser: in memory up to 1 MB, on disk beyond)
    in chunks, so it is never held in memory as a whole."""
    await file.seek(0)
    while chunk := await file.read(CHUNK):
        yield chunk


@router.get("/leveringen/{delivery_id}")
async def delivery_page(
    request: Request,
    delivery_id: str,
    container: ContainerDep,
    intake: IntakeDep,
    acting: ActingBoard,
    melding: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    found = await deliveries.delivery_of(
        intake, acting.token, _delivery_id(delivery_id), acting.board
    )
    absent = await deliveries.no_longer_delivered(intake, acting.token, found, ABSENT_SHOWN)
    return render(
        request,
        "boards/delivery.html.j2",
        {
            **_nav(acting, container),
            "delivery": found,
            "note": melding if melding in ("ontvangen", "herhaald") else None,
            "absent": absent,
            "known_fields": KNOWN_FIELDS,
        },
    )


@router.get("/leveringen/{delivery_id}/meldingen")
async def feedback_page(
    request: Request,
    delivery_id: str,
    container: ContainerDep,
    intake: IntakeDep,
    acting: ActingBoard,
    code: Annotated[str, Query(max_length=60, pattern=r"^([A-Z][A-Z0-9_]{1,59})?$")] = "",
    ernst: Annotated[str, Query(pattern=r"^(|fout|waarschuwing)$")] = "",
    pagina: Page = 1,
) -> Response:
    found = await deliveries.delivery_of(
        intake, acting.token, _delivery_id(delivery_id), acting.board
    )
    wanted = IssueFilter(code or None, SEVERITY_PARAM.get(ernst))
    page = await deliveries.feedback(
        intake,
        acting.token,
        found,
        wanted,
        pagina,
        page_size=ISSUES_PER_PAGE,
        scan_limit=SCAN_LIMIT,
    )
    return render(
        request,
        "boards/feedback.html.j2",
        {
            **_nav(acting, container),
            "delivery": found,
            "feedback": page,
            "wanted": wanted,
            "code": code,
            "ernst": ernst,
            "severities": [(p, s) for p, s in SEVERITY_PARAM.items() if s in SEVERITIES],
        },
    )


@router.get("/leveringen/{delivery_id}/meldingen.csv")
async def feedback_csv(
    delivery_id: str, container: ContainerDep, intake: IntakeDep, acting: ActingBoard
) -> Response:
    """Intake's CSV of every issue, streamed through as it arrives."""
    found = await deliveries.delivery_of(
        intake, acting.token, _delivery_id(delivery_id), acting.board
    )
    download = await intake.open_issues_csv(acting.token, found.id)
    return StreamingResponse(
        download.chunks(),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{download.filename}"',
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
        background=BackgroundTask(download.aclose),
    )
