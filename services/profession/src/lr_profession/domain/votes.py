"""Votes of the registered teachers on a proposed criteria set: one teacher, one vote, a secret
ballot (docs/profession.md, "Votes").

Who voted is kept as `voter_mark`: a keyed hash of the vote and the registration number, so
the roll refuses a second ballot without holding a registration number. How anyone voted is
kept nowhere but in the three counts of the tally.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from lr_profession.domain.criteria import Criterion


class Choice(enum.StrEnum):
    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"


CHOICES: tuple[Choice, ...] = (Choice.FOR, Choice.AGAINST, Choice.ABSTAIN)


class VoteState(enum.StrEnum):
    SCHEDULED = "scheduled"
    """Created, its opening moment not reached yet."""
    OPEN = "open"
    CLOSED = "closed"
    """Past its closing moment: the tally is frozen and published."""


@dataclass(frozen=True)
class Tally:
    votes_for: int = 0
    votes_against: int = 0
    abstentions: int = 0

    @property
    def turnout(self) -> int:
        return self.votes_for + self.votes_against + self.abstentions


def adopted(tally: Tally) -> bool:
    """Adopted when more teachers vote for than against; abstentions count for turnout only
    (a tie, or no ballot at all, keeps the set in force)."""
    return tally.votes_for > tally.votes_against


@dataclass(frozen=True)
class Vote:
    id: UUID
    proposal_version: int
    criteria: tuple[Criterion, ...]
    state: VoteState
    opens_at: datetime
    closes_at: datetime
    created_at: datetime
    opened_at: datetime | None = None
    closed_at: datetime | None = None
    adopted: bool | None = None
    tally: Tally | None = None
    """Only once closed."""

    def accepts_ballots(self, now: datetime) -> bool:
        return self.state is VoteState.OPEN and self.opens_at <= now < self.closes_at


ROLL_KEY_MIN_BYTES = 32


def voter_mark(key: bytes, vote_id: UUID, registration_number: str) -> bytes:
    """The roll's entry for this teacher in this vote: HMAC-SHA256(key, vote id || registration
    number). Without the key nobody can tell whose entry it is, and the entries of one teacher
    in two votes do not match."""
    if len(key) < ROLL_KEY_MIN_BYTES:
        raise ValueError("the roll key is at least 32 bytes")
    return hmac.new(key, vote_id.bytes + registration_number.encode(), hashlib.sha256).digest()


CODE = re.compile(r"^[a-z][a-z0-9_]{0,49}$")
MAX_CRITERIA = 30
MAX_TITLE = 200
MAX_DESCRIPTION = 2000


class ProposalInvalidError(ValueError):
    """The proposed set or its dates do not make a vote."""


def check_proposal(
    criteria: Sequence[Criterion], opens_at: datetime, closes_at: datetime, now: datetime
) -> None:
    """A full criteria set (1-30 criteria, unique codes, titles and descriptions filled in) and
    a vote that opens before it closes, closing in the future."""
    if not 1 <= len(criteria) <= MAX_CRITERIA:
        raise ProposalInvalidError("a criteria set has 1 to 30 criteria")
    codes = [c.code for c in criteria]
    if len(set(codes)) != len(codes):
        raise ProposalInvalidError("every criterion has its own code")
    for criterion in criteria:
        if not CODE.match(criterion.code):
            raise ProposalInvalidError(f"criterion code {criterion.code!r} is not [a-z][a-z0-9_]")
        if not criterion.title.strip() or len(criterion.title) > MAX_TITLE:
            raise ProposalInvalidError("a title is 1 to 200 characters")
        if not criterion.description.strip() or len(criterion.description) > MAX_DESCRIPTION:
            raise ProposalInvalidError("a description is 1 to 2000 characters")
        if "\x00" in criterion.title + criterion.description:
            raise ProposalInvalidError("text holds a NUL character")
    if opens_at.tzinfo is None or closes_at.tzinfo is None:
        raise ProposalInvalidError("opening and closing moments carry a time zone")
    if not opens_at < closes_at:
        raise ProposalInvalidError("a vote opens before it closes")
    if closes_at <= now:
        raise ProposalInvalidError("a vote closes in the future")


def notification_key(vote_id: UUID) -> str:
    """One invitation mail per teacher and vote (notifications dedupes on it)."""
    return f"vote-opened:{vote_id}"
