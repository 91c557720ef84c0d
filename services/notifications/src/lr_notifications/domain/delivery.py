"""What an SMTP attempt means for a notification: sent, try again later, or give up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

Status = Literal[
    "awaiting_contact",  # no contact known yet: sent when it arrives
    "pending",  # due at next_attempt_at (first try or a retry)
    "sending",  # handed to SMTP at last_attempt_at; re-tried if the lease runs out
    "sent",
    "failed",  # permanent SMTP failure, or temporary failures beyond max_attempts
    "no_address",  # the contact has no e-mail address
    "cancelled",  # the teacher was erased before the mail went out
]
FINAL_STATUSES: frozenset[Status] = frozenset({"sent", "failed", "no_address", "cancelled"})


@dataclass(frozen=True)
class SendResult:
    """The answer of the mail server to one message."""

    verdict: Literal["accepted", "temporary", "permanent"]
    code: int | None = None
    detail: str = ""  # already free of personal data
    connection_lost: bool = False  # the server was unreachable: pause all sending


@dataclass(frozen=True)
class RetryPolicy:
    base: timedelta = timedelta(seconds=30)
    maximum: timedelta = timedelta(hours=1)
    max_attempts: int = 12

    def delay(self, attempts: int, jitter: float = 1.0) -> timedelta:
        """Exponential backoff after `attempts` failed tries; `jitter` in (0, 1] spreads a herd."""
        exponent = min(max(attempts - 1, 0), 30)
        return min(self.base * (1 << exponent), self.maximum) * jitter


@dataclass(frozen=True)
class Outcome:
    """What to record about one notification after an attempt (or instead of one)."""

    status: Status
    next_attempt_at: datetime | None = None
    code: int | None = None
    error: str | None = None

    @property
    def final(self) -> bool:
        return self.status in FINAL_STATUSES


def decide(
    result: SendResult, attempts: int, policy: RetryPolicy, now: datetime, jitter: float = 1.0
) -> Outcome:
    if result.verdict == "accepted":
        return Outcome("sent", code=result.code)
    if result.verdict == "permanent":
        return Outcome("failed", code=result.code, error=result.detail)
    # An unreachable server is nobody's fault but ours: however long the outage, the mail waits
    # (at most `maximum` between tries) instead of being given up.
    if attempts >= policy.max_attempts and not result.connection_lost:
        return Outcome("failed", code=result.code, error=f"gave up: {result.detail}")
    retry_at = now + policy.delay(attempts, jitter)
    return Outcome("pending", next_attempt_at=retry_at, code=result.code, error=result.detail)
