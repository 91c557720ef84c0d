"""Votes of the registered teachers on proposed criteria sets (docs/profession.md, "Votes").

- `propose`: the operator puts a full criteria set to the vote with its opening and closing
  moments (`lr profession vote open`).
- `sweep` (with the panel sweep): opens the votes whose moment has come (VoteOpenedV1), sends
  their invitations in batches that resume where a crash left them, and closes the votes past
  their closing moment (VoteClosedV1; an adopted set is in force from then on).
- `cast`: a registered teacher's ballot, once. The roll entry and the count are one transaction
  and nothing else is written or logged: neither the teacher nor the choice.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID, uuid4

from lr_profession.application.ports import UnitOfWork, UnitOfWorkFactory
from lr_profession.domain.criteria import Criterion
from lr_profession.domain.errors import InvalidInputError, NotFoundError, VoteRefusedError
from lr_profession.domain.votes import (
    Choice,
    ProposalInvalidError,
    Tally,
    Vote,
    VoteState,
    adopted,
    check_proposal,
    notification_key,
    voter_mark,
)
from lr_shared.cloudevents import CloudEvent, event_type, source
from lr_shared.contracts.profession import (
    CriterionV1,
    VoteClosedV1,
    VoteInvitationV1,
    VoteOpenedV1,
)
from lr_shared.outbox import OutboxMessage

log = logging.getLogger(__name__)

SERVICE = "profession"


@dataclass(frozen=True)
class VoteRules:
    votes_topic: str
    invitations_topic: str
    invitation_batch_size: int


@dataclass(frozen=True)
class VoteSweepResult:
    opened: int = 0
    invited: int = 0
    closed: int = 0


@dataclass(frozen=True)
class MyVote:
    vote: Vote
    voted: bool
    """From the roll: whether she cast a ballot, never what she chose."""


async def propose(
    uows: UnitOfWorkFactory,
    criteria: Sequence[Criterion],
    opens_at: datetime,
    closes_at: datetime,
    now: datetime,
) -> Vote:
    """A new vote on a proposed set (the next version, not in force). It opens at `opens_at`
    (at the next sweep; the CLI sweeps at once)."""
    try:
        check_proposal(criteria, opens_at, closes_at, now)
    except ProposalInvalidError as exc:
        raise InvalidInputError("criteria", "proposal_invalid", str(exc)) from None
    async with uows() as uow:
        vote = Vote(
            id=uuid4(),
            proposal_version=await uow.votes.next_version(),
            criteria=tuple(criteria),
            state=VoteState.SCHEDULED,
            opens_at=opens_at,
            closes_at=closes_at,
            created_at=now,
        )
        await uow.votes.add(vote)
        await uow.commit()
    log.info("vote proposed", extra={"vote_id": str(vote.id), "version": vote.proposal_version})
    return vote


async def all_votes(uows: UnitOfWorkFactory) -> list[Vote]:
    async with uows() as uow:
        return await uow.votes.all()


async def one(uows: UnitOfWorkFactory, vote_id: UUID) -> Vote:
    async with uows() as uow:
        vote = await uow.votes.get(vote_id)
    if vote is None:
        raise NotFoundError
    return vote


async def mine(
    uows: UnitOfWorkFactory, roll_key: bytes, registration_number: str, now: datetime
) -> tuple[list[MyVote], bool]:
    """The open votes, each with whether she voted; and whether she may vote (registered)."""
    async with uows() as uow:
        registration = await uow.registrations.get(registration_number)
        votes = await uow.votes.open_ones(now)
        voted = await uow.votes.voted(
            [v.id for v in votes],
            lambda vote_id: voter_mark(roll_key, vote_id, registration_number),
        )
    may_vote = registration is not None and registration.registered
    return [MyVote(v, v.id in voted) for v in votes], may_vote


async def cast(
    uows: UnitOfWorkFactory,
    roll_key: bytes,
    registration_number: str,
    vote_id: UUID,
    choice: Choice,
    now: datetime,
) -> None:
    """One ballot. Refused: an unknown vote (404), a teacher not registered, a vote not open,
    a second ballot (409). The roll entry and the count commit together or not at all."""
    async with uows() as uow:
        vote = await uow.votes.get(vote_id, lock=True)
        if vote is None:
            raise NotFoundError
        registration = await uow.registrations.get(registration_number)
        if registration is None or not registration.registered:
            raise VoteRefusedError("not-registered", "only a registered teacher may vote")
        if not vote.accepts_ballots(now):
            raise VoteRefusedError("vote-not-open", "this vote is not open")
        voter = voter_mark(roll_key, vote_id, registration_number)
        if not await uow.votes.cast(vote_id, voter, choice):
            raise VoteRefusedError("already-voted", "you have voted in this vote already")
        await uow.commit()


async def sweep(uows: UnitOfWorkFactory, rules: VoteRules, now: datetime) -> VoteSweepResult:
    """Close what is past its closing moment, open what is due, send the invitations."""
    closed = 0
    while await _close_next(uows, rules, now):
        closed += 1
    opened = 0
    while await _open_next(uows, rules, now):
        opened += 1
    invited = await send_invitations(uows, rules)
    return VoteSweepResult(opened=opened, invited=invited, closed=closed)


async def _open_next(uows: UnitOfWorkFactory, rules: VoteRules, now: datetime) -> bool:
    async with uows() as uow:
        vote = await uow.votes.next_to_open(now)
        if vote is None:
            return False
        await uow.votes.mark_open(vote.id, now)
        await uow.publish([_opened(rules.votes_topic, vote)])
        await uow.commit()
    log.info("vote opened", extra={"vote_id": str(vote.id), "version": vote.proposal_version})
    return True


async def _close_next(uows: UnitOfWorkFactory, rules: VoteRules, now: datetime) -> bool:
    async with uows() as uow:
        vote = await uow.votes.next_to_close(now)
        if vote is None:
            return False
        tally = await uow.votes.tally(vote.id)
        outcome = adopted(tally)
        await uow.votes.close(vote.id, now, outcome, vote.proposal_version)
        await uow.publish([_closed(rules.votes_topic, vote, tally, outcome, now)])
        await uow.commit()
    log.info(
        "vote closed",
        extra={"vote_id": str(vote.id), "turnout": tally.turnout, "adopted": outcome},
    )
    return True


async def send_invitations(uows: UnitOfWorkFactory, rules: VoteRules) -> int:
    """Invite every registered teacher of every open vote, one batch per transaction. The
    cursor (the last registration number invited) commits with its batch's messages, so a
    crash resumes after the last batch that committed: nobody is invited twice by the
    profession (notifications dedupes on the key as well) and nobody is left out."""
    sent = 0
    while True:
        async with uows() as uow:
            batch = await _invitation_batch(uow, rules)
            await uow.commit()
        if batch is None:
            return sent
        sent += batch


async def _invitation_batch(uow: UnitOfWork, rules: VoteRules) -> int | None:
    pending = await uow.votes.next_invitations()
    if pending is None:
        return None
    vote_id, after = pending
    vote = await uow.votes.get(vote_id)
    assert vote is not None
    numbers = await uow.votes.invitation_batch(after, rules.invitation_batch_size)
    await uow.publish([_invitation(rules.invitations_topic, vote, n) for n in numbers])
    done = len(numbers) < rules.invitation_batch_size
    await uow.votes.invited(vote_id, None if done else numbers[-1], len(numbers))
    return len(numbers)


def _criteria(vote: Vote) -> list[CriterionV1]:
    return [
        CriterionV1(code=c.code, title=c.title, description=c.description) for c in vote.criteria
    ]


def _opened(topic: str, vote: Vote) -> OutboxMessage:
    body = VoteOpenedV1(
        vote_id=vote.id,
        proposal_version=vote.proposal_version,
        criteria=_criteria(vote),
        opens_at=vote.opens_at,
        closes_at=vote.closes_at,
    )
    event = CloudEvent(
        type=event_type(SERVICE, "vote-opened"),
        source=source(SERVICE),
        subject=str(vote.id),
        data=body,
    )
    return OutboxMessage.event(topic, str(vote.id), event)


def _closed(topic: str, vote: Vote, tally: Tally, outcome: bool, now: datetime) -> OutboxMessage:
    body = VoteClosedV1(
        vote_id=vote.id,
        proposal_version=vote.proposal_version,
        criteria=_criteria(vote),
        opens_at=vote.opens_at,
        closes_at=vote.closes_at,
        votes_for=tally.votes_for,
        votes_against=tally.votes_against,
        abstentions=tally.abstentions,
        turnout=tally.turnout,
        adopted=outcome,
        closed_at=now,
        in_force_from=now if outcome else None,
    )
    event = CloudEvent(
        type=event_type(SERVICE, "vote-closed"),
        source=source(SERVICE),
        subject=str(vote.id),
        data=body,
    )
    return OutboxMessage.event(topic, str(vote.id), event)


def _invitation(topic: str, vote: Vote, registration_number: str) -> OutboxMessage:
    body = VoteInvitationV1(
        vote_id=vote.id,
        registration_number=registration_number,
        closes_at=vote.closes_at,
        notification_key=notification_key(vote.id),
    )
    event = CloudEvent(
        type=event_type(SERVICE, "vote-invitation"),
        source=source(SERVICE),
        subject=registration_number,
        data=body,
    )
    return OutboxMessage.event(topic, registration_number, event)
