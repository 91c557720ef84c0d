"""An activity offer a training provider submits for accreditation, and the states of its
request."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID


class RequestState(enum.StrEnum):
    AWAITING_PANEL = "awaiting_panel"
    """Fewer reviewers than the panel needs; it waits for eligible teachers."""
    IN_REVIEW = "in_review"
    """The panel is complete; reviews are outstanding."""
    ACCEPTED = "accepted"
    REJECTED = "rejected"


OPEN_STATES = frozenset({RequestState.AWAITING_PANEL, RequestState.IN_REVIEW})

FIRST_ROUND = 1
APPEAL_ROUND = 2
"""A rejected request may be reviewed once more, by a new panel: its second (last) round."""


@dataclass(frozen=True)
class Offer:
    """What the provider offers; its schedule is dates or on demand, never both."""

    offer_reference: str
    title: str
    description: str
    type: str
    subtype: str | None
    sectors: tuple[str, ...]
    planned_hours: Decimal
    core: bool
    start_date: date | None
    end_date: date | None
    on_demand: bool
    reaccreditation_of: str | None = None
    """The activity code of the provider's own earlier accepted activity this offer
    re-accredits: its panel sees that activity's feedback."""


@dataclass(frozen=True)
class Provider:
    provider_id: str
    name: str
    bevoegd_gezag: str | None
    """Set when the provider is itself a school board: its teachers never review its offers."""


@dataclass(frozen=True)
class AccreditationRequest:
    id: UUID
    provider: Provider
    offer: Offer
    state: RequestState
    round: int
    submitted_at: datetime
    decided_at: datetime | None = None
    register_hours: Decimal | None = None
    criteria_version: int | None = None
    activity_code: str | None = None

    @property
    def may_appeal(self) -> bool:
        return self.state is RequestState.REJECTED and self.round == FIRST_ROUND
