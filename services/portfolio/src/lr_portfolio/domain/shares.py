"""Read-only, expiring views of a portfolio that a teacher hands to someone of their choice.

The token is shown once, when the share is made; only its SHA-256 is kept, so a copy of the
database does not open anyone's portfolio.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal
from uuid import UUID

from lr_portfolio.domain.activities import EARLIEST, MAX_AHEAD
from lr_portfolio.domain.errors import InvalidInputError, Problem

ShareView = Literal["all", "period"]
TOKEN_BYTES = 32


@dataclass(frozen=True)
class Share:
    id: UUID
    registration_number: str
    view: ShareView
    period_start: date | None
    created_at: datetime
    expires_at: datetime

    def is_open(self, now: datetime) -> bool:
        return now < self.expires_at


@dataclass(frozen=True)
class ShareOpening:
    """Someone opened one of the teacher's share links: which share (and what kind of view)
    and when. Not who (the link is anyone's who holds it) and not what it showed: the record
    copies none of the portfolio. It outlives a revoked share, so it names the share by id."""

    share_id: UUID
    view: ShareView
    period_start: date | None
    opened_at: datetime


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def validate_expiry(expires_at: datetime, now: datetime, max_days: int) -> datetime:
    if expires_at.tzinfo is None:
        raise InvalidInputError([Problem("expires_at", "give a time zone (e.g. Z)", "naive")])
    if expires_at <= now:
        raise InvalidInputError([Problem("expires_at", "must be in the future", "past")])
    if expires_at > now + timedelta(days=max_days):
        problem = Problem("expires_at", f"at most {max_days} days from now", "too_far")
        raise InvalidInputError([problem])
    return expires_at


def validate_view(view: ShareView, period_start: date | None, today: date) -> None:
    if view == "period" and period_start is None:
        raise InvalidInputError(
            [Problem("period_start", "a period view needs the period's start", "required")]
        )
    if view == "all" and period_start is not None:
        raise InvalidInputError(
            [Problem("period_start", "only a period view takes a period", "unexpected")]
        )
    # The same range as an activity's dates; far outside it the period cannot even be computed.
    if period_start is not None and not EARLIEST <= period_start <= today + MAX_AHEAD:
        latest = (today + MAX_AHEAD).isoformat()
        message = f"between {EARLIEST.isoformat()} and {latest}"
        raise InvalidInputError([Problem("period_start", message, "out_of_range")])
