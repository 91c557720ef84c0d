"""The profession's repositories on the unit of work's session (SQLAlchemy Core).

Volumes are small (offers, reviews: thousands a year), so plain statements; the row locks are
what matters: `for update skip locked` on the requests a replica fills and on the teachers it
assigns, so two replicas never give one request two panels or one teacher more than the cap.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import Row, delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from lr_profession.adapters import tables
from lr_profession.application.ports import DecisionRecord
from lr_profession.domain.assignment import Candidate, PanelNeed
from lr_profession.domain.criteria import CriteriaSet, Criterion, Score
from lr_profession.domain.offers import AccreditationRequest, Offer, Provider, RequestState
from lr_profession.domain.panel import REGISTERED, Membership, Registration
from lr_profession.domain.reviews import Review, ReviewState, WithdrawalReason, Withdrawn


class SqlRegistrations:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, registration_number: str) -> Registration | None:
        table = tables.registrations
        row = (
            await self._session.execute(
                select(table).where(table.c.registration_number == registration_number)
            )
        ).first()
        if row is None:
            return None
        return Registration(
            row.registration_number, row.state, tuple(row.sectors), frozenset(row.boards)
        )

    async def upsert(self, registrations: Sequence[Registration], now: datetime) -> None:
        if not registrations:
            return
        statement = insert(tables.registrations)
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=["registration_number"],
                set_={
                    k: statement.excluded[k] for k in ("state", "sectors", "boards", "updated_at")
                },
            ),
            [
                {
                    "registration_number": r.registration_number,
                    "state": r.state,
                    "sectors": list(r.sectors),
                    "boards": sorted(r.boards),
                    "updated_at": now,
                }
                for r in registrations
            ],
        )

    async def delete(self, registration_numbers: Sequence[str]) -> None:
        if registration_numbers:
            table = tables.registrations
            await self._session.execute(
                delete(table).where(table.c.registration_number.in_(list(registration_numbers)))
            )


def _membership(row: Row[Any]) -> Membership:
    return Membership(
        row.registration_number, row.sector, tuple(row.subjects), row.open_reviews, row.opted_in_at
    )


_CANDIDATES = text(
    """
    select m.registration_number, m.sector, m.open_reviews, r.boards, r.state
    from panel_members m
    join registrations r using (registration_number)
    where r.state = :registered
      and m.sector = any(cast(:sectors as text[]))
      and m.open_reviews < :cap
      and not (cast(:board as text) is not null and cast(:board as text) = any(r.boards))
      and not exists (
          select from reviews v
          where v.request_id = :request_id and v.registration_number = m.registration_number
      )
    order by m.open_reviews, random()
    limit :limit
    """
)

_LOCK_BELOW_CAP = text(
    """
    select registration_number from panel_members
    where registration_number = any(cast(:numbers as text[])) and open_reviews < :cap
    order by registration_number
    for update skip locked
    """
)


class SqlPanelMembers:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, registration_number: str) -> Membership | None:
        table = tables.panel_members
        row = (
            await self._session.execute(
                select(table).where(table.c.registration_number == registration_number)
            )
        ).first()
        return _membership(row) if row else None

    async def put(
        self, registration_number: str, sector: str, subjects: Sequence[str], now: datetime
    ) -> Membership:
        statement = insert(tables.panel_members).values(
            registration_number=registration_number,
            sector=sector,
            subjects=list(subjects),
            opted_in_at=now,
        )
        row = (
            await self._session.execute(
                statement.on_conflict_do_update(
                    index_elements=["registration_number"],
                    set_={
                        "sector": statement.excluded.sector,
                        "subjects": statement.excluded.subjects,
                    },
                ).returning(*tables.panel_members.c)
            )
        ).one()
        return _membership(row)

    async def delete(self, registration_numbers: Sequence[str]) -> list[str]:
        if not registration_numbers:
            return []
        table = tables.panel_members
        result = await self._session.execute(
            delete(table)
            .where(table.c.registration_number.in_(list(registration_numbers)))
            .returning(table.c.registration_number)
        )
        return [row[0] for row in result]

    async def candidates(
        self, need: PanelNeed, request_id: UUID, cap: int, limit: int
    ) -> list[Candidate]:
        rows = await self._session.execute(
            _CANDIDATES,
            {
                "registered": REGISTERED,
                "sectors": sorted(need.sectors),
                "cap": cap,
                "board": need.provider_board,
                "request_id": request_id,
                "limit": limit,
            },
        )
        return [
            Candidate(
                row.registration_number,
                row.sector,
                frozenset(row.boards),
                row.open_reviews,
                registered=row.state == REGISTERED,
            )
            for row in rows
        ]

    async def lock_below_cap(self, registration_numbers: Sequence[str], cap: int) -> list[str]:
        if not registration_numbers:
            return []
        rows = await self._session.execute(
            _LOCK_BELOW_CAP, {"numbers": list(registration_numbers), "cap": cap}
        )
        return [row[0] for row in rows]

    async def add_open(self, registration_numbers: Sequence[str], delta: int) -> None:
        numbers = [n for n in registration_numbers if n is not None]
        if not numbers:
            return
        table = tables.panel_members
        # One statement per distinct count: a teacher may lose two reviews at once.
        counts: dict[str, int] = {}
        for number in numbers:
            counts[number] = counts.get(number, 0) + delta
        for number, change in sorted(counts.items()):
            await self._session.execute(
                update(table)
                .where(table.c.registration_number == number)
                .values(open_reviews=func.greatest(table.c.open_reviews + change, 0))
            )


class SqlCriteria:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def in_force(self, now: datetime) -> CriteriaSet:
        table = tables.criteria_sets
        # The set that came into force last (an adopted vote's proposal from its closing
        # moment); proposed sets (no `in_force_from`) never.
        version = await self._session.scalar(
            select(table.c.version)
            .where(table.c.in_force_from <= now)
            .order_by(table.c.in_force_from.desc(), table.c.version.desc())
            .limit(1)
        )
        if version is None:
            raise RuntimeError("no criteria set is in force (migration 0002 seeds version 1)")
        found = await self.get(int(version))
        assert found is not None
        return found

    async def get(self, version: int) -> CriteriaSet | None:
        sets, items = tables.criteria_sets, tables.criteria
        head = (await self._session.execute(select(sets).where(sets.c.version == version))).first()
        if head is None or head.in_force_from is None:
            return None
        rows = await self._session.execute(
            select(items).where(items.c.version == version).order_by(items.c.position)
        )
        return CriteriaSet(
            version,
            head.in_force_from,
            tuple(Criterion(r.code, r.title, r.description) for r in rows),
        )


def _request(row: Row[Any]) -> AccreditationRequest:
    return AccreditationRequest(
        id=row.id,
        provider=Provider(row.provider_id, row.provider_name, row.provider_board),
        offer=Offer(
            offer_reference=row.offer_reference,
            title=row.title,
            description=row.description,
            type=row.type,
            subtype=row.subtype,
            sectors=tuple(row.sectors),
            planned_hours=row.planned_hours,
            core=row.core,
            start_date=row.start_date,
            end_date=row.end_date,
            on_demand=row.on_demand,
            reaccreditation_of=row.reaccreditation_of,
        ),
        state=RequestState(row.state),
        round=row.round,
        submitted_at=row.submitted_at,
        decided_at=row.decided_at,
        register_hours=row.register_hours,
        criteria_version=row.criteria_version,
        activity_code=row.activity_code,
    )


class SqlRequests:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, request: AccreditationRequest, fingerprint: str) -> bool:
        offer, provider = request.offer, request.provider
        statement = (
            insert(tables.accreditation_requests)
            .values(
                id=request.id,
                provider_id=provider.provider_id,
                provider_name=provider.name,
                provider_board=provider.bevoegd_gezag,
                offer_reference=offer.offer_reference,
                fingerprint=fingerprint,
                title=offer.title,
                description=offer.description,
                type=offer.type,
                subtype=offer.subtype,
                sectors=list(offer.sectors),
                planned_hours=offer.planned_hours,
                core=offer.core,
                start_date=offer.start_date,
                end_date=offer.end_date,
                on_demand=offer.on_demand,
                reaccreditation_of=offer.reaccreditation_of,
                state=request.state.value,
                round=request.round,
                submitted_at=request.submitted_at,
                updated_at=request.submitted_at,
            )
            .on_conflict_do_nothing(constraint="accreditation_requests_reference")
            .returning(tables.accreditation_requests.c.id)
        )
        return (await self._session.execute(statement)).first() is not None

    async def by_reference(
        self, provider_id: str, offer_reference: str
    ) -> tuple[AccreditationRequest, str] | None:
        table = tables.accreditation_requests
        row = (
            await self._session.execute(
                select(table).where(
                    table.c.provider_id == provider_id, table.c.offer_reference == offer_reference
                )
            )
        ).first()
        return (_request(row), row.fingerprint) if row else None

    async def get(
        self, request_id: UUID, *, provider_id: str | None = None, lock: bool = False
    ) -> AccreditationRequest | None:
        table = tables.accreditation_requests
        query = select(table).where(table.c.id == request_id)
        if provider_id is not None:
            query = query.where(table.c.provider_id == provider_id)
        if lock:
            query = query.with_for_update()
        row = (await self._session.execute(query)).first()
        return _request(row) if row else None

    async def of_provider(
        self, provider_id: str, offset: int, limit: int
    ) -> list[AccreditationRequest]:
        table = tables.accreditation_requests
        rows = await self._session.execute(
            select(table)
            .where(table.c.provider_id == provider_id)
            .order_by(table.c.submitted_at.desc(), table.c.id)
            .offset(offset)
            .limit(limit)
        )
        return [_request(row) for row in rows]

    async def next_awaiting_panel(
        self, skip: Sequence[UUID], only: Sequence[UUID] | None
    ) -> AccreditationRequest | None:
        table = tables.accreditation_requests
        query = select(table).where(table.c.state == RequestState.AWAITING_PANEL.value)
        if skip:
            query = query.where(table.c.id.not_in(list(skip)))
        if only is not None:
            query = query.where(table.c.id.in_(list(only)))
        query = query.order_by(table.c.updated_at).limit(1).with_for_update(skip_locked=True)
        row = (await self._session.execute(query)).first()
        return _request(row) if row else None

    async def set_state(
        self,
        request_ids: Sequence[UUID],
        state: RequestState,
        now: datetime,
        *,
        from_states: Sequence[RequestState],
        round: int | None = None,
    ) -> None:
        if not request_ids:
            return
        table = tables.accreditation_requests
        values: dict[str, Any] = {"state": state.value, "updated_at": now}
        if round is not None:
            values["round"] = round
        await self._session.execute(
            update(table)
            .where(
                table.c.id.in_(sorted(set(request_ids))),
                table.c.state.in_([s.value for s in from_states]),
            )
            .values(**values)
        )

    async def record_decision(
        self, request: AccreditationRequest, decision: DecisionRecord, activity_code: str | None
    ) -> None:
        await self._session.execute(
            insert(tables.decisions).values(
                request_id=request.id,
                round=decision.round,
                outcome="accepted" if decision.accepted else "rejected",
                register_hours=decision.register_hours,
                criteria_version=decision.criteria_version,
                decided_at=decision.decided_at,
            )
        )
        table = tables.accreditation_requests
        state = RequestState.ACCEPTED if decision.accepted else RequestState.REJECTED
        await self._session.execute(
            update(table)
            .where(table.c.id == request.id)
            .values(
                state=state.value,
                updated_at=decision.decided_at,
                decided_at=decision.decided_at,
                register_hours=decision.register_hours,
                criteria_version=decision.criteria_version,
                activity_code=activity_code,
            )
        )

    async def decisions(self, request_id: UUID) -> list[DecisionRecord]:
        table = tables.decisions
        rows = await self._session.execute(
            select(table).where(table.c.request_id == request_id).order_by(table.c.round)
        )
        return [
            DecisionRecord(
                r.round, r.outcome == "accepted", r.register_hours, r.criteria_version, r.decided_at
            )
            for r in rows
        ]

    async def next_activity_code(self) -> str:
        number = await self._session.scalar(select(tables.activity_codes.next_value()))
        return f"PR-{int(number or 0):07d}"

    async def accepted_code_of(self, provider_id: str, activity_code: str) -> bool:
        table = tables.accreditation_requests
        found = await self._session.scalar(
            select(table.c.id).where(
                table.c.activity_code == activity_code,
                table.c.provider_id == provider_id,
                table.c.state == RequestState.ACCEPTED.value,
            )
        )
        return found is not None


def _scores(value: Any) -> tuple[Score, ...]:
    if not value:
        return ()
    items = json.loads(value) if isinstance(value, str) else value
    return tuple(Score(i["criterion"], int(i["score"]), i["reason"]) for i in items)


def _review(row: Row[Any]) -> Review:
    return Review(
        id=row.id,
        request_id=row.request_id,
        round=row.round,
        registration_number=row.registration_number,
        state=ReviewState(row.state),
        criteria_version=row.criteria_version,
        assigned_at=row.assigned_at,
        submitted_at=row.submitted_at,
        withdrawn_reason=row.withdrawn_reason,
        approve=None if row.verdict is None else row.verdict == "approve",
        proposed_hours=row.proposed_hours,
        scores=_scores(row.scores),
    )


class SqlReviews:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def assign(
        self,
        request_id: UUID,
        round: int,
        registration_numbers: Sequence[str],
        criteria_version: int,
        now: datetime,
    ) -> None:
        if not registration_numbers:
            return
        await self._session.execute(
            insert(tables.reviews),
            [
                {
                    "id": uuid4(),
                    "request_id": request_id,
                    "round": round,
                    "registration_number": number,
                    "state": ReviewState.OPEN.value,
                    "criteria_version": criteria_version,
                    "assigned_at": now,
                }
                for number in registration_numbers
            ],
        )

    async def previous_reviewers(self, request_id: UUID) -> set[str]:
        table = tables.reviews
        rows = await self._session.execute(
            select(table.c.registration_number).where(
                table.c.request_id == request_id, table.c.registration_number.is_not(None)
            )
        )
        return {row[0] for row in rows}

    async def active(self, request_id: UUID, round: int) -> int:
        table = tables.reviews
        count = await self._session.scalar(
            select(func.count()).where(
                table.c.request_id == request_id,
                table.c.round == round,
                table.c.state.in_([ReviewState.OPEN.value, ReviewState.SUBMITTED.value]),
            )
        )
        return int(count or 0)

    async def of_reviewer(self, registration_number: str) -> list[Review]:
        table = tables.reviews
        rows = await self._session.execute(
            select(table)
            .where(table.c.registration_number == registration_number)
            .order_by(table.c.assigned_at.desc(), table.c.id)
        )
        return [_review(row) for row in rows]

    async def of_reviewer_one(
        self, registration_number: str, review_id: UUID, *, lock: bool = False
    ) -> Review | None:
        table = tables.reviews
        query = select(table).where(
            table.c.id == review_id, table.c.registration_number == registration_number
        )
        if lock:
            query = query.with_for_update()
        row = (await self._session.execute(query)).first()
        return _review(row) if row else None

    async def submit(
        self,
        review_id: UUID,
        scores: Sequence[Score],
        approve: bool,
        proposed_hours: Decimal | None,
        now: datetime,
    ) -> None:
        table = tables.reviews
        await self._session.execute(
            update(table)
            .where(table.c.id == review_id)
            .values(
                state=ReviewState.SUBMITTED.value,
                submitted_at=now,
                verdict="approve" if approve else "reject",
                proposed_hours=proposed_hours,
                scores=[
                    {"criterion": s.criterion, "score": s.score, "reason": s.reason} for s in scores
                ],
            )
        )

    async def submitted(self, request_id: UUID, round: int | None = None) -> list[Review]:
        table = tables.reviews
        query = select(table).where(
            table.c.request_id == request_id, table.c.state == ReviewState.SUBMITTED.value
        )
        if round is not None:
            query = query.where(table.c.round == round)
        # By id (random): the order says nothing about who reviewed, or when.
        rows = await self._session.execute(query.order_by(table.c.round, table.c.id))
        return [_review(row) for row in rows]

    async def _withdraw(self, condition: Any, reason: str, now: datetime) -> list[Withdrawn]:
        table = tables.reviews
        rows = await self._session.execute(
            update(table)
            .where(table.c.state == ReviewState.OPEN.value, condition)
            .values(state=ReviewState.WITHDRAWN.value, withdrawn_at=now, withdrawn_reason=reason)
            .returning(table.c.request_id, table.c.registration_number)
        )
        return [Withdrawn(row.request_id, row.registration_number) for row in rows]

    async def withdraw_stalled(self, before: datetime, now: datetime) -> list[Withdrawn]:
        return await self._withdraw(
            tables.reviews.c.assigned_at < before, WithdrawalReason.STALLED.value, now
        )

    async def withdraw_of(
        self, registration_numbers: Sequence[str], reason: WithdrawalReason, now: datetime
    ) -> list[Withdrawn]:
        if not registration_numbers:
            return []
        return await self._withdraw(
            tables.reviews.c.registration_number.in_(list(registration_numbers)), reason.value, now
        )

    async def withdraw_conflicts(
        self, registration_number: str, boards: Sequence[str], now: datetime
    ) -> list[Withdrawn]:
        if not boards:
            return []
        requests = tables.accreditation_requests
        conflicting = select(requests.c.id).where(requests.c.provider_board.in_(list(boards)))
        return await self._withdraw(
            (tables.reviews.c.registration_number == registration_number)
            & tables.reviews.c.request_id.in_(conflicting),
            WithdrawalReason.EMPLOYER_CONFLICT.value,
            now,
        )

    async def anonymize(self, registration_numbers: Sequence[str]) -> None:
        if registration_numbers:
            table = tables.reviews
            await self._session.execute(
                update(table)
                .where(table.c.registration_number.in_(list(registration_numbers)))
                .values(registration_number=None)
            )
