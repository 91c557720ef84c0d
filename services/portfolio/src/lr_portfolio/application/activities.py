"""The teacher's own activities: create, read, update, delete, and their evidence.

Every use case names the owner; an activity of someone else is `NotFoundError`, exactly like one
that does not exist.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from lr_portfolio.application.ports import Clock, Metrics, UnitOfWork, UnitOfWorkFactory
from lr_portfolio.application.progress import Deltas, ProgressContext, record
from lr_portfolio.domain import evidence as evidence_rules
from lr_portfolio.domain.activities import Activity, ActivityDraft, Evidence, validate
from lr_portfolio.domain.errors import NotEditableError, NotFoundError
from lr_portfolio.domain.progress import Hours, add_deltas
from lr_portfolio.domain.registrations import Registration


@dataclass(frozen=True)
class ActivityService:
    uows: UnitOfWorkFactory
    clock: Clock
    progress: ProgressContext
    metrics: Metrics
    evidence_max_bytes: int

    async def create(self, owner: str, draft: ActivityDraft) -> Activity:
        now = self.clock.now()
        validate(draft, now.date())
        activity = Activity(uuid.uuid4(), owner, draft, "teacher", now, now)
        async with self.uows() as uow:
            await uow.activities.add(activity)
            registration = await _registration(uow, owner)
            deltas: Deltas = {}
            _count(deltas, registration, activity, +1)
            await record(uow, deltas, now, self.progress)
            await uow.commit()
        self.metrics.activities_created("teacher")
        return activity

    async def of_teacher(self, owner: str) -> list[Activity]:
        async with self.uows() as uow:
            return await uow.activities.of_teacher(owner)

    async def get(self, owner: str, activity_id: uuid.UUID) -> Activity:
        async with self.uows() as uow:
            return await _owned(uow, owner, activity_id)

    async def update(self, owner: str, activity_id: uuid.UUID, draft: ActivityDraft) -> Activity:
        now = self.clock.now()
        validate(draft, now.date())
        async with self.uows() as uow:
            old = await _editable(uow, owner, activity_id)
            new = replace(old, draft=draft, updated_at=now)
            await uow.activities.replace(new)
            registration = await _registration(uow, owner)
            deltas: Deltas = {}
            _count(deltas, registration, old, -1)
            _count(deltas, registration, new, +1)
            await record(uow, deltas, now, self.progress)
            await uow.commit()
        return new

    async def delete(self, owner: str, activity_id: uuid.UUID) -> None:
        now = self.clock.now()
        async with self.uows() as uow:
            old = await _editable(uow, owner, activity_id)
            await uow.activities.delete(owner, activity_id)
            registration = await _registration(uow, owner)
            deltas: Deltas = {}
            _count(deltas, registration, old, -1)
            await record(uow, deltas, now, self.progress)
            await uow.commit()

    async def put_evidence(
        self, owner: str, activity_id: uuid.UUID, filename: str, content: bytes
    ) -> Evidence:
        meta = evidence_rules.check(filename, content, self.evidence_max_bytes)
        async with self.uows() as uow:
            await _editable(uow, owner, activity_id)
            await uow.activities.put_evidence(activity_id, meta, content)
            await uow.commit()
        return meta

    async def get_evidence(self, owner: str, activity_id: uuid.UUID) -> tuple[Evidence, bytes]:
        async with self.uows() as uow:
            await _owned(uow, owner, activity_id)
            found = await uow.activities.get_evidence(activity_id)
        if found is None:
            raise NotFoundError("evidence")
        return found

    async def delete_evidence(self, owner: str, activity_id: uuid.UUID) -> None:
        async with self.uows() as uow:
            activity = await _editable(uow, owner, activity_id)
            if activity.evidence is None:
                raise NotFoundError("evidence")
            await uow.activities.delete_evidence(activity_id)
            await uow.commit()


async def _owned(uow: UnitOfWork, owner: str, activity_id: uuid.UUID) -> Activity:
    activity = await uow.activities.get(owner, activity_id)
    if activity is None:
        raise NotFoundError("activity")
    return activity


async def _editable(uow: UnitOfWork, owner: str, activity_id: uuid.UUID) -> Activity:
    activity = await _owned(uow, owner, activity_id)
    if not activity.editable:
        raise NotEditableError("validated by its provider")
    return activity


async def _registration(uow: UnitOfWork, owner: str) -> Registration | None:
    return (await uow.registrations.get_many([owner])).get(owner)


def _count(
    deltas: Deltas, registration: Registration | None, activity: Activity, sign: int
) -> None:
    """Add (or with sign -1 take away) an activity's hours in the period it counts in. Without a
    known period nothing counts yet: the period's arrival recomputes everything."""
    if registration is None or registration.period is None:
        return
    period = registration.period.containing(activity.draft.counting_date)
    hours = Hours.of(activity.draft.hours, activity.draft.core)
    add_deltas(deltas, activity.registration_number, period, hours if sign > 0 else -hours)
