"""Feedback afterwards, the rules: one rating 1-5 of an accredited activity, nothing shown
before 5 ratings, the average to two decimals, comments by month only."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from lr_portfolio.domain.activities import Activity, ActivityDraft, ActivityType
from lr_portfolio.domain.errors import InvalidInputError, NotRateableError
from lr_portfolio.domain.ratings import Comment, Feedback, RatingSummary, new_rating
from lr_shared.contracts.portfolio import ActivityFeedbackV1

NOW = datetime(2026, 11, 20, tzinfo=UTC)
DRAFT = ActivityDraft(
    ActivityType.COURSE, None, "Cursus", "Penta Nova", date(2026, 2, 3), None, Decimal(12), True
)


def activity(source: str = "provider", code: str | None = "PR-0000042") -> Activity:
    return Activity(uuid.uuid4(), "LR00012345", DRAFT, source, NOW, NOW, code)  # type: ignore[arg-type]


def test_nothing_is_shown_below_five_ratings() -> None:
    four = Feedback.of(RatingSummary("PR-1", (0, 0, 1, 2, 1)), (Comment("x", "2026-11"),))
    assert (four.count, four.average, four.distribution, four.comments) == (None, None, None, ())
    assert not four.shown


def test_from_five_ratings_the_average_is_rounded_half_up_to_two_decimals() -> None:
    five = Feedback.of(RatingSummary("PR-1", (0, 0, 1, 2, 2)))
    assert (five.count, five.average) == (5, Decimal("4.20"))
    six = Feedback.of(RatingSummary("PR-1", (0, 0, 1, 3, 2)))  # 25 / 6 = 4.1666...
    assert six.average == Decimal("4.17")
    eight = Feedback.of(RatingSummary("PR-1", (1, 0, 0, 0, 7)))  # 36 / 8 = 4.5
    assert eight.average == Decimal("4.50")


def test_a_comment_shows_its_month_never_its_day() -> None:
    assert Comment.of("Goed", date(2026, 3, 9)) == Comment("Goed", "2026-03")


def test_only_a_provider_reported_catalogue_activity_is_rateable() -> None:
    with pytest.raises(NotRateableError):
        new_rating(activity("teacher", None), 4, None, NOW.date())
    with pytest.raises(NotRateableError):
        new_rating(activity("provider", None), 4, None, NOW.date())
    rating = new_rating(activity(), 4, "   ", NOW.date())
    assert (rating.activity_code, rating.comment) == ("PR-0000042", None)


@pytest.mark.parametrize(
    ("value", "comment"), [(0, None), (6, None), (3, "x" * 1001), (3, "a\x00")]
)
def test_a_rating_out_of_range_or_a_bad_comment_is_refused(value: int, comment: str | None) -> None:
    with pytest.raises(InvalidInputError):
        new_rating(activity(), value, comment, NOW.date())


def test_the_contract_refuses_a_count_below_five() -> None:
    with pytest.raises(ValueError, match="greater than or equal to 5"):
        ActivityFeedbackV1.model_validate(
            {
                "activity_code": "PR-1",
                "provider_id": "P0042",
                "ratings_count": 3,
                "average_rating": "4",
                "distribution": [0, 0, 1, 1, 1],
                "comments": [],
                "updated_at": NOW,
            }
        )
