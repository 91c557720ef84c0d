"""The ports the handlers need; adapters/ implements them on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol
from uuid import UUID

from lr_profession.domain.assignment import Candidate, PanelNeed
from lr_profession.domain.criteria import CriteriaSet, Score
from lr_profession.domain.feedback import ActivityFeedback
from lr_profession.domain.offers import AccreditationRequest, RequestState
from lr_profession.domain.panel import Membership, Registration
from lr_profession.domain.reviews import Review, WithdrawalReason, Withdrawn
from lr_profession.domain.votes import Choice, Tally, Vote
from lr_shared.outbox import OutboxMessage
from lr_shared.ports import Transaction

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class DecisionRecord:
    round: int
    accepted: bool
    register_hours: Decimal | None
    criteria_version: int
    decided_at: datetime


class Registrations(Protocol):
    async def get(self, registration_number: str) -> Registration | None: ...
    async def upsert(self, registrations: Sequence[Registration], now: datetime) -> None: ...
    async def delete(self, registration_numbers: Sequence[str]) -> None: ...


class PanelMembers(Protocol):
    async def get(self, registration_number: str) -> Membership | None: ...
    async def put(
        self, registration_number: str, sector: str, subjects: Sequence[str], now: datetime
    ) -> Membership: ...
    async def delete(self, registration_numbers: Sequence[str]) -> list[str]:
        """End these memberships; return those that existed."""
        ...

    async def candidates(
        self, need: PanelNeed, request_id: UUID, cap: int, limit: int
    ) -> list[Candidate]:
        """Opted-in teachers who may review the request, fewest open reviews first (not
        locked: the caller locks those it chooses)."""
        ...

    async def lock_below_cap(self, registration_numbers: Sequence[str], cap: int) -> list[str]:
        """Lock the members still below the cap, skipping those another transaction holds."""
        ...

    async def add_open(self, registration_numbers: Sequence[str], delta: int) -> None: ...


class Criteria(Protocol):
    async def in_force(self, now: datetime) -> CriteriaSet: ...
    async def get(self, version: int) -> CriteriaSet | None: ...


class Requests(Protocol):
    async def add(self, request: AccreditationRequest, fingerprint: str) -> bool:
        """Insert; False when the provider used the offer reference already."""
        ...

    async def by_reference(
        self, provider_id: str, offer_reference: str
    ) -> tuple[AccreditationRequest, str] | None:
        """The request and its fingerprint."""
        ...

    async def get(
        self, request_id: UUID, *, provider_id: str | None = None, lock: bool = False
    ) -> AccreditationRequest | None: ...
    async def of_provider(
        self, provider_id: str, offset: int, limit: int
    ) -> list[AccreditationRequest]: ...
    async def next_awaiting_panel(
        self, skip: Sequence[UUID], only: Sequence[UUID] | None
    ) -> AccreditationRequest | None:
        """A request waiting for reviewers, locked; one another replica holds is skipped."""
        ...

    async def set_state(
        self,
        request_ids: Sequence[UUID],
        state: RequestState,
        now: datetime,
        *,
        from_states: Sequence[RequestState],
        round: int | None = None,
    ) -> None: ...
    async def record_decision(
        self, request: AccreditationRequest, decision: DecisionRecord, activity_code: str | None
    ) -> None: ...
    async def decisions(self, request_id: UUID) -> list[DecisionRecord]: ...
    async def next_activity_code(self) -> str: ...
    async def accepted_code_of(self, provider_id: str, activity_code: str) -> bool:
        """Whether this provider's request was accepted with this activity code."""
        ...


class Reviews(Protocol):
    async def assign(
        self,
        request_id: UUID,
        round: int,
        registration_numbers: Sequence[str],
        criteria_version: int,
        now: datetime,
    ) -> None: ...
    async def previous_reviewers(self, request_id: UUID) -> set[str]: ...
    async def active(self, request_id: UUID, round: int) -> int:
        """Open and submitted reviews of the round: the panel as it stands."""
        ...

    async def of_reviewer(self, registration_number: str) -> list[Review]: ...
    async def of_reviewer_one(
        self, registration_number: str, review_id: UUID, *, lock: bool = False
    ) -> Review | None: ...
    async def submit(
        self,
        review_id: UUID,
        scores: Sequence[Score],
        approve: bool,
        proposed_hours: Decimal | None,
        now: datetime,
    ) -> None: ...
    async def submitted(self, request_id: UUID, round: int | None = None) -> list[Review]: ...
    async def withdraw_stalled(self, before: datetime, now: datetime) -> list[Withdrawn]: ...
    async def withdraw_of(
        self, registration_numbers: Sequence[str], reason: WithdrawalReason, now: datetime
    ) -> list[Withdrawn]: ...
    async def withdraw_conflicts(
        self, registration_number: str, boards: Sequence[str], now: datetime
    ) -> list[Withdrawn]:
        """Her open reviews of requests whose provider is one of these boards."""
        ...

    async def anonymize(self, registration_numbers: Sequence[str]) -> None: ...


class Votes(Protocol):
    """Votes on proposed criteria sets. The roll and the tally are written only by `cast`,
    in the caller's transaction; nothing else records a ballot."""

    async def add(self, vote: Vote) -> None:
        """Insert the vote, its proposed criteria set (not in force) and its zero tally."""
        ...

    async def next_version(self) -> int:
        """The version a new proposed set gets (locks the criteria sets against a second
        proposal taking the same number at once)."""
        ...

    async def get(self, vote_id: UUID, *, lock: bool = False) -> Vote | None:
        """The vote with its proposal; its tally once closed. `lock`: for share, so a close
        waits until the ballots under way are in."""
        ...

    async def all(self) -> list[Vote]: ...
    async def open_ones(self, now: datetime) -> list[Vote]: ...
    async def voted(self, vote_ids: Sequence[UUID], voter: Callable[[UUID], bytes]) -> set[UUID]:
        """Which of these votes have the roll entry `voter(vote_id)`."""
        ...

    async def strike(self, entries: Sequence[tuple[UUID, bytes]]) -> None:
        """Remove these (vote id, roll entry) pairs from the roll (an erasure); the tally,
        which names nobody, stays."""
        ...

    async def cast(self, vote_id: UUID, voter: bytes, choice: Choice) -> bool:
        """Put the voter on the roll and count the choice; False (nothing written) when the
        voter is on the roll already."""
        ...

    async def next_to_open(self, now: datetime) -> Vote | None:
        """A scheduled vote whose opening moment has come, locked (skip locked)."""
        ...

    async def next_to_close(self, now: datetime) -> Vote | None:
        """An open vote past its closing moment, locked (skip locked)."""
        ...

    async def mark_open(self, vote_id: UUID, now: datetime) -> None:
        """State open, and its invitations start at the first registration number."""
        ...

    async def close(
        self, vote_id: UUID, now: datetime, adopted: bool, proposal_version: int
    ) -> None:
        """State closed; an adopted proposal is in force from `now`."""
        ...

    async def tally(self, vote_id: UUID) -> Tally: ...
    async def next_invitations(self) -> tuple[UUID, str] | None:
        """A vote with invitations still to send and the registration number it got to,
        locked (skip locked)."""
        ...

    async def invitation_batch(self, after: str, limit: int) -> list[str]:
        """Registered teachers after this registration number, in order."""
        ...

    async def invited(self, vote_id: UUID, last: str | None, count: int) -> None:
        """Move the cursor to `last`; None: every teacher was invited (the cursor emptied)."""
        ...


class Feedback(Protocol):
    """The portfolio's anonymous feedback per activity code, as last received."""

    async def upsert(self, items: Sequence[ActivityFeedback]) -> None: ...
    async def get(self, activity_code: str) -> ActivityFeedback | None: ...


class UnitOfWork(Transaction, Protocol):
    """One transaction: rolls back unless committed."""

    @property
    def registrations(self) -> Registrations: ...
    @property
    def members(self) -> PanelMembers: ...
    @property
    def criteria(self) -> Criteria: ...
    @property
    def requests(self) -> Requests: ...
    @property
    def reviews(self) -> Reviews: ...
    @property
    def feedback(self) -> Feedback: ...
    @property
    def votes(self) -> Votes: ...

    async def claim(self, consumer: str, message_ids: Sequence[str]) -> set[str]: ...
    async def publish(self, messages: Sequence[OutboxMessage]) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...
