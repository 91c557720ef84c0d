"""The correction requests teachers filed about the board's appointments, on behalf of the
board the session acts for, over intake's HTTP API (docs/corrections.md):

- `/aanleveren/correctieverzoeken`: the list, filtered by status (a GET form; by default the
  requests still to be answered), 8 a page with intake's total;
- `/aanleveren/correctieverzoeken/{id}`: one request (the teacher, the appointment, what she
  disputes and says, its status) and, while open, the answer form: accepted (the board will
  deliver the corrected data) or rejected with a reason. The POST goes to the same address and
  redirects (303) to the request with a notification; intake's refusals (answered before with
  another answer, resolved by a delivery) are a message on the page.

Intake asks by the acting board's number, so another board's request (also one of another
board a payroll bureau delivers for) is not found, like one that does not exist.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response

from lr_portal.adapters.intake import AnswerRefusedError
from lr_portal.bootstrap import Container
from lr_portal.domain.deliveries import (
    REASON_MAX,
    CorrectionRequest,
    CorrectionStatus,
    read_answer,
)
from lr_portal.domain.errors import NotFoundError
from lr_portal.entrypoints.deps import (
    BOARD_AREA,
    Acting,
    ActingBoard,
    BoardsEnabled,
    ContainerDep,
    Csrf,
    IntakeDep,
)
from lr_portal.entrypoints.errors import error_page
from lr_portal.entrypoints.pages_boards import KNOWN_FIELDS, Page, _nav
from lr_portal.entrypoints.signin_board import directory
from lr_portal.entrypoints.templating import redirect, render

router = APIRouter(prefix=BOARD_AREA, tags=["boards"], dependencies=[BoardsEnabled])
log = logging.getLogger(__name__)

CORRECTIONS_PER_PAGE = 8
"""Small pages: the stylesheets take 90 of a page's 100 KB. A row names the teacher, the
appointment and the start of her explanation (the request's page has all of it); the status
column only when the list is not of one status."""
STATUS_PARAM: dict[str, CorrectionStatus | None] = {
    "open": "open",
    "geaccepteerd": "accepted",
    "afgewezen": "rejected",
    "opgelost": "resolved",
    "alle": None,
}
"""The filter's values (Dutch, as the portal's addresses are) and intake's status."""
DEFAULT_STATUS = "open"
"""The list is the board's work: what still waits for its answer comes first."""
RESOLVED = "correction-request-resolved"
StatusParam = Annotated[str, Query(alias="status", max_length=20)]


def _request_id(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise NotFoundError from None


@router.get("/correctieverzoeken")
async def correction_requests(
    request: Request,
    container: ContainerDep,
    intake: IntakeDep,
    acting: ActingBoard,
    wanted: StatusParam = DEFAULT_STATUS,
    pagina: Page = 1,
) -> Response:
    if wanted not in STATUS_PARAM:
        return error_page(request, 400)  # a value the select does not offer
    found = await intake.correction_requests(
        acting.token,
        acting.board,
        status=STATUS_PARAM[wanted],
        page=pagina,
        page_size=CORRECTIONS_PER_PAGE,
    )
    return render(
        request,
        "boards/corrections.html.j2",
        {
            **_nav(acting, container),
            "found": found,
            "wanted": wanted,
            "statuses": list(STATUS_PARAM),
            "known_fields": KNOWN_FIELDS,
        },
    )


def _request_page(
    request: Request,
    container: Container,
    acting: Acting,
    found: CorrectionRequest,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    note: str | None = None,
    refusal: str | None = None,
    status: int = 200,
) -> Response:
    names = directory(container)
    answer = found.answer
    context: dict[str, Any] = {
        **_nav(acting, container),
        "c": found,
        "school_name": names.school_name(found.brin, found.brin_volgnummer),
        "answered_by_name": names.name_of(answer.answered_by) if answer else None,
        "values": values or {"besluit": "", "reden": ""},
        "errors": errors or {},
        "note": note,
        "refusal": refusal,
        "reason_max": REASON_MAX,
        "known_fields": KNOWN_FIELDS,
    }
    return render(request, "boards/correction.html.j2", context, status=status)


@router.get("/correctieverzoeken/{request_id}")
async def correction_request(
    request: Request,
    request_id: str,
    container: ContainerDep,
    intake: IntakeDep,
    acting: ActingBoard,
    melding: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    found = await intake.correction_request(acting.token, acting.board, _request_id(request_id))
    note = melding if melding == "beantwoord" else None
    return _request_page(request, container, acting, found, note=note)


@router.post("/correctieverzoeken/{request_id}", dependencies=[Csrf])
async def answer_correction_request(
    request: Request,
    request_id: str,
    container: ContainerDep,
    intake: IntakeDep,
    acting: ActingBoard,
    besluit: Annotated[str, Form(max_length=20)] = "",
    reden: Annotated[str, Form(max_length=20_000)] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    wanted = _request_id(request_id)
    values = {"besluit": besluit, "reden": reden}
    decision, reason, errors = read_answer(besluit, reden)
    if decision is None or errors:
        found = await intake.correction_request(acting.token, acting.board, wanted)
        if not found.open:  # answered or resolved meanwhile: there is no form to correct
            why = "resolved" if found.status == "resolved" else "answered_before"
            return _request_page(request, container, acting, found, refusal=why, status=409)
        return _request_page(
            request, container, acting, found, values=values, errors=errors, status=400
        )
    try:
        answered = await intake.answer_correction_request(
            acting.token, acting.board, wanted, decision, reason
        )
    except AnswerRefusedError as refused:
        log.info(
            "correction answer refused",
            extra={"bevoegd_gezag": acting.board, "upstream_status": refused.status},
        )
        found = await intake.correction_request(acting.token, acting.board, wanted)
        if refused.status == 409:
            why = "resolved" if refused.code == RESOLVED else "answered"
            return _request_page(request, container, acting, found, refusal=why, status=409)
        error = (
            "boards.correction.error_reason"
            if refused.code == "reason-required"
            else "boards.correction.error_reason_refused"
        )
        return _request_page(
            request, container, acting, found, values=values, errors={"reden": error},
            status=422,
        )  # fmt: skip
    log.info(
        "correction request answered",
        extra={
            "bevoegd_gezag": acting.board,
            "request_id": answered.request_id,
            "decision": decision,
        },
    )
    return redirect(f"{BOARD_AREA}/correctieverzoeken/{answered.request_id}?melding=beantwoord")
