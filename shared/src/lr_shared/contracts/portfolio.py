"""Contracts of the portfolio service."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import Field

from lr_shared.contracts._base import Contract, RegistrationNumber


class AttendanceV1(Contract):
    """A training provider reports that a teacher attended an accredited activity.

    Key: registration number. `attendance_id` is the provider's own identifier: reporting it
    again changes nothing.

    Header `authorization: Bearer <provider token>` (required): the provider's token, whose
    subject is `provider_id`. A record without a valid one, or for an activity outside that
    provider's catalogue, goes to the dead-letter topic with the reason. The same reports go
    to the portfolio's `POST /v1/attendance` for providers without Kafka.
    """

    attendance_id: str = Field(min_length=1, max_length=100, examples=["NSO-2026-000123"])
    provider_id: str = Field(
        min_length=1,
        max_length=50,
        description="The reporting provider: the subject of its token.",
        examples=["P0042"],
    )
    activity_code: str = Field(
        description="Code of the activity in the provider catalogue.", examples=["P0042-A017"]
    )
    registration_number: RegistrationNumber
    attended_on: date
    completed: bool = True


class ProgressV1(Contract):
    """Register hours of one teacher in one period. Key: registration number. Totals only."""

    registration_number: RegistrationNumber
    period_start: date
    period_end: date
    total_hours: Decimal = Field(ge=0, examples=["112.5"])
    core_hours: Decimal = Field(ge=0, examples=["80"])
    norm_total_hours: Decimal = Field(examples=["160"])
    norm_core_hours: Decimal = Field(examples=["100"])
    norm_met: bool
    updated_at: datetime


FEEDBACK_SHOWN_FROM = 5
"""Ratings an activity needs before its average, distribution, count and comments are shown
anywhere (catalogue, provider, panels): below it no teacher's rating can be told apart."""


class FeedbackCommentV1(Contract):
    """A teacher's comment on an activity she attended, without her: text and month only."""

    text: str = Field(min_length=1, max_length=1000, examples=["Direct toepasbaar in groep 7."])
    month: str = Field(
        pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$",
        description="The month it was written (YYYY-MM); never the day.",
        examples=["2026-11"],
    )


class ActivityFeedbackV1(Contract):
    """Teachers' ratings (1-5) of one accredited activity, aggregated; nobody is named.

    Key: `activity_code`. Compacted: the latest message per code is the activity's feedback.
    Sent whenever a rating is added or erased. Below FEEDBACK_SHOWN_FROM ratings, count,
    average and distribution are null and `comments` is empty ("fewer than 5").
    """

    activity_code: str = Field(min_length=1, max_length=50, examples=["PR-0000042"])
    provider_id: str = Field(min_length=1, max_length=50, examples=["P0042"])
    ratings_count: int | None = Field(
        ge=FEEDBACK_SHOWN_FROM,
        description="Number of ratings; null: fewer than 5 (none included).",
        examples=[12],
    )
    average_rating: Decimal | None = Field(
        ge=1,
        le=5,
        description="Mean rating, two decimals (half up); null below 5 ratings.",
        examples=["4.25"],
    )
    distribution: list[int] | None = Field(
        min_length=5,
        max_length=5,
        description="How many ratings of 1, 2, 3, 4 and 5; null below 5 ratings.",
        examples=[[0, 1, 2, 5, 4]],
    )
    comments: list[FeedbackCommentV1] = Field(
        max_length=50,
        description="The newest comments (at most 50), newest first; empty below 5 ratings.",
    )
    updated_at: datetime = Field(description="When the ratings last changed.")
