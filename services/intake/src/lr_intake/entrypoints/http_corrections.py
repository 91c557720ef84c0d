"""The correction requests teachers filed about a board's appointments: list, read one, and
answer it (accepted, or rejected with a reason). Another board's request does not exist."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, HTTPException, Path, Query, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from lr_intake.application import corrections
from lr_intake.application.corrections import CorrectionRequestNotFoundError
from lr_intake.application.deliveries import Intake
from lr_intake.domain.corrections import (
    AlreadyResolvedError,
    AnswerConflictError,
    BoardCorrectionRequest,
    Decision,
    ReasonRequiredError,
    Status,
)
from lr_intake.entrypoints.http import NOT_FOUND, BoardNumber, BoardToken, Page, PageSize
from lr_shared.problems import PROBLEM_JSON, Problem, new_instance, problem_responses

NO_NUL = r"^[^\x00]*$"
ANSWERED = "correction-request-answered"
RESOLVED = "correction-request-resolved"


class AnswerView(BaseModel):
    decision: Decision = Field(
        description="`accepted`: the board will deliver the corrected data; `rejected`: the "
        "delivered data stands."
    )
    reason: str | None = Field(description="Why (always given with a rejection).")
    answered_by: str = Field(
        description="The board or payroll bureau whose token answered (never a person)."
    )
    answered_at: datetime


class CorrectionRequestView(BaseModel):
    """A teacher's correction request (named by registration number and name, never BSN)."""

    request_id: UUID
    bevoegd_gezag: str
    registration_number: str
    voorletters: str
    tussenvoegsel: str
    achternaam: str
    brin: str
    brin_volgnummer: str
    benoemingsgrondslag: str
    benoeming_begindatum: date
    fields: list[str] = Field(description="The delivered fields the teacher disputes.")
    explanation: str = Field(description="What the teacher says.")
    requested_at: datetime
    received_at: datetime
    status: Status = Field(
        description="`open` until answered; `accepted`/`rejected` once answered; `resolved` "
        "once a delivery changed every disputed field (answered or not)."
    )
    answer: AnswerView | None
    resolved_at: datetime | None = Field(description="When a delivery resolved it.")
    resolved_by_delivery: UUID | None = Field(description="The delivery that resolved it.")

    @classmethod
    def of(cls, r: BoardCorrectionRequest) -> CorrectionRequestView:
        body = r.body
        a = r.answer
        return cls(
            request_id=r.request_id,
            bevoegd_gezag=r.bevoegd_gezag,
            registration_number=r.registration_number,
            voorletters=str(body.get("voorletters", "")),
            tussenvoegsel=str(body.get("tussenvoegsel", "")),
            achternaam=str(body.get("achternaam", "")),
            brin=str(body["brin"]),
            brin_volgnummer=str(body["brin_volgnummer"]),
            benoemingsgrondslag=str(body["benoemingsgrondslag"]),
            benoeming_begindatum=date.fromisoformat(str(body["benoeming_begindatum"])),
            fields=[str(f) for f in body.get("fields", [])],  # type: ignore[attr-defined]
            explanation=str(body.get("explanation", "")),
            requested_at=datetime.fromisoformat(str(body["requested_at"])),
            received_at=r.received_at,
            status=r.status,
            answer=None
            if a is None
            else AnswerView(
                decision=a.decision,
                reason=a.reason,
                answered_by=a.answered_by,
                answered_at=a.answered_at,
            ),
            resolved_at=r.resolved_at,
            resolved_by_delivery=r.resolved_by,
        )


class CorrectionRequestList(BaseModel):
    page: int
    page_size: int
    total: int = Field(description="How many requests match (the status filter applied).")
    correction_requests: list[CorrectionRequestView]


class AnswerIn(BaseModel):
    decision: Decision
    reason: Annotated[str | None, Field(max_length=2000, pattern=NO_NUL)] = Field(
        default=None,
        description="Required with `rejected` (what the teacher reads); optional with `accepted`.",
    )


def build_corrections_router(intake: Intake) -> APIRouter:
    router = APIRouter(
        prefix="/v1/boards/{bevoegd_gezag}/correction-requests",
        tags=["correction requests"],
        responses=problem_responses(401, 404, 422, 503),
    )

    @router.get("", response_model=CorrectionRequestList)
    async def board_correction_requests(
        bevoegd_gezag: BoardNumber,
        principal: BoardToken,
        status_: Annotated[Status | None, Query(alias="status")] = None,
        page: Page = 1,
        page_size: PageSize = 50,
    ) -> CorrectionRequestList:
        """What teachers dispute about appointments this board delivered, newest first;
        `status` filters."""
        if bevoegd_gezag not in principal.boards:
            raise HTTPException(status.HTTP_404_NOT_FOUND, NOT_FOUND)
        found, total = await corrections.correction_requests_of_board(
            intake.uow, bevoegd_gezag, status_, page_size, (page - 1) * page_size
        )
        return CorrectionRequestList(
            page=page,
            page_size=page_size,
            total=total,
            correction_requests=[CorrectionRequestView.of(r) for r in found],
        )

    @router.get("/{request_id}", response_model=CorrectionRequestView)
    async def board_correction_request(
        bevoegd_gezag: BoardNumber, request_id: Annotated[UUID, Path()], principal: BoardToken
    ) -> CorrectionRequestView:
        """One correction request of this board."""
        if bevoegd_gezag not in principal.boards:
            raise HTTPException(status.HTTP_404_NOT_FOUND, NOT_FOUND)
        try:
            found = await corrections.correction_request(intake.uow, bevoegd_gezag, request_id)
        except CorrectionRequestNotFoundError:
            raise HTTPException(status.HTTP_404_NOT_FOUND, NOT_FOUND) from None
        return CorrectionRequestView.of(found)

    @router.post(
        "/{request_id}/answer",
        response_model=CorrectionRequestView,
        responses=problem_responses(
            409, _409="Answered before with another answer, or resolved by a delivery."
        ),
    )
    async def answer_correction_request(
        bevoegd_gezag: BoardNumber,
        request_id: Annotated[UUID, Path()],
        principal: BoardToken,
        body: AnswerIn,
    ) -> CorrectionRequestView | JSONResponse:
        """Answer the request once; the answer goes to the registry, and the teacher is told
        (one mail) and reads it on her page. The same answer again is answered as the first
        time; another answer is a 409."""
        if bevoegd_gezag not in principal.boards:
            raise HTTPException(status.HTTP_404_NOT_FOUND, NOT_FOUND)
        try:
            answered = await corrections.answer_correction_request(
                intake.uow,
                bevoegd_gezag,
                request_id,
                body.decision,
                body.reason,
                principal.subject,
                intake.clock(),
            )
        except CorrectionRequestNotFoundError:
            raise HTTPException(status.HTTP_404_NOT_FOUND, NOT_FOUND) from None
        except ReasonRequiredError:
            return _problem(
                422,
                "reason-required",
                "A rejection needs a reason",
                "Een afwijzing heeft een reden nodig: de leraar leest die.",
            )
        except AnswerConflictError:
            return _problem(
                409,
                ANSWERED,
                "Correction request already answered",
                "Dit correctieverzoek is al met een ander antwoord beantwoord.",
            )
        except AlreadyResolvedError:
            return _problem(
                409,
                RESOLVED,
                "Correction request already resolved",
                "Dit correctieverzoek is al opgelost door een nieuwe levering.",
            )
        return CorrectionRequestView.of(answered)

    return router


def _problem(code: int, kind: str, title: str, detail: str) -> JSONResponse:
    """A problem of our own type (RFC 9457) with `code`; `detail` in Dutch."""
    body = Problem(
        type=f"tag:lerarenregister.nl,2026:problems/{kind}",
        title=title,
        status=code,
        detail=detail,
        instance=new_instance(),
    ).model_dump(mode="json", exclude_none=True)
    body["code"] = kind
    return JSONResponse(body, status_code=code, media_type=PROBLEM_JSON)
