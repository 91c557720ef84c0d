"""A registered teacher on panels (register token): her membership and her reviews. Someone
else's review does not exist for her (404)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Response, status
from pydantic import BaseModel, Field

from lr_profession.application import membership, reviews
from lr_profession.application.reviews import ReviewDetail, Submission
from lr_profession.domain.criteria import MAX_REASON, MAX_SCORE, MIN_SCORE, Score
from lr_profession.domain.feedback import ActivityFeedback
from lr_profession.domain.panel import Membership
from lr_profession.domain.reviews import ReviewState
from lr_profession.entrypoints.deps import NO_NUL, ContainerDep, Teacher
from lr_profession.entrypoints.schemas import CriteriaOut, ScoreOut
from lr_shared.problems import problem_responses

router = APIRouter(prefix="/v1/me", tags=["teacher"], responses=problem_responses(401, 422, 503))

Sector = Literal["PO", "VO", "MBO"]
Subject = Annotated[str, Field(min_length=1, max_length=100, pattern=NO_NUL)]


class MembershipIn(BaseModel):
    sector: Sector = Field(description="One sector of your own registration.")
    subjects: Annotated[list[Subject], Field(max_length=20)] = Field(
        default_factory=list, examples=[["rekenen", "taal"]]
    )


class MembershipOut(BaseModel):
    sector: str
    subjects: list[str]
    open_reviews: int
    opted_in_at: datetime

    @classmethod
    def of(cls, found: Membership) -> MembershipOut:
        return cls(
            sector=found.sector,
            subjects=list(found.subjects),
            open_reviews=found.open_reviews,
            opted_in_at=found.opted_in_at,
        )


class ScoreIn(BaseModel):
    criterion: Annotated[str, Field(min_length=1, max_length=100, pattern=NO_NUL)]
    score: Annotated[int, Field(ge=MIN_SCORE, le=MAX_SCORE)]
    reason: Annotated[str, Field(min_length=1, max_length=MAX_REASON, pattern=NO_NUL)]


class ReviewIn(BaseModel):
    scores: Annotated[list[ScoreIn], Field(min_length=1, max_length=50)] = Field(
        description="One per criterion of the review's criteria set."
    )
    verdict: Literal["approve", "reject"]
    proposed_hours: (
        Annotated[Decimal, Field(ge=Decimal("0.5"), le=1000, multiple_of=Decimal("0.5"))] | None
    ) = Field(default=None, description="Register hours you propose; with an approval only.")


class OfferOut(BaseModel):
    """The offer under review."""

    request_id: UUID = Field(description="The accreditation request it belongs to.")
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
    round: int = Field(description="2: an appeal, reviewed by a new panel.")
    reaccreditation_of: str | None = Field(
        default=None,
        description="The activity code this offer re-accredits; its feedback is `feedback`.",
    )


class FeedbackCommentOut(BaseModel):
    text: str
    month: str = Field(description="YYYY-MM; never the day.")


class FeedbackOut(BaseModel):
    """Teachers' ratings (1-5) of the activity re-accredited, from the portfolio; nobody is
    named. Below 5 ratings count, average and distribution are null and no comment shows."""

    activity_code: str
    ratings_count: int | None = Field(description="Null: fewer than 5 ratings.")
    average_rating: Decimal | None
    distribution: list[int] | None = Field(description="Ratings of 1, 2, 3, 4 and 5.")
    comments: list[FeedbackCommentOut] = Field(description="Newest first.")
    updated_at: datetime

    @classmethod
    def of(cls, found: ActivityFeedback) -> FeedbackOut:
        return cls(
            activity_code=found.activity_code,
            ratings_count=found.ratings_count,
            average_rating=found.average_rating,
            distribution=list(found.distribution) if found.distribution is not None else None,
            comments=[FeedbackCommentOut(text=c.text, month=c.month) for c in found.comments],
            updated_at=found.updated_at,
        )


class MyReviewOut(BaseModel):
    id: UUID
    state: ReviewState
    assigned_at: datetime
    submitted_at: datetime | None
    withdrawn_reason: str | None
    verdict: Literal["approve", "reject"] | None
    proposed_hours: Decimal | None
    scores: list[ScoreOut]
    offer: OfferOut
    criteria: CriteriaOut = Field(description="The set in force when the review was assigned.")
    feedback: FeedbackOut | None = Field(
        default=None,
        description="A re-accreditation's: teachers' feedback on the activity it re-accredits "
        "(null when none was received yet, or the offer is not a re-accreditation).",
    )

    @classmethod
    def of(cls, found: ReviewDetail) -> MyReviewOut:
        review, request = found.review, found.request
        offer = request.offer
        return cls(
            id=review.id,
            state=review.state,
            assigned_at=review.assigned_at,
            submitted_at=review.submitted_at,
            withdrawn_reason=review.withdrawn_reason,
            verdict=None if review.approve is None else "approve" if review.approve else "reject",
            proposed_hours=review.proposed_hours,
            scores=[
                ScoreOut(criterion=s.criterion, score=s.score, reason=s.reason)
                for s in review.scores
            ],
            offer=OfferOut(
                request_id=request.id,
                provider_name=request.provider.name,
                title=offer.title,
                description=offer.description,
                type=offer.type,
                subtype=offer.subtype,
                sectors=list(offer.sectors),
                planned_hours=offer.planned_hours,
                core=offer.core,
                start_date=offer.start_date,
                end_date=offer.end_date,
                on_demand=offer.on_demand,
                round=review.round,
                reaccreditation_of=offer.reaccreditation_of,
            ),
            criteria=CriteriaOut.of(found.criteria),
            feedback=FeedbackOut.of(found.feedback) if found.feedback is not None else None,
        )


class MyReviews(BaseModel):
    items: list[MyReviewOut] = Field(description="Open, submitted and withdrawn, newest first.")


NOT_REGISTERED = "Only a registered teacher may join a panel."


@router.get("/panel-membership", responses=problem_responses(404, _404="Not on a panel."))
async def get_membership(teacher: Teacher, container: ContainerDep) -> MembershipOut:
    """Your panel membership."""
    return MembershipOut.of(await membership.get(container.uow, teacher.subject))


@router.put(
    "/panel-membership",
    responses=problem_responses(409, _409="Your registration is not `registered`."),
)
async def put_membership(
    body: MembershipIn, teacher: Teacher, container: ContainerDep
) -> MembershipOut:
    """Join a panel, or change your sector and subjects. Requests of your sector are assigned
    to you (at most a few open at a time), never those of a board that employs you."""
    found = await membership.join(
        container.uow, teacher.subject, body.sector, body.subjects, container.clock()
    )
    await container.fill_panels()
    return MembershipOut.of(await membership.get(container.uow, found.registration_number))


@router.delete(
    "/panel-membership",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(404, _404="Not on a panel."),
)
async def delete_membership(teacher: Teacher, container: ContainerDep) -> Response:
    """Leave the panel; your open reviews go to other teachers."""
    await membership.leave(container.uow, teacher.subject, container.clock())
    await container.fill_panels()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/reviews")
async def my_reviews(teacher: Teacher, container: ContainerDep) -> MyReviews:
    """Your reviews: open ones to do, and those done or withdrawn."""
    found = await reviews.of_reviewer(container.uow, teacher.subject)
    return MyReviews(items=[MyReviewOut.of(r) for r in found])


@router.get("/reviews/{review_id}", responses=problem_responses(404))
async def my_review(review_id: UUID, teacher: Teacher, container: ContainerDep) -> MyReviewOut:
    """One review: the offer and the criteria set in force when it was assigned."""
    return MyReviewOut.of(await reviews.one(container.uow, teacher.subject, review_id))


@router.post(
    "/reviews/{review_id}",
    responses=problem_responses(404, 409, _409="Submitted before, or withdrawn."),
)
async def submit_review(
    review_id: UUID, body: ReviewIn, teacher: Teacher, container: ContainerDep
) -> MyReviewOut:
    """Submit your review, once: a score of 1-5 and a reason per criterion, your verdict, and
    with an approval the register hours you propose."""
    submission = Submission(
        scores=tuple(Score(s.criterion, s.score, s.reason) for s in body.scores),
        approve=body.verdict == "approve",
        proposed_hours=body.proposed_hours,
    )
    found = await reviews.submit(
        container.uow,
        teacher.subject,
        review_id,
        submission,
        container.clock(),
        panel_size=container.settings.panel_size,
        topic=container.accreditations_topic,
    )
    return MyReviewOut.of(found)
