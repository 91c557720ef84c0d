"""The board's teachers in the registry, on behalf of the board the session acts for, with its
board token, over the registry's board API (docs/boards-registry.md):

- `/aanleveren/leraren`: "Mijn leraren", filtered by school (BRIN) and state, paged;
- `/aanleveren/leraren.csv`: all of them (the filter applied) as the registry's CSV, streamed
  through the portal (the board token never reaches the browser);
- `/aanleveren/leraren/controleren`: a file of registration numbers checked against the board's
  teachers, line by line (the numbers travel in the POST body, never in a URL).
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse
from starlette.background import BackgroundTask
from starlette.datastructures import UploadFile

from lr_portal.adapters.http import CsvDownload
from lr_portal.adapters.registry_boards import CheckRefusedError
from lr_portal.bootstrap import Container
from lr_portal.domain.teachers import STATES, CheckResult, localized, read_filter
from lr_portal.entrypoints.deps import (
    BOARD_AREA,
    Acting,
    ActingBoard,
    BoardsEnabled,
    ContainerDep,
    Csrf,
    RegistryBoardsDep,
)
from lr_portal.entrypoints.errors import error_page
from lr_portal.entrypoints.pages_boards import CHUNK, Page, _nav
from lr_portal.entrypoints.templating import render, request_language

router = APIRouter(prefix=BOARD_AREA, tags=["boards"], dependencies=[BoardsEnabled])
log = logging.getLogger(__name__)

TEACHERS_PER_PAGE = 8
CHECK_LINES_SHOWN = 12
"""Small pages: the stylesheets take 90 of a page's 100 KB. The check's whole answer is in its
CSV download."""
CHECK_MAX_BYTES = 1_000_000
"""A larger file is not sent on (the registry takes at most 5,000 numbers, 128 bytes each)."""
School = Annotated[str, Query(max_length=20)]
State = Annotated[str, Query(max_length=30)]


@router.get("/leraren")
async def teachers(
    request: Request,
    container: ContainerDep,
    registry: RegistryBoardsDep,
    acting: ActingBoard,
    school: School = "",
    status: State = "",
    pagina: Page = 1,
) -> Response:
    try:
        wanted, errors = read_filter(school, status)
    except ValueError:
        return error_page(request, 400)  # a state the select does not offer
    found = None
    if not errors:
        found = await registry.registrations(
            acting.token, acting.board, wanted, page=pagina, page_size=TEACHERS_PER_PAGE
        )
    return render(
        request,
        "boards/teachers.html.j2",
        {
            **_nav(acting, container),
            "found": found,
            "wanted": wanted,
            "school": school,
            "status": status,
            "states": STATES,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@router.get("/leraren.csv")
async def teachers_csv(
    request: Request,
    registry: RegistryBoardsDep,
    acting: ActingBoard,
    school: School = "",
    status: State = "",
) -> Response:
    try:
        wanted, errors = read_filter(school, status)
    except ValueError:
        return error_page(request, 400)
    if errors:
        return error_page(request, 400)
    return _download(await registry.open_csv(acting.token, acting.board, wanted))


def _download(download: CsvDownload) -> Response:
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


def _check_form(
    request: Request,
    container: Container,
    acting: Acting,
    *,
    errors: dict[str, str] | None = None,
    refusal: str = "",
    result: CheckResult | None = None,
    status: int = 200,
) -> Response:
    values: dict[str, Any] = {
        **_nav(acting, container),
        "errors": errors or {},
        "refusal": refusal,
        "result": result,
        "shown": result.lines[:CHECK_LINES_SHOWN] if result else [],
    }
    return render(request, "boards/check.html.j2", values, status=status)


@router.get("/leraren/controleren")
async def check_form(request: Request, container: ContainerDep, acting: ActingBoard) -> Response:
    return _check_form(request, container, acting)


@router.post("/leraren/controleren", dependencies=[Csrf])
async def check(
    request: Request, container: ContainerDep, registry: RegistryBoardsDep, acting: ActingBoard
) -> Response:
    form = await request.form()
    chosen = form.get("bestand")
    file = chosen if isinstance(chosen, UploadFile) and chosen.filename else None
    if file is None:
        return _check_form(
            request, container, acting, errors={"bestand": "boards.check.error_none"}, status=400
        )
    body = await _read(file)
    if body is None:
        return _check_form(
            request, container, acting, errors={"bestand": "boards.check.error_too_large"},
            status=413,
        )  # fmt: skip
    try:
        if form.get("uitvoer") == "csv":
            return _download(await registry.open_check_csv(acting.token, acting.board, body))
        result = await registry.check(acting.token, acting.board, body)
    except CheckRefusedError as refused:
        log.info(
            "check refused",
            extra={"bevoegd_gezag": acting.board, "upstream_status": refused.status},
        )
        return _check_form(
            request, container, acting, errors={"bestand": "boards.check.error_refused"},
            refusal=localized(refused.detail, request_language(request)), status=refused.status,
        )  # fmt: skip
    log.info(
        "numbers checked",
        extra={"bevoegd_gezag": acting.board, "checked": result.checked, "found": result.found},
    )
    return _check_form(request, container, acting, result=result)


async def _read(file: UploadFile) -> bytes | None:
    """The file, or None when it is larger than the registry would take."""
    await file.seek(0)
    chunks: list[bytes] = []
    size = 0
    while chunk := await file.read(CHUNK):
        size += len(chunk)
        if size > CHECK_MAX_BYTES:
            return None
        chunks.append(chunk)
    return b"".join(chunks)
