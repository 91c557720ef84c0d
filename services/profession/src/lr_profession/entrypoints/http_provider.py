"""A training provider's accreditation requests (provider token). Another provider's request
does not exist for the caller (404); no answer names a reviewer."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Response, status
from pydantic import BaseModel, Field, model_validator

from lr_profession.application import requests
from lr_profession.application.requests import RequestDetail
from lr_profession.domain.offers import AccreditationRequest, Offer, RequestState
from lr_profession.entrypoints.deps import NO_NUL, ContainerDep, CurrentProvider, Page, PageSize
from lr_profession.entrypoints.schemas import ScoreOut
from lr_shared.contracts.profession import ActivitySubtypeName, ActivityTypeName, subtype_fits
from lr_shared.problems import problem_responses

router = APIRouter(
    prefix="/v1/accreditation-requests",
    tags=["provider"],
    responses=problem_responses(401, 422, 503),
)

Sector = Literal["PO", "VO", "MBO"]
Text200 = Annotated[str, Field(min_length=1, max_length=200, pattern=NO_NUL)]

WAITING = (
    "Too few eligible teachers of the offer's sector(s) are available for its panel; it waits "
    "for more and is assigned as soon as they are."
)


class OfferIn(BaseModel):
    offer_reference: Annotated[str, Field(min_length=1, max_length=100, pattern=NO_NUL)] = Field(
        description="The provider's own reference for this offer. Submitting the same reference "
        "again answers the request it made (200) instead of a second one; the same reference "
        "for a different offer is 409.",
        examples=["NSO-2026-017"],
    )
    title: Text200 = Field(examples=["Formatief evalueren in de bovenbouw"])
    description: Annotated[str, Field(min_length=1, max_length=5000, pattern=NO_NUL)]
    type: ActivityTypeName
    subtype: ActivitySubtypeName | None = None
    sectors: Annotated[list[Sector], Field(min_length=1, max_length=3)]
    planned_hours: Annotated[Decimal, Field(ge=Decimal("0.5"), le=1000, multiple_of=Decimal("0.5"))]
    core: bool = Field(description="On the core teaching process.")
    start_date: date | None = Field(default=None, description="With dates; none when on demand.")
    end_date: date | None = None
    on_demand: bool = Field(default=False, description="Offered on demand, without dates.")
    reaccreditation_of: (
        Annotated[str, Field(min_length=1, max_length=50, pattern=NO_NUL)] | None
    ) = Field(
        default=None,
        description="Re-accreditation of: the activity code of one of your own earlier "
        "accepted activities (else 422). Its panel sees teachers' feedback on that activity.",
        examples=["PR-0000042"],
    )

    @model_validator(mode="after")
    def _consistent(self) -> OfferIn:
        if not subtype_fits(self.type, self.subtype):
            raise ValueError("subtype does not belong to type")
        if len(set(self.sectors)) != len(self.sectors):
            raise ValueError("sectors repeat")
        if self.on_demand == (self.start_date is not None):
            raise ValueError("give start_date (and end_date) or on_demand, not both")
        if self.end_date is not None and (
            self.start_date is None or self.end_date < self.start_date
        ):
            raise ValueError("end_date needs a start_date before it")
        return self

    def offer(self) -> Offer:
        return Offer(
            offer_reference=self.offer_reference,
            title=self.title,
            description=self.description,
            type=self.type,
            subtype=self.subtype,
            sectors=tuple(self.sectors),
            planned_hours=self.planned_hours,
            core=self.core,
            start_date=self.start_date,
            end_date=self.end_date,
            on_demand=self.on_demand,
            reaccreditation_of=self.reaccreditation_of,
        )


class ReviewOut(BaseModel):
    """One reviewer's assessment, without the reviewer."""

    round: int
    verdict: Literal["approve", "reject"]
    proposed_hours: Decimal | None
    scores: list[ScoreOut]


class DecisionOut(BaseModel):
    round: int = Field(description="1: the first panel; 2: the appeal's new panel.")
    outcome: Literal["accepted", "rejected"]
    register_hours: Decimal | None
    criteria_version: int
    decided_at: datetime


class RequestOut(BaseModel):
    id: UUID
    offer_reference: str
    title: str
    state: RequestState
    round: int
    submitted_at: datetime
    decided_at: datetime | None
    register_hours: Decimal | None = Field(description="Once accepted.")
    criteria_version: int | None
    activity_code: str | None = Field(
        description="Once accepted: the code to report attendance with "
        "(lr.portfolio.attendance.v1)."
    )
    may_appeal: bool
    waiting_reason: str | None = Field(description="Why an `awaiting_panel` request waits.")

    @classmethod
    def of(cls, request: AccreditationRequest) -> RequestOut:
        return cls(
            id=request.id,
            offer_reference=request.offer.offer_reference,
            title=request.offer.title,
            state=request.state,
            round=request.round,
            submitted_at=request.submitted_at,
            decided_at=request.decided_at,
            register_hours=request.register_hours,
            criteria_version=request.criteria_version,
            activity_code=request.activity_code,
            may_appeal=request.may_appeal,
            waiting_reason=WAITING if request.state is RequestState.AWAITING_PANEL else None,
        )


class PanelOut(BaseModel):
    size: int
    assigned: int = Field(description="Reviewers of the current round (open or done).")
    submitted: int


class RequestDetailOut(RequestOut):
    description: str
    type: str
    subtype: str | None
    sectors: list[str]
    planned_hours: Decimal
    core: bool
    start_date: date | None
    end_date: date | None
    on_demand: bool
    reaccreditation_of: str | None = Field(description="The activity code it re-accredits.")
    panel: PanelOut
    decisions: list[DecisionOut]
    reviews: list[ReviewOut] = Field(
        description="The decided rounds' reviews with their scores and reasons; no reviewer is "
        "named, and the order says nothing about who or when."
    )


class RequestPage(BaseModel):
    items: list[RequestOut]
    page: int
    page_size: int


def _detail(found: RequestDetail, panel_size: int) -> RequestDetailOut:
    request, offer = found.request, found.request.offer
    return RequestDetailOut(
        **RequestOut.of(request).model_dump(),
        description=offer.description,
        type=offer.type,
        subtype=offer.subtype,
        sectors=list(offer.sectors),
        planned_hours=offer.planned_hours,
        core=offer.core,
        start_date=offer.start_date,
        end_date=offer.end_date,
        on_demand=offer.on_demand,
        reaccreditation_of=offer.reaccreditation_of,
        panel=PanelOut(
            size=panel_size, assigned=found.panel_assigned, submitted=found.panel_submitted
        ),
        decisions=[
            DecisionOut(
                round=d.round,
                outcome="accepted" if d.accepted else "rejected",
                register_hours=d.register_hours,
                criteria_version=d.criteria_version,
                decided_at=d.decided_at,
            )
            for d in found.decisions
        ],
        reviews=[
            ReviewOut(
                round=r.round,
                verdict="approve" if r.approve else "reject",
                proposed_hours=r.proposed_hours,
                scores=[
                    ScoreOut(criterion=s.criterion, score=s.score, reason=s.reason)
                    for s in r.scores
                ],
            )
            for r in found.reviews
        ],
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {"model": RequestOut, "description": "This offer reference's earlier request."},
        **problem_responses(409, _409="The offer reference was used for another offer."),
    },
)
async def submit(
    body: OfferIn, provider: CurrentProvider, container: ContainerDep, response: Response
) -> RequestOut:
    """Submit an offer for accreditation; it waits for a panel of teachers of its sector."""
    request, created = await requests.submit(
        container.uow, provider, body.offer(), container.clock()
    )
    response.headers["Location"] = f"/v1/accreditation-requests/{request.id}"
    if not created:
        response.status_code = status.HTTP_200_OK
        return RequestOut.of(request)
    await container.fill_panels(only=[request.id])
    found = await requests.detail(container.uow, provider.provider_id, request.id)
    return RequestOut.of(found.request)


@router.get("")
async def list_requests(
    provider: CurrentProvider, container: ContainerDep, page: Page = 1, page_size: PageSize = 50
) -> RequestPage:
    """The provider's own requests, newest first, with their state."""
    size = min(page_size, container.settings.page_size_max)
    found = await requests.of_provider(container.uow, provider.provider_id, (page - 1) * size, size)
    return RequestPage(items=[RequestOut.of(r) for r in found], page=page, page_size=size)


@router.get("/{request_id}", responses=problem_responses(404))
async def get_request(
    request_id: UUID, provider: CurrentProvider, container: ContainerDep
) -> RequestDetailOut:
    """One of the provider's requests: its state, decisions and the reviews behind them."""
    found = await requests.detail(container.uow, provider.provider_id, request_id)
    return _detail(found, container.settings.panel_size)


@router.post(
    "/{request_id}/appeal",
    responses=problem_responses(
        404, 409, _409="Not rejected, or appealed before: a rejection is reviewed again once."
    ),
)
async def appeal(
    request_id: UUID, provider: CurrentProvider, container: ContainerDep
) -> RequestOut:
    """Ask once, after a rejection, for a review by a new panel (none of the earlier reviewers)."""
    request = await requests.appeal(
        container.uow, provider.provider_id, request_id, container.clock()
    )
    await container.fill_panels(only=[request_id])
    found = await requests.detail(container.uow, provider.provider_id, request.id)
    return RequestOut.of(found.request)
