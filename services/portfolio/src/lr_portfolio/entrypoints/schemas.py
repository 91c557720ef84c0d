"""The HTTP bodies of the portfolio (request and response models)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from lr_portfolio.application.views import PortfolioView
from lr_portfolio.domain.activities import Activity, ActivityDraft, ActivitySubtype, ActivityType
from lr_portfolio.domain.progress import Progress
from lr_portfolio.domain.ratings import Rating, rateable
from lr_portfolio.domain.shares import Share

CENTS = Decimal("0.01")


class ActivityIn(BaseModel):
    """An activity as the teacher enters it. A one-day activity has no `end_date`."""

    model_config = ConfigDict(extra="forbid")

    type: ActivityType = Field(
        description="formal_programme, course, study_day, conference, inside_school, "
        "outside_school or self_study."
    )
    subtype: ActivitySubtype | None = Field(
        default=None,
        description="Required for inside_school (coaching, intervision, peer_review, "
        "collegial_visit, research), outside_school (network, placement) and self_study "
        "(professional_journal, online); absent for the other types.",
    )
    title: str = Field(examples=["Cursus formatief evalueren"])
    provider: str = Field(default="", examples=["Fontys Lerarenopleiding"])
    start_date: date
    end_date: date | None = Field(default=None, description="Last day, for a date range.")
    hours: Decimal = Field(description="Register hours, > 0 and at most 1000.", examples=["12.5"])
    core: bool = Field(description="On the core teaching process (primair proces).")
    subject: str = Field(default="", description="Subject or theme.", examples=["wiskunde"])

    def draft(self) -> ActivityDraft:
        return ActivityDraft(
            type=self.type,
            subtype=self.subtype,
            title=self.title,
            provider=self.provider,
            start_date=self.start_date,
            end_date=self.end_date,
            hours=self.hours,
            core=self.core,
            subject=self.subject,
        )


class EvidenceOut(BaseModel):
    filename: str
    content_type: str
    size: int
    sha256: str


class MyRatingOut(BaseModel):
    """Her own rating: only she sees it; others see the anonymous aggregate from 5 ratings on."""

    rating: int = Field(ge=1, le=5)
    comment: str | None
    rated_at: date

    @classmethod
    def of(cls, rating: Rating) -> MyRatingOut:
        return cls(rating=rating.rating, comment=rating.comment, rated_at=rating.rated_at)


class ActivityOut(BaseModel):
    id: UUID
    type: ActivityType
    subtype: ActivitySubtype | None
    title: str
    provider: str
    subject: str
    start_date: date
    end_date: date | None
    hours: Decimal
    core: bool
    source: Literal["teacher", "provider"] = Field(
        description="provider: validated by the training provider, not editable."
    )
    editable: bool
    activity_code: str | None
    evidence: EvidenceOut | None
    created_at: datetime
    updated_at: datetime
    rateable: bool = Field(
        default=False,
        description="An accredited activity her provider reported: she may rate it, once "
        "(`POST .../rating`).",
    )
    my_rating: MyRatingOut | None = Field(
        default=None, description="Her rating of this accredited activity, once given."
    )

    @classmethod
    def of(cls, activity: Activity, rating: Rating | None = None) -> ActivityOut:
        d = activity.draft
        evidence = activity.evidence
        return cls(
            id=activity.id,
            type=d.type,
            subtype=d.subtype,
            title=d.title,
            provider=d.provider,
            subject=d.subject,
            start_date=d.start_date,
            end_date=d.end_date,
            hours=d.hours,
            core=d.core,
            source=activity.source,
            editable=activity.editable,
            activity_code=activity.activity_code,
            evidence=EvidenceOut(**vars(evidence)) if evidence else None,
            created_at=activity.created_at,
            updated_at=activity.updated_at,
            rateable=rateable(activity),
            my_rating=MyRatingOut.of(rating) if rating is not None else None,
        )


class PeriodProgressOut(BaseModel):
    period_start: date
    period_end: date
    current: bool
    total_hours: Decimal
    core_hours: Decimal
    norm_total_hours: Decimal
    norm_core_hours: Decimal
    missing_total_hours: Decimal
    missing_core_hours: Decimal
    norm_met: bool

    @classmethod
    def of(cls, progress: Progress, current: bool) -> PeriodProgressOut:
        return cls(
            period_start=progress.period.start,
            period_end=progress.period.end,
            current=current,
            total_hours=_hours(progress.hours.total),
            core_hours=_hours(progress.hours.core),
            norm_total_hours=_hours(progress.norm.total_hours),
            norm_core_hours=_hours(progress.norm.core_hours),
            missing_total_hours=_hours(progress.missing_total),
            missing_core_hours=_hours(progress.missing_core),
            norm_met=progress.norm_met,
        )


def _hours(value: Decimal) -> Decimal:
    """Hours always with two decimals, so clients see one format."""
    return value.quantize(CENTS)


class ProgressOut(BaseModel):
    registration_number: str
    periods: list[PeriodProgressOut] = Field(
        description="Newest first; empty until the registry has given a period."
    )


class PortfolioOut(BaseModel):
    """Everything in a portfolio (or the part of one period)."""

    registration_number: str
    name: str | None
    generated_at: datetime
    period_start: date | None = Field(description="Set when the view is limited to one period.")
    progress: list[PeriodProgressOut]
    activities: list[ActivityOut]

    @classmethod
    def of(cls, view: PortfolioView) -> PortfolioOut:
        return cls(
            registration_number=view.registration_number,
            name=view.registration.display_name if view.registration else None,
            generated_at=view.generated_at,
            period_start=view.period.start if view.period else None,
            progress=[PeriodProgressOut.of(p, current) for p, current in view.progress],
            activities=[ActivityOut.of(a) for a in view.activities],
        )


class ShareIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    view: Literal["all", "period"] = Field(
        default="all", description="Whole portfolio or one period."
    )
    period_start: date | None = Field(
        default=None, description="For view=period: any date in the period to show."
    )
    expires_at: datetime = Field(description="When the link stops working (with time zone).")


class ShareOut(BaseModel):
    id: UUID
    view: Literal["all", "period"]
    period_start: date | None
    created_at: datetime
    expires_at: datetime

    @classmethod
    def of(cls, share: Share) -> ShareOut:
        return cls(
            id=share.id,
            view=share.view,
            period_start=share.period_start,
            created_at=share.created_at,
            expires_at=share.expires_at,
        )


class CreatedShareOut(ShareOut):
    token: str = Field(description="Shown only now; the portfolio keeps only its hash.")
    url: str


class RatingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rating: int = Field(ge=1, le=5, description="1 (poor) to 5 (excellent).", examples=[4])
    comment: str | None = Field(
        default=None,
        max_length=1000,
        description="Optional; shown to the provider and the panels without your name or the "
        "day, and only once the activity has 5 ratings.",
        examples=["Direct toepasbaar in mijn klas."],
    )
