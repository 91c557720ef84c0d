"""One reviewer's assessment of one request in one round."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from uuid import UUID

from lr_profession.domain.criteria import Score
from lr_profession.domain.decision import Verdict


class ReviewState(enum.StrEnum):
    OPEN = "open"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"
    """Taken back (stalled, the reviewer left the panel or is no longer registered); the
    request gets another reviewer."""


class WithdrawalReason(enum.StrEnum):
    STALLED = "stalled"
    LEFT_PANEL = "left_panel"
    NOT_REGISTERED = "not_registered"
    ERASED = "erased"
    EMPLOYER_CONFLICT = "employer_conflict"
    """The reviewer now works for the board that is the provider."""


@dataclass(frozen=True)
class Review:
    id: UUID
    request_id: UUID
    round: int
    registration_number: str | None
    state: ReviewState
    criteria_version: int
    assigned_at: datetime
    submitted_at: datetime | None = None
    withdrawn_reason: str | None = None
    approve: bool | None = None
    proposed_hours: Decimal | None = None
    scores: tuple[Score, ...] = ()

    @property
    def verdict(self) -> Verdict:
        if self.approve is None:
            raise ValueError("an open review has no verdict")
        return Verdict(self.approve, self.proposed_hours)


@dataclass(frozen=True)
class Withdrawn:
    request_id: UUID
    registration_number: str | None
