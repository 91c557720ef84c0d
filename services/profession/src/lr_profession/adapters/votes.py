"""Votes on proposed criteria sets, on PostgreSQL (docs/profession.md, "Votes").

A ballot writes two statements and nothing else: the roll entry (a keyed hash, no time) and one
update that rewrites all three counts of the tally, so the new row versions do not show which
choice grew. Nothing here logs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Row, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from lr_profession.adapters import tables
from lr_profession.domain.criteria import Criterion
from lr_profession.domain.panel import REGISTERED
from lr_profession.domain.votes import CHOICES, Choice, Tally, Vote, VoteState

_VOTES = tables.votes

_ROLL = text(
    "insert into vote_voters (vote_id, voter) values (:vote_id, :voter)"
    " on conflict do nothing returning 1"
)
# Every choice's row is rewritten (by 0 or 1): which one grew is not in the row versions'
# shape, and the three rows are locked in one statement in primary-key order.
_COUNT = text(
    "update vote_tally set count = count + (choice = :choice)::int where vote_id = :vote_id"
)


class SqlVotes:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _exec(self, sql: str, **params: Any) -> Any:
        return await self._session.execute(text(sql), params)

    async def next_version(self) -> int:
        await self._exec("select pg_advisory_xact_lock(hashtext('lr_profession.criteria_sets'))")
        value = (
            await self._exec("select coalesce(max(version), 0) + 1 from criteria_sets")
        ).scalar()
        return int(value)

    async def add(self, vote: Vote) -> None:
        await self._exec(
            "insert into criteria_sets (version, in_force_from, created_at)"
            " values (:version, null, :now)",
            version=vote.proposal_version,
            now=vote.created_at,
        )
        await self._session.execute(
            text(
                "insert into criteria (version, code, position, title, description)"
                " values (:version, :code, :position, :title, :description)"
            ),
            [
                {
                    "version": vote.proposal_version,
                    "code": c.code,
                    "position": i,
                    "title": c.title,
                    "description": c.description,
                }
                for i, c in enumerate(vote.criteria, start=1)
            ],
        )
        await self._exec(
            "insert into votes (id, proposal_version, state, opens_at, closes_at, created_at)"
            " values (:id, :version, :state, :opens_at, :closes_at, :now)",
            id=vote.id,
            version=vote.proposal_version,
            state=VoteState.SCHEDULED.value,
            opens_at=vote.opens_at,
            closes_at=vote.closes_at,
            now=vote.created_at,
        )
        await self._session.execute(
            text("insert into vote_tally (vote_id, choice, count) values (:vote_id, :choice, 0)"),
            [{"vote_id": vote.id, "choice": c.value} for c in CHOICES],
        )

    async def _vote(self, row: Row[Any]) -> Vote:
        criteria = await self._exec(
            "select code, title, description from criteria where version = :version"
            " order by position",
            version=row.proposal_version,
        )
        state = VoteState(row.state)
        tally = await self.tally(row.id) if state is VoteState.CLOSED else None
        return Vote(
            id=row.id,
            proposal_version=row.proposal_version,
            criteria=tuple(Criterion(r.code, r.title, r.description) for r in criteria),
            state=state,
            opens_at=row.opens_at,
            closes_at=row.closes_at,
            created_at=row.created_at,
            opened_at=row.opened_at,
            closed_at=row.closed_at,
            adopted=row.adopted,
            tally=tally,
        )

    async def get(self, vote_id: UUID, *, lock: bool = False) -> Vote | None:
        statement = select(_VOTES).where(_VOTES.c.id == vote_id)
        if lock:
            statement = statement.with_for_update(read=True)
        row = (await self._session.execute(statement)).first()
        return await self._vote(row) if row else None

    async def all(self) -> list[Vote]:
        rows = await self._session.execute(
            select(_VOTES).order_by(_VOTES.c.opens_at.desc(), _VOTES.c.id)
        )
        return [await self._vote(row) for row in rows.all()]

    async def open_ones(self, now: datetime) -> list[Vote]:
        rows = await self._session.execute(
            select(_VOTES)
            .where(
                _VOTES.c.state == VoteState.OPEN.value,
                _VOTES.c.opens_at <= now,
                _VOTES.c.closes_at > now,
            )
            .order_by(_VOTES.c.closes_at, _VOTES.c.id)
        )
        return [await self._vote(row) for row in rows.all()]

    async def voted(self, vote_ids: Sequence[UUID], voter: Callable[[UUID], bytes]) -> set[UUID]:
        if not vote_ids:
            return set()
        rows = await self._exec(
            "select vote_id from vote_voters where (vote_id, voter) in"
            " (select * from unnest(cast(:ids as uuid[]), cast(:marks as bytea[])))",
            ids=list(vote_ids),
            marks=[voter(v) for v in vote_ids],
        )
        return {row[0] for row in rows}

    async def strike(self, entries: Sequence[tuple[UUID, bytes]]) -> None:
        if entries:
            await self._exec(
                "delete from vote_voters where (vote_id, voter) in"
                " (select * from unnest(cast(:ids as uuid[]), cast(:marks as bytea[])))",
                ids=[vote_id for vote_id, _ in entries],
                marks=[mark for _, mark in entries],
            )

    async def cast(self, vote_id: UUID, voter: bytes, choice: Choice) -> bool:
        inserted = (
            await self._session.execute(_ROLL, {"vote_id": vote_id, "voter": voter})
        ).first()
        if inserted is None:
            return False
        result = await self._session.execute(_COUNT, {"vote_id": vote_id, "choice": choice.value})
        if result.rowcount != len(CHOICES):  # type: ignore[attr-defined]
            raise RuntimeError("a vote's tally has one row per choice")
        return True

    async def tally(self, vote_id: UUID) -> Tally:
        rows = await self._exec(
            "select choice, count from vote_tally where vote_id = :id", id=vote_id
        )
        counts = {row.choice: row.count for row in rows}
        return Tally(
            votes_for=counts.get(Choice.FOR.value, 0),
            votes_against=counts.get(Choice.AGAINST.value, 0),
            abstentions=counts.get(Choice.ABSTAIN.value, 0),
        )

    async def next_to_open(self, now: datetime) -> Vote | None:
        # Not `skip locked`: a replica that waits re-reads the state under the lock and finds
        # the vote opened by the other.
        row = (
            await self._session.execute(
                select(_VOTES)
                .where(_VOTES.c.state == VoteState.SCHEDULED.value, _VOTES.c.opens_at <= now)
                .order_by(_VOTES.c.opens_at, _VOTES.c.id)
                .limit(1)
                .with_for_update()
            )
        ).first()
        return await self._vote(row) if row else None

    async def next_to_close(self, now: datetime) -> Vote | None:
        # `for update` waits for the ballots under way (they hold the row `for share`), so the
        # tally read after it is final; ballots after it find the vote closed.
        row = (
            await self._session.execute(
                select(_VOTES)
                .where(_VOTES.c.state == VoteState.OPEN.value, _VOTES.c.closes_at <= now)
                .order_by(_VOTES.c.closes_at, _VOTES.c.id)
                .limit(1)
                .with_for_update()
            )
        ).first()
        return await self._vote(row) if row else None

    async def mark_open(self, vote_id: UUID, now: datetime) -> None:
        await self._exec(
            "update votes set state = 'open', opened_at = :now where id = :id", id=vote_id, now=now
        )
        await self._exec(
            "insert into vote_invitations (vote_id) values (:id) on conflict do nothing",
            id=vote_id,
        )

    async def close(
        self, vote_id: UUID, now: datetime, adopted: bool, proposal_version: int
    ) -> None:
        await self._exec(
            "update votes set state = 'closed', closed_at = :now, adopted = :adopted"
            " where id = :id",
            id=vote_id,
            now=now,
            adopted=adopted,
        )
        # Invitations not sent by now are not sent at all.
        await self._exec(
            "update vote_invitations set done = true, after = '' where vote_id = :id", id=vote_id
        )
        if adopted:
            await self._exec(
                "update criteria_sets set in_force_from = :now where version = :version",
                now=now,
                version=proposal_version,
            )

    async def next_invitations(self) -> tuple[UUID, str] | None:
        row = (
            await self._exec(
                "select i.vote_id, i.after from vote_invitations i join votes v on v.id = i.vote_id"
                " where not i.done and v.state = 'open' order by i.vote_id limit 1"
                " for update of i skip locked"
            )
        ).first()
        return (row.vote_id, row.after) if row else None

    async def invitation_batch(self, after: str, limit: int) -> list[str]:
        rows = await self._exec(
            "select registration_number from registrations where state = :registered"
            " and registration_number > :after order by registration_number limit :limit",
            registered=REGISTERED,
            after=after,
            limit=limit,
        )
        return [row[0] for row in rows]

    async def invited(self, vote_id: UUID, last: str | None, count: int) -> None:
        await self._exec(
            "update vote_invitations set after = coalesce(:last, ''), sent = sent + :count,"
            " done = (cast(:last as text) is null) where vote_id = :id",
            id=vote_id,
            last=last,
            count=count,
        )
