"""Feedback afterwards: a teacher rates an accredited activity she attended, once; others see
only the aggregate, and only from FEEDBACK_SHOWN_FROM ratings on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from lr_portfolio.domain.activities import Activity
from lr_portfolio.domain.errors import InvalidInputError, NotRateableError, Problem
from lr_shared.contracts.portfolio import FEEDBACK_SHOWN_FROM

MIN_RATING = 1
MAX_RATING = 5
MAX_COMMENT = 1000
CENTS = Decimal("0.01")

__all__ = ["FEEDBACK_SHOWN_FROM", "Comment", "Feedback", "Rating", "RatingSummary"]


@dataclass(frozen=True)
class Rating:
    activity_code: str
    registration_number: str
    rating: int
    comment: str | None
    rated_at: date


@dataclass(frozen=True)
class Comment:
    """A comment as others see it: the text and the month, nobody and no day."""

    text: str
    month: str

    @classmethod
    def of(cls, text: str, rated_at: date) -> Comment:
        return cls(text, f"{rated_at.year:04d}-{rated_at.month:02d}")


@dataclass(frozen=True)
class RatingSummary:
    """Everything counted about one activity's ratings (never shown as such)."""

    activity_code: str
    distribution: tuple[int, int, int, int, int]
    """How many ratings of 1, 2, 3, 4 and 5."""

    @property
    def count(self) -> int:
        return sum(self.distribution)

    @property
    def total(self) -> int:
        return sum(n * (i + 1) for i, n in enumerate(self.distribution))

    @classmethod
    def none(cls, activity_code: str) -> RatingSummary:
        return cls(activity_code, (0, 0, 0, 0, 0))


@dataclass(frozen=True)
class Feedback:
    """What anyone but the rater may see. Below FEEDBACK_SHOWN_FROM ratings: nothing but the
    fact that there are fewer (count, average and distribution None, no comments)."""

    activity_code: str
    count: int | None
    average: Decimal | None
    distribution: tuple[int, ...] | None
    comments: tuple[Comment, ...]

    @property
    def shown(self) -> bool:
        return self.count is not None

    @classmethod
    def of(cls, summary: RatingSummary, comments: tuple[Comment, ...] = ()) -> Feedback:
        count = summary.count
        if count < FEEDBACK_SHOWN_FROM:
            return cls(summary.activity_code, None, None, None, ())
        average = (Decimal(summary.total) / Decimal(count)).quantize(CENTS, ROUND_HALF_UP)
        return cls(summary.activity_code, count, average, summary.distribution, comments)


def rateable(activity: Activity) -> bool:
    """An accredited activity she attended: reported by its provider, with its catalogue code."""
    return activity.source == "provider" and activity.activity_code is not None


def new_rating(activity: Activity, rating: int, comment: str | None, today: date) -> Rating:
    """Her rating of an activity of her portfolio; refused unless a provider reported it from
    the catalogue (her own logged activities name no accredited activity)."""
    if not rateable(activity) or activity.activity_code is None:
        raise NotRateableError(activity.id)
    problems: list[Problem] = []
    if not MIN_RATING <= rating <= MAX_RATING:
        problems.append(Problem("rating", f"{MIN_RATING} to {MAX_RATING}", "out_of_range"))
    text = comment.strip() if comment is not None else None
    if text is not None and len(text) > MAX_COMMENT:
        problems.append(Problem("comment", f"at most {MAX_COMMENT} characters", "too_long"))
    elif text is not None and "\x00" in text:
        problems.append(Problem("comment", "contains a NUL character", "invalid_character"))
    if problems:
        raise InvalidInputError(problems)
    return Rating(activity.activity_code, activity.registration_number, rating, text or None, today)
