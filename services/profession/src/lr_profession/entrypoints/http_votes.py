"""Votes on criteria sets: anyone reads them (the tally once closed); a registered teacher
casts her ballot, once. Nothing here logs, and the ballot's choice travels in the body only
(the path holds the vote id, no personal data)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from lr_profession.application import votes
from lr_profession.domain.votes import Choice, Vote, VoteState
from lr_profession.entrypoints.deps import ContainerDep, Teacher
from lr_profession.entrypoints.schemas import CriterionOut
from lr_shared.problems import problem_responses

public = APIRouter(prefix="/v1/votes", tags=["votes"], responses=problem_responses(503))
teacher = APIRouter(
    prefix="/v1/me/votes", tags=["votes"], responses=problem_responses(401, 422, 503)
)


class ResultOut(BaseModel):
    """The frozen tally of a closed vote. Adopted when `votes_for` > `votes_against`;
    abstentions count for turnout only."""

    votes_for: int
    votes_against: int
    abstentions: int
    turnout: int
    adopted: bool
    closed_at: datetime


class VoteOut(BaseModel):
    id: UUID
    state: VoteState = Field(description="scheduled, open or closed.")
    proposal_version: int = Field(description="The criteria set version proposed.")
    criteria: list[CriterionOut] = Field(description="The proposed set, in full.")
    opens_at: datetime
    closes_at: datetime
    result: ResultOut | None = Field(description="Only once the vote has closed.")

    @classmethod
    def of(cls, vote: Vote) -> VoteOut:
        result = None
        if vote.state is VoteState.CLOSED and vote.tally is not None:
            assert vote.closed_at is not None
            result = ResultOut(
                votes_for=vote.tally.votes_for,
                votes_against=vote.tally.votes_against,
                abstentions=vote.tally.abstentions,
                turnout=vote.tally.turnout,
                adopted=bool(vote.adopted),
                closed_at=vote.closed_at,
            )
        return cls(
            id=vote.id,
            state=vote.state,
            proposal_version=vote.proposal_version,
            criteria=[
                CriterionOut(code=c.code, title=c.title, description=c.description)
                for c in vote.criteria
            ],
            opens_at=vote.opens_at,
            closes_at=vote.closes_at,
            result=result,
        )


class Votes(BaseModel):
    items: list[VoteOut] = Field(description="Scheduled, open and closed, newest first.")


class MyVoteOut(BaseModel):
    vote: VoteOut
    voted: bool = Field(description="Whether you cast a ballot (never what you chose).")


class MyVotes(BaseModel):
    may_vote: bool = Field(description="Only a registered teacher may vote.")
    items: list[MyVoteOut] = Field(description="The open votes.")


class BallotIn(BaseModel):
    choice: Literal["for", "against", "abstain"]


class BallotOut(BaseModel):
    vote_id: UUID
    voted: Literal[True] = True


@public.get("")
async def list_votes(container: ContainerDep) -> Votes:
    """Every vote on a criteria set, with its proposal; the tally once it has closed."""
    return Votes(items=[VoteOut.of(v) for v in await votes.all_votes(container.uow)])


@public.get("/{vote_id}", responses=problem_responses(404))
async def get_vote(vote_id: UUID, container: ContainerDep) -> VoteOut:
    """One vote."""
    return VoteOut.of(await votes.one(container.uow, vote_id))


@teacher.get("")
async def my_votes(principal: Teacher, container: ContainerDep) -> MyVotes:
    """The open votes, and whether you voted in each."""
    found, may_vote = await votes.mine(
        container.uow, container.roll_key, principal.subject, container.clock()
    )
    return MyVotes(
        may_vote=may_vote, items=[MyVoteOut(vote=VoteOut.of(m.vote), voted=m.voted) for m in found]
    )


@teacher.post(
    "/{vote_id}/ballot",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(
        404,
        409,
        _409="`code`: `already-voted`, `vote-not-open` or `not-registered`.",
    ),
)
async def cast_ballot(
    vote_id: UUID, body: BallotIn, principal: Teacher, container: ContainerDep
) -> BallotOut:
    """Cast your ballot: for, against or abstain. Once: a second ballot is refused. The ballot
    is secret: the register keeps that you voted, not what, and nothing links the two."""
    await votes.cast(
        container.uow,
        container.roll_key,
        principal.subject,
        vote_id,
        Choice(body.choice),
        container.clock(),
    )
    return BallotOut(vote_id=vote_id)
