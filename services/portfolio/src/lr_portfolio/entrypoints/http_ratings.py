"""Feedback afterwards over HTTP: a teacher rates an accredited activity she attended (register
token); its provider reads the anonymous aggregate (provider token). Nobody but the teacher
sees who rated, or her rating."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path, Query, status
from pydantic import BaseModel, Field

from lr_portfolio.application.ratings import ProviderFeedback
from lr_portfolio.domain.ratings import FEEDBACK_SHOWN_FROM
from lr_portfolio.entrypoints.dependencies import Provider, Services, Teacher
from lr_portfolio.entrypoints.schemas import MyRatingOut, RatingIn
from lr_shared.problems import problem_responses

teacher_router = APIRouter(
    prefix="/v1/me", tags=["feedback"], responses=problem_responses(401, 422, 503)
)
provider_router = APIRouter(
    prefix="/v1/provider", tags=["feedback"], responses=problem_responses(401, 422, 503)
)

ActivityCode = Annotated[str, Path(min_length=1, max_length=50, pattern=r"^[^\x00]*$")]


@teacher_router.post(
    "/activities/{activity_id}/rating",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(
        404,
        409,
        _404="Not an activity of your portfolio.",
        _409="`already-rated`: rated before (once only); `not-rateable`: not an accredited "
        "activity reported by its provider.",
    ),
)
async def rate(activity_id: UUID, body: RatingIn, me: Teacher, services: Services) -> MyRatingOut:
    """Rate an accredited activity you attended, once: 1-5 and an optional comment."""
    return MyRatingOut.of(await services.ratings.rate(me, activity_id, body.rating, body.comment))


class CommentOut(BaseModel):
    text: str
    month: str = Field(description="YYYY-MM; never the day.", examples=["2026-11"])


class FeedbackOut(BaseModel):
    """An activity's feedback as its provider sees it: nobody is named. Below 5 ratings count,
    average and distribution are null and there are no comments (\"fewer than 5\")."""

    activity_code: str
    title: str
    shown_from: int = Field(description="Ratings needed before anything is shown.")
    ratings_count: int | None = Field(description="Null: fewer than 5 ratings (none included).")
    average_rating: Decimal | None = Field(description="Two decimals; null below 5 ratings.")
    distribution: dict[str, int] | None = Field(
        description="Ratings per value 1-5; null below 5 ratings.",
        examples=[{"1": 0, "2": 1, "3": 2, "4": 5, "5": 4}],
    )
    comments: list[CommentOut] = Field(description="Newest first (`page`, `page_size`).")
    comments_total: int | None
    page: int
    page_size: int

    @classmethod
    def of(cls, found: ProviderFeedback, page: int, page_size: int) -> FeedbackOut:
        feedback = found.feedback
        distribution = feedback.distribution
        return cls(
            activity_code=found.entry.activity_code,
            title=found.entry.title,
            shown_from=FEEDBACK_SHOWN_FROM,
            ratings_count=feedback.count,
            average_rating=feedback.average,
            distribution=(
                {str(i + 1): n for i, n in enumerate(distribution)} if distribution else None
            ),
            comments=[CommentOut(text=c.text, month=c.month) for c in feedback.comments],
            comments_total=found.comments_total,
            page=page,
            page_size=page_size,
        )


@provider_router.get(
    "/activities/{activity_code}/feedback",
    responses=problem_responses(404, _404="Not an activity of yours in the catalogue."),
)
async def feedback(
    activity_code: ActivityCode,
    provider: Provider,
    services: Services,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> FeedbackOut:
    """Teachers' feedback on one of your accredited activities."""
    found = await services.ratings.for_provider(
        provider, activity_code, (page - 1) * page_size, page_size
    )
    return FeedbackOut.of(found, page, page_size)
