"""A teacher's correction request as its board sees and answers it.

A request is `open` until the board answers it (`accepted`: the board will deliver the
corrected data; `rejected`, with a reason) or a redelivery resolves it (`resolved`: the
registry saw every disputed field change). An answer is given once: the same answer again is a
replay, another answer a conflict; a resolved request needs no answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from uuid import UUID

Decision = Literal["accepted", "rejected"]
Status = Literal["open", "accepted", "rejected", "resolved"]
STATUSES: tuple[Status, ...] = ("open", "accepted", "rejected", "resolved")


class AnswerConflictError(Exception):
    """The request already has another answer."""


class AlreadyResolvedError(Exception):
    """A redelivery has resolved the request; there is nothing left to answer."""


class ReasonRequiredError(ValueError):
    """A rejection says why."""


@dataclass(frozen=True)
class Answer:
    decision: Decision
    reason: str | None
    answered_by: str
    answered_at: datetime


@dataclass(frozen=True)
class BoardCorrectionRequest:
    """A stored request: the registry's body (no BSN), with the board's answer and resolution."""

    request_id: UUID
    bevoegd_gezag: str
    registration_number: str
    body: dict[str, object]
    received_at: datetime
    answer: Answer | None = None
    resolved_at: datetime | None = None
    resolved_by: UUID | None = None

    @property
    def status(self) -> Status:
        if self.resolved_at is not None:
            return "resolved"
        return "open" if self.answer is None else self.answer.decision

    def answered(self, decision: Decision, reason: str | None, by: str, at: datetime) -> Answer:
        """The answer to store, or the stored one when this is the same answer again (a
        replay: nothing new is stored or published). Raises when it cannot be answered."""
        reason = (reason or "").strip() or None
        if decision == "rejected" and reason is None:
            raise ReasonRequiredError
        if self.answer is not None:
            if (self.answer.decision, self.answer.reason) == (decision, reason):
                return self.answer
            raise AnswerConflictError
        if self.resolved_at is not None:
            raise AlreadyResolvedError
        return Answer(decision, reason, by, at)
