"""The teacher's own registration: token exchange, view, confirm, corrections, preferences,
erasure. Someone else's registration does not exist for the caller (404)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, EmailStr, Field

from lr_registry.application import boards, corrections, lifecycle, teacher
from lr_registry.application.lifecycle import RegistrationNotFoundError
from lr_registry.application.ports import ErasureRecord, LookupKind, Preferences
from lr_registry.domain.calendar import today
from lr_registry.domain.errors import NotPendingError
from lr_registry.entrypoints.deps import (
    NO_NUL,
    ContainerDep,
    Identity,
    Page,
    PageSize,
    Teacher,
    not_found,
)
from lr_shared.problems import problem_responses

router = APIRouter(
    prefix="/v1/me", tags=["teacher"], responses=problem_responses(401, 404, 422, 503)
)

# Every delivered field but the board and the BSN (tests/unit/test_correctable_fields.py).
CorrectableField = Literal[
    "achternaam",
    "tussenvoegsel",
    "voorletters",
    "geslacht",
    "geboortedatum",
    "email",
    "brin",
    "brin_volgnummer",
    "functie",
    "benoemingsgrondslag",
    "onderwijsterrein",
    "benoeming_begindatum",
    "benoeming_einddatum",
    "dienstverband_begindatum",
    "dienstverband_einddatum",
]


class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 - the OAuth token type, not a secret
    expires_in: int
    registration_number: str


class CorrectionIn(BaseModel):
    # Bounded to PostgreSQL's bigint, and text without NUL: bad input is a 422, not a database
    # error.
    appointment_id: int = Field(
        ge=1, le=2**63 - 1, description="`id` of the appointment in GET /v1/me/registration"
    )
    fields: Annotated[list[CorrectableField], Field(min_length=1)]
    explanation: Annotated[str, Field(min_length=1, max_length=2000, pattern=NO_NUL)]


class LookupOut(BaseModel):
    bevoegd_gezag: str = Field(description="The board that looked.", examples=["41234"])
    naam: str | None = Field(
        description="The board's name; null while the register does not know board names."
    )
    kind: LookupKind = Field(
        description="`list`: a page of the board's teachers; `csv`: all of them downloaded; "
        "`check`: the teacher's number in a list the board checked."
    )
    at: datetime


class LookupPage(BaseModel):
    page: int
    page_size: int
    total: int
    items: list[LookupOut]


class PreferencesIn(BaseModel):
    email: EmailStr | None = None
    language: Literal["nl", "en"] = "nl"
    show_qualifications: bool = False


@router.post(
    "/token",
    responses=problem_responses(404, _404="No registration for the identity token's subject."),
)
async def exchange_token(container: ContainerDep, identity: Identity) -> TokenOut:
    """Exchange an identity token (subject: BSN) for a register token (subject: number)."""
    number = await teacher.registration_number_for(
        container.uow, container.hash_bsn, identity.subject
    )
    if number is None:
        raise not_found()
    return TokenOut(
        access_token=container.tokens.mint(number),
        expires_in=int(container.tokens.ttl.total_seconds()),
        registration_number=number,
    )


@router.get("/registration")
async def own_registration(container: ContainerDep, me: Teacher) -> dict[str, Any]:
    view = await container.views.own_registration(me.subject, today(container.clock()))
    if view is None:
        raise not_found()
    return view


@router.get("/lookups", summary="Which boards looked me up")
async def lookups(
    container: ContainerDep, me: Teacher, page: Page = 1, page_size: PageSize = 50
) -> LookupPage:
    """Every time a board was shown this teacher (its list of teachers, its CSV download, a
    check of numbers), newest first: the board and when, never who at the board."""
    found, total = await boards.lookups_of_teacher(
        container.uow, me.subject, page_size, (page - 1) * page_size
    )
    return LookupPage(
        page=page,
        page_size=page_size,
        total=total,
        items=[
            LookupOut(bevoegd_gezag=r.bevoegd_gezag, naam=None, kind=r.kind, at=r.at) for r in found
        ],
    )


@router.post("/registration/confirm", responses=problem_responses(409))
async def confirm(container: ContainerDep, me: Teacher) -> dict[str, Any]:
    try:
        change = await lifecycle.confirm(
            container.uow, container.publisher, me.subject, container.clock()
        )
    except RegistrationNotFoundError:
        raise not_found() from None
    except NotPendingError:
        raise HTTPException(
            status.HTTP_409_CONFLICT, "Registration is not awaiting confirmation"
        ) from None
    return {"registration_number": me.subject, "state": change.after.state}


@router.post("/correction-requests", status_code=status.HTTP_202_ACCEPTED)
async def correction_request(
    container: ContainerDep, me: Teacher, body: CorrectionIn
) -> dict[str, Any]:
    try:
        request_id = await corrections.request_correction(
            container.uow,
            container.publisher,
            me.subject,
            body.appointment_id,
            sorted(set(body.fields)),
            body.explanation,
            container.clock(),
        )
    except RegistrationNotFoundError:
        raise not_found() from None
    return {"request_id": str(request_id), "status": "sent to the board"}


@router.put("/preferences")
async def preferences(container: ContainerDep, me: Teacher, body: PreferencesIn) -> dict[str, Any]:
    try:
        await teacher.set_preferences(
            container.uow,
            container.publisher,
            me.subject,
            Preferences(
                str(body.email) if body.email else None, body.language, body.show_qualifications
            ),
            container.clock(),
        )
    except RegistrationNotFoundError:
        raise not_found() from None
    return body.model_dump(mode="json")


@router.post("/erasure-request", status_code=status.HTTP_202_ACCEPTED)
async def request_erasure(container: ContainerDep, me: Teacher) -> dict[str, Any]:
    try:
        record = await teacher.request_erasure(
            container.uow, container.publisher, me.subject, container.clock()
        )
    except RegistrationNotFoundError:
        raise not_found() from None
    return _erasure(record)


@router.get("/erasure-request")
async def erasure_progress(container: ContainerDep, me: Teacher) -> dict[str, Any]:
    record = await teacher.erasure_progress(container.uow, me.subject)
    if record is None:
        raise not_found()
    return _erasure(record)


def _erasure(record: ErasureRecord) -> dict[str, Any]:
    return {
        "request_id": str(record.request_id),
        "registration_number": record.registration_number,
        "requested_at": record.requested_at,
        "services": [
            {"service": s, "confirmed_at": record.confirmed.get(s)} for s in record.services
        ],
        "status": "completed" if record.completed_at else "in_progress",
        "completed_at": record.completed_at,
    }
