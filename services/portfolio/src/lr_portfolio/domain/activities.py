"""Activities of professional development: the seven types of DESIGN.md and their rules."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Literal
from uuid import UUID

from lr_portfolio.domain.errors import InvalidInputError, Problem
from lr_shared.contracts.profession import SUBTYPES_OF


class ActivityType(enum.StrEnum):
    FORMAL_PROGRAMME = "formal_programme"
    COURSE = "course"
    STUDY_DAY = "study_day"
    CONFERENCE = "conference"
    INSIDE_SCHOOL = "inside_school"
    OUTSIDE_SCHOOL = "outside_school"
    SELF_STUDY = "self_study"


class ActivitySubtype(enum.StrEnum):
    COACHING = "coaching"
    INTERVISION = "intervision"
    PEER_REVIEW = "peer_review"
    COLLEGIAL_VISIT = "collegial_visit"
    RESEARCH = "research"
    NETWORK = "network"
    PLACEMENT = "placement"
    PROFESSIONAL_JOURNAL = "professional_journal"
    ONLINE = "online"


SUBTYPES: dict[ActivityType, frozenset[ActivitySubtype]] = {
    ActivityType(type_): frozenset(ActivitySubtype(name) for name in names)
    for type_, names in SUBTYPES_OF.items()
}
"""Types that have subtypes require one of theirs; the other types take none. The table is the
contract's (`lr_shared.contracts.profession.SUBTYPES_OF`): an offer and a teacher's own activity
follow one rule."""

Source = Literal["teacher", "provider"]

MAX_HOURS = Decimal(1000)
EARLIEST = date(1950, 1, 1)
MAX_AHEAD = timedelta(days=366)
MAX_TEXT = 200


@dataclass(frozen=True)
class ActivityDraft:
    """What a teacher enters; `end_date` None means a one-day activity."""

    type: ActivityType
    subtype: ActivitySubtype | None
    title: str
    provider: str
    start_date: date
    end_date: date | None
    hours: Decimal
    core: bool
    subject: str = ""

    @property
    def counting_date(self) -> date:
        """The date that decides the period an activity counts in: its (end) date."""
        return self.end_date or self.start_date


@dataclass(frozen=True)
class Evidence:
    """Metadata of an evidence file (its bytes are stored apart)."""

    filename: str
    content_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Activity:
    id: UUID
    registration_number: str
    draft: ActivityDraft
    source: Source
    created_at: datetime
    updated_at: datetime
    activity_code: str | None = None
    evidence: Evidence | None = field(default=None)

    @property
    def editable(self) -> bool:
        return self.source == "teacher"


def validate(draft: ActivityDraft, today: date) -> ActivityDraft:
    """Check every rule at once, so the teacher sees all problems in one answer."""
    problems: list[Problem] = []
    problems += _type_problems(draft)
    problems += _text_problems(draft)
    problems += _hours_problems(draft.hours)
    problems += _date_problems(draft, today)
    if problems:
        raise InvalidInputError(problems)
    return draft


def _type_problems(draft: ActivityDraft) -> list[Problem]:
    allowed = SUBTYPES.get(draft.type, frozenset())
    if allowed and draft.subtype is None:
        names = ", ".join(sorted(allowed))
        return [
            Problem("subtype", f"type {draft.type} needs a subtype: one of {names}", "required")
        ]
    if draft.subtype is not None and draft.subtype not in allowed:
        return [Problem("subtype", f"{draft.subtype} is not a subtype of {draft.type}", "mismatch")]
    return []


def _text_problems(draft: ActivityDraft) -> list[Problem]:
    problems = []
    if not draft.title.strip():
        problems.append(Problem("title", "title is required", "required"))
    for name in ("title", "provider", "subject"):
        value: str = getattr(draft, name)
        if len(value) > MAX_TEXT:
            problems.append(Problem(name, f"at most {MAX_TEXT} characters", "too_long"))
        elif "\x00" in value:
            # PostgreSQL text cannot hold it: without this check the insert fails with a 500.
            problems.append(Problem(name, "contains a NUL character", "invalid_character"))
    return problems


def _hours_problems(hours: Decimal) -> list[Problem]:
    if not hours.is_finite() or hours <= 0:
        return [Problem("hours", "hours must be more than 0", "not_positive")]
    if hours > MAX_HOURS:
        return [Problem("hours", f"at most {MAX_HOURS} hours per activity", "too_many")]
    if hours != hours.quantize(Decimal("0.01")):
        return [Problem("hours", "at most two decimals", "precision")]
    return []


def _date_problems(draft: ActivityDraft, today: date) -> list[Problem]:
    problems = []
    latest = today + MAX_AHEAD
    for name in ("start_date", "end_date"):
        value: date | None = getattr(draft, name)
        if value is None:
            continue
        if value < EARLIEST:
            problems.append(Problem(name, f"before {EARLIEST.isoformat()}", "too_early"))
        elif value > latest:
            problems.append(Problem(name, "more than a year in the future", "too_late"))
    if draft.end_date is not None and draft.end_date < draft.start_date:
        problems.append(Problem("end_date", "end_date is before start_date", "order"))
    return problems
