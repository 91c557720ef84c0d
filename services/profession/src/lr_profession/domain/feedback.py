"""Teachers' feedback on an activity accredited before (the portfolio's
lr.portfolio.activity-feedback.v1), shown to the panel that reviews its re-accreditation.
Anonymous by construction: the portfolio sends no rater, and nothing below 5 ratings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True)
class FeedbackComment:
    text: str
    month: str
    """YYYY-MM: never the day."""


@dataclass(frozen=True)
class ActivityFeedback:
    activity_code: str
    ratings_count: int | None
    """None: fewer than 5 ratings (none included)."""
    average_rating: Decimal | None
    distribution: tuple[int, ...] | None
    """Ratings of 1, 2, 3, 4 and 5."""
    comments: tuple[FeedbackComment, ...]
    updated_at: datetime
