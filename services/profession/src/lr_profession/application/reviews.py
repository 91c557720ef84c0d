"""A reviewer's side: her reviews, one review with the request and its criteria set, and the
submission, which decides the request when it completes the panel."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from uuid import UUID

from lr_profession.application.ports import DecisionRecord, UnitOfWork, UnitOfWorkFactory
from lr_profession.application.publishing import accredited
from lr_profession.domain.criteria import CriteriaSet, Score, ScoresDoNotFitError, check_scores
from lr_profession.domain.decision import decide
from lr_profession.domain.errors import InvalidInputError, NotFoundError, StateConflictError
from lr_profession.domain.feedback import ActivityFeedback
from lr_profession.domain.offers import OPEN_STATES, AccreditationRequest
from lr_profession.domain.reviews import Review, ReviewState


@dataclass(frozen=True)
class ReviewDetail:
    review: Review
    request: AccreditationRequest
    criteria: CriteriaSet
    feedback: ActivityFeedback | None = None
    """A re-accreditation's: teachers' feedback on the activity it re-accredits."""


@dataclass(frozen=True)
class Submission:
    scores: tuple[Score, ...]
    approve: bool
    proposed_hours: Decimal | None


async def of_reviewer(uows: UnitOfWorkFactory, registration_number: str) -> list[ReviewDetail]:
    async with uows() as uow:
        reviews = await uow.reviews.of_reviewer(registration_number)
        return [await _detail(uow, review) for review in reviews]


async def one(uows: UnitOfWorkFactory, registration_number: str, review_id: UUID) -> ReviewDetail:
    async with uows() as uow:
        review = await uow.reviews.of_reviewer_one(registration_number, review_id)
        if review is None:
            raise NotFoundError
        return await _detail(uow, review)


async def _detail(uow: UnitOfWork, review: Review) -> ReviewDetail:
    request = await uow.requests.get(review.request_id)
    criteria = await uow.criteria.get(review.criteria_version)
    assert request is not None
    assert criteria is not None
    return ReviewDetail(review, request, criteria, await _feedback(uow, request))


async def _feedback(uow: UnitOfWork, request: AccreditationRequest) -> ActivityFeedback | None:
    code = request.offer.reaccreditation_of
    return await uow.feedback.get(code) if code is not None else None


async def submit(
    uows: UnitOfWorkFactory,
    registration_number: str,
    review_id: UUID,
    submission: Submission,
    now: datetime,
    *,
    panel_size: int,
    topic: str,
) -> ReviewDetail:
    """Once per review. The submission that completes the round decides the request (under the
    request's lock, so two last reviews cannot both decide)."""
    if submission.approve and submission.proposed_hours is None:
        raise InvalidInputError("proposed_hours", "missing", "an approval proposes hours")
    if not submission.approve and submission.proposed_hours is not None:
        raise InvalidInputError("proposed_hours", "not_allowed", "a rejection proposes no hours")
    async with uows() as uow:
        review = await uow.reviews.of_reviewer_one(registration_number, review_id, lock=True)
        if review is None:
            raise NotFoundError
        if review.state is not ReviewState.OPEN:
            raise StateConflictError(f"this review is {review.state.value}")
        criteria = await uow.criteria.get(review.criteria_version)
        assert criteria is not None
        try:
            check_scores(criteria, submission.scores)
        except ScoresDoNotFitError as exc:
            raise InvalidInputError("scores", "scores_do_not_fit", str(exc)) from None
        await uow.reviews.submit(
            review_id, submission.scores, submission.approve, submission.proposed_hours, now
        )
        request = await uow.requests.get(review.request_id, lock=True)
        assert request is not None
        await uow.members.add_open([registration_number], -1)
        await _decide_when_complete(uow, request, now, panel_size=panel_size, topic=topic)
        done = await uow.reviews.of_reviewer_one(registration_number, review_id)
        feedback = await _feedback(uow, request)
        await uow.commit()
    assert done is not None
    return ReviewDetail(done, request, criteria, feedback)


async def _decide_when_complete(
    uow: UnitOfWork, request: AccreditationRequest, now: datetime, *, panel_size: int, topic: str
) -> None:
    if request.state not in OPEN_STATES:
        return
    reviews = await uow.reviews.submitted(request.id, request.round)
    if len(reviews) < panel_size:
        return
    decision = decide([r.verdict for r in reviews], request.offer.planned_hours)
    record = DecisionRecord(
        round=request.round,
        accepted=decision.accepted,
        register_hours=decision.register_hours,
        criteria_version=_criteria_version(reviews),
        decided_at=now,
    )
    code = await uow.requests.next_activity_code() if decision.accepted else None
    await uow.requests.record_decision(request, record, code)
    if code is not None:
        await uow.publish([accredited(topic, request, record, code)])


def _criteria_version(reviews: Sequence[Review]) -> int:
    """The set the panel assessed with; the newest when a new set came into force during the
    round (a reassigned reviewer got it)."""
    return max(r.criteria_version for r in reviews)
