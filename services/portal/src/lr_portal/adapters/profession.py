"""The profession service's HTTP API (teacher panels, docs/profession.md): a training provider's
accreditation requests with its provider token, a teacher's panel membership and reviews with
her register token, and the criteria in force for anyone. Its answers become typed results; its
refusals the portal's errors (adapters/http.py), a 422 the fields it refused, so the forms show
each beside its field. No answer body of the profession reaches the browser."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal
from uuid import UUID

import httpx
from pydantic import BaseModel, ConfigDict

from lr_portal.adapters.http import ServiceClient, bearer, raise_for_problem
from lr_portal.adapters.portfolio import FieldProblem, field_problems
from lr_portal.domain.errors import ServiceError, ServiceUnavailableError

SERVICE = "profession"

SECTORS = ("PO", "VO", "MBO")
"""The sectors an offer is for and a panel member reviews in (the profession's own list)."""

RequestState = Literal["awaiting_panel", "in_review", "accepted", "rejected"]
ReviewState = Literal["open", "submitted", "withdrawn"]
Verdict = Literal["approve", "reject"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Criterion(_Model):
    code: str
    title: str
    description: str


class CriteriaSet(_Model):
    version: int
    in_force_from: datetime
    criteria: list[Criterion]

    def title_of(self, code: str) -> str:
        return next((c.title for c in self.criteria if c.code == code), code)


class Score(_Model):
    criterion: str
    score: int
    reason: str


class AccreditationRequest(_Model):
    """A provider's request as its list shows it."""

    id: UUID
    offer_reference: str
    title: str
    state: RequestState
    round: int
    submitted_at: datetime
    decided_at: datetime | None
    register_hours: Decimal | None
    criteria_version: int | None
    activity_code: str | None
    may_appeal: bool
    waiting_reason: str | None


class Panel(_Model):
    size: int
    assigned: int
    submitted: int


class Decision(_Model):
    round: int
    outcome: Literal["accepted", "rejected"]
    register_hours: Decimal | None
    criteria_version: int
    decided_at: datetime


class ProviderReview(_Model):
    """One reviewer's assessment as the provider reads it: no reviewer named."""

    round: int
    verdict: Verdict
    proposed_hours: Decimal | None
    scores: list[Score]


class AccreditationDetail(AccreditationRequest):
    description: str
    type: str
    subtype: str | None
    sectors: list[str]
    planned_hours: Decimal
    core: bool
    start_date: date | None
    end_date: date | None
    on_demand: bool
    panel: Panel
    decisions: list[Decision]
    reviews: list[ProviderReview]


class Membership(_Model):
    sector: str
    subjects: list[str]
    open_reviews: int
    opted_in_at: datetime


class ReviewedOffer(_Model):
    provider_name: str
    title: str
    description: str
    type: str
    subtype: str | None
    sectors: list[str]
    planned_hours: Decimal
    core: bool
    start_date: date | None
    end_date: date | None
    on_demand: bool
    round: int
    reaccreditation_of: str | None = None


class FeedbackComment(_Model):
    text: str
    month: str


class ReviewFeedback(_Model):
    """A re-accreditation's feedback: teachers' ratings of the activity it re-accredits, nobody
    named; count, average and distribution are null below 5 ratings."""

    activity_code: str
    ratings_count: int | None
    average_rating: Decimal | None
    distribution: list[int] | None
    comments: list[FeedbackComment]


class Review(_Model):
    """A teacher's own review: the offer and the criteria set it is scored with."""

    id: UUID
    state: ReviewState
    assigned_at: datetime
    submitted_at: datetime | None
    withdrawn_reason: str | None
    verdict: Verdict | None
    proposed_hours: Decimal | None
    scores: list[Score]
    offer: ReviewedOffer
    criteria: CriteriaSet
    feedback: ReviewFeedback | None = None


Choice = Literal["for", "against", "abstain"]
CHOICES: tuple[Choice, ...] = ("for", "against", "abstain")
BallotRefusal = Literal["already-voted", "vote-not-open", "not-registered"]


class VoteResult(_Model):
    votes_for: int
    votes_against: int
    abstentions: int
    turnout: int
    adopted: bool
    closed_at: datetime


class Vote(_Model):
    """A vote on a proposed criteria set; `result` once it has closed."""

    id: UUID
    state: Literal["scheduled", "open", "closed"]
    proposal_version: int
    criteria: list[Criterion]
    opens_at: datetime
    closes_at: datetime
    result: VoteResult | None


class MyVote(_Model):
    vote: Vote
    voted: bool
    """Whether she cast a ballot: never what she chose (nobody knows that)."""


class MyVotes(_Model):
    may_vote: bool
    items: list[MyVote]


class BallotRefusedError(ServiceError):
    """409: voted before, the vote is not open, or she may not vote (not registered)."""

    def __init__(self, code: BallotRefusal) -> None:
        super().__init__(409, code)
        self.code = code


@dataclass(frozen=True)
class OfferInput:
    """An offer as the provider entered it, already of the right types (the form's job)."""

    offer_reference: str
    title: str
    description: str
    type: str
    subtype: str | None
    sectors: tuple[str, ...]
    planned_hours: Decimal
    core: bool
    start_date: date | None
    end_date: date | None
    on_demand: bool

    def body(self) -> dict[str, Any]:
        return {
            "offer_reference": self.offer_reference,
            "title": self.title,
            "description": self.description,
            "type": self.type,
            "subtype": self.subtype,
            "sectors": list(self.sectors),
            "planned_hours": str(self.planned_hours),
            "core": self.core,
            "start_date": self.start_date.isoformat() if self.start_date else None,
            "end_date": self.end_date.isoformat() if self.end_date else None,
            "on_demand": self.on_demand,
        }


@dataclass(frozen=True)
class ReviewInput:
    scores: tuple[Score, ...]
    verdict: Verdict
    proposed_hours: Decimal | None

    def body(self) -> dict[str, Any]:
        return {
            "scores": [s.model_dump() for s in self.scores],
            "verdict": self.verdict,
            "proposed_hours": str(self.proposed_hours) if self.proposed_hours else None,
        }


class InvalidInputError(ServiceError):
    """422: the fields the profession refused (the form shows each beside its field)."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__(422, "invalid", ", ".join(f"{p.field}:{p.code}" for p in problems))
        self.problems = problems


class ProfessionClient:
    """One method per call the pages make; each takes the token it acts with (a provider's or
    a teacher's), the criteria none."""

    def __init__(self, client: ServiceClient) -> None:
        self._client = client

    async def close(self) -> None:
        await self._client.close()

    # public

    async def criteria(self) -> CriteriaSet:
        return CriteriaSet.model_validate((await self._call("GET", "/v1/criteria")).json())

    # a provider's requests

    async def submit(self, token: str, offer: OfferInput) -> AccreditationRequest:
        """201 a new request, 200 the one this offer reference made before (a form sent
        twice); 409 (ServiceError) the reference used for another offer."""
        response = await self._call("POST", "/v1/accreditation-requests", token, json=offer.body())
        return AccreditationRequest.model_validate(response.json())

    async def requests(
        self, token: str, *, page: int, page_size: int
    ) -> list[AccreditationRequest]:
        params = {"page": page, "page_size": page_size}
        response = await self._call("GET", "/v1/accreditation-requests", token, params=params)
        return [AccreditationRequest.model_validate(i) for i in response.json()["items"]]

    async def request(self, token: str, request_id: UUID) -> AccreditationDetail:
        response = await self._call("GET", f"/v1/accreditation-requests/{request_id}", token)
        return AccreditationDetail.model_validate(response.json())

    async def appeal(self, token: str, request_id: UUID) -> AccreditationRequest:
        """409 (ServiceError): not rejected, or appealed before."""
        path = f"/v1/accreditation-requests/{request_id}/appeal"
        return AccreditationRequest.model_validate((await self._call("POST", path, token)).json())

    # a teacher on a panel

    async def membership(self, token: str) -> Membership | None:
        response = await self._call("GET", "/v1/me/panel-membership", token, absent_ok=True)
        return None if response is None else Membership.model_validate(response.json())

    async def join(self, token: str, sector: str, subjects: list[str]) -> Membership:
        """409 (ServiceError) not registered; 422 not a sector of her registration."""
        body = {"sector": sector, "subjects": subjects}
        response = await self._call("PUT", "/v1/me/panel-membership", token, json=body)
        return Membership.model_validate(response.json())

    async def leave(self, token: str) -> None:
        await self._call("DELETE", "/v1/me/panel-membership", token, absent_ok=True)

    async def reviews(self, token: str) -> list[Review]:
        response = await self._call("GET", "/v1/me/reviews", token)
        return [Review.model_validate(i) for i in response.json()["items"]]

    async def review(self, token: str, review_id: UUID) -> Review:
        response = await self._call("GET", f"/v1/me/reviews/{review_id}", token)
        return Review.model_validate(response.json())

    async def submit_review(self, token: str, review_id: UUID, review: ReviewInput) -> Review:
        """409 (ServiceError): submitted before, or withdrawn."""
        path = f"/v1/me/reviews/{review_id}"
        response = await self._call("POST", path, token, json=review.body())
        return Review.model_validate(response.json())

    # votes (the ballot's choice travels in the body only, and is never logged or kept here)

    async def votes(self) -> list[Vote]:
        response = await self._call("GET", "/v1/votes")
        return [Vote.model_validate(i) for i in response.json()["items"]]

    async def vote(self, vote_id: UUID) -> Vote:
        return Vote.model_validate((await self._call("GET", f"/v1/votes/{vote_id}")).json())

    async def my_votes(self, token: str) -> MyVotes:
        return MyVotes.model_validate((await self._call("GET", "/v1/me/votes", token)).json())

    async def cast_ballot(self, token: str, vote_id: UUID, choice: Choice) -> None:
        """201; BallotRefusedError on the profession's 409 (its `code`)."""
        path = f"/v1/me/votes/{vote_id}/ballot"
        await self._call("POST", path, token, json={"choice": choice})

    # plumbing

    async def _call(
        self,
        method: str,
        path: str,
        token: str | None = None,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        absent_ok: bool = False,
    ) -> Any:
        headers = {"Accept": "application/json", **(bearer(token) if token else {})}
        try:
            response = await self._client.http.request(
                method, path, json=json, params=params, headers=headers
            )
        except httpx.HTTPError:
            raise ServiceUnavailableError(SERVICE) from None
        if absent_ok and response.status_code == 404:
            return None
        if response.status_code in (400, 422):
            raise InvalidInputError(field_problems(_json(response)))
        if response.status_code == 409:
            body = _json(response)
            code = body.get("code") if isinstance(body, dict) else None
            if code in ("already-voted", "vote-not-open", "not-registered"):
                raise BallotRefusedError(code)
        raise_for_problem(SERVICE, response)
        return response


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None
