"""Activities and their evidence in PostgreSQL. Every query is scoped to the owner."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from lr_portfolio.adapters.tables import activities, evidence
from lr_portfolio.application.ports import AttendanceRow, CountingEntry
from lr_portfolio.domain.activities import (
    Activity,
    ActivityDraft,
    ActivitySubtype,
    ActivityType,
    Evidence,
)

_EVIDENCE_META = (
    evidence.c.filename,
    evidence.c.content_type,
    evidence.c.size,
    evidence.c.sha256,
)


class SqlActivities:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, activity: Activity) -> None:
        await self._session.execute(activities.insert().values(**_values(activity)))

    async def get(self, registration_number: str, activity_id: uuid.UUID) -> Activity | None:
        query = _select().where(
            activities.c.id == activity_id,
            activities.c.registration_number == registration_number,
        )
        row = (await self._session.execute(query)).first()
        return _activity(row) if row else None

    async def of_teacher(self, registration_number: str) -> list[Activity]:
        query = (
            _select()
            .where(activities.c.registration_number == registration_number)
            .order_by(func.coalesce(activities.c.end_date, activities.c.start_date).desc())
        )
        return [_activity(row) for row in await self._session.execute(query)]

    async def replace(self, activity: Activity) -> None:
        values = _values(activity)
        del values["id"], values["created_at"]
        await self._session.execute(
            update(activities)
            .where(
                activities.c.id == activity.id,
                activities.c.registration_number == activity.registration_number,
            )
            .values(**values)
        )

    async def delete(self, registration_number: str, activity_id: uuid.UUID) -> None:
        await self._session.execute(
            delete(activities).where(
                activities.c.id == activity_id,
                activities.c.registration_number == registration_number,
            )
        )

    async def put_evidence(self, activity_id: uuid.UUID, meta: Evidence, content: bytes) -> None:
        values = {
            "activity_id": activity_id,
            "filename": meta.filename,
            "content_type": meta.content_type,
            "size": meta.size,
            "sha256": meta.sha256,
            "content": content,
        }
        statement = insert(evidence).values(**values)
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=[evidence.c.activity_id],
                set_={k: statement.excluded[k] for k in values if k != "activity_id"},
            )
        )

    async def get_evidence(self, activity_id: uuid.UUID) -> tuple[Evidence, bytes] | None:
        query = select(*_EVIDENCE_META, evidence.c.content).where(
            evidence.c.activity_id == activity_id
        )
        row = (await self._session.execute(query)).first()
        if row is None:
            return None
        return Evidence(row.filename, row.content_type, row.size, row.sha256), bytes(row.content)

    async def delete_evidence(self, activity_id: uuid.UUID) -> None:
        await self._session.execute(delete(evidence).where(evidence.c.activity_id == activity_id))

    async def counting_entries(
        self, registration_numbers: Sequence[str]
    ) -> dict[str, list[CountingEntry]]:
        query = select(
            activities.c.registration_number,
            func.coalesce(activities.c.end_date, activities.c.start_date),
            activities.c.hours,
            activities.c.core,
        ).where(activities.c.registration_number.in_(list(registration_numbers)))
        entries: dict[str, list[CountingEntry]] = {}
        for number, day, hours, core in await self._session.execute(query):
            entries.setdefault(number, []).append((day, hours, core))
        return entries

    async def add_attendances(
        self, rows: Sequence[AttendanceRow], now: datetime
    ) -> list[AttendanceRow]:
        if not rows:
            return []
        result = await self._session.execute(_INSERT_ATTENDANCES, _columns(rows, now))
        inserted = {(provider, attendance) for provider, attendance in result}
        return [r for r in rows if (r.provider_id, r.attendance_id) in inserted]


# One statement for a whole batch: arrays in, only the rows not seen before come back.
_INSERT_ATTENDANCES = text(
    """
    insert into activities (id, registration_number, type, subtype, title, provider, subject,
        start_date, end_date, hours, core, source, activity_code, provider_id, attendance_id,
        created_at, updated_at)
    select gen_random_uuid(), number, type, subtype, title, provider, '', day, null, hours, core,
        'provider', code, provider_id, attendance_id, :now, :now
    from unnest(cast(:numbers as text[]), cast(:types as text[]),
        cast(:subtypes as text[]), cast(:titles as text[]), cast(:providers as text[]),
        cast(:days as date[]), cast(:hours as numeric[]), cast(:cores as boolean[]),
        cast(:codes as text[]), cast(:provider_ids as text[]), cast(:attendance_ids as text[]))
        as t(number, type, subtype, title, provider, day, hours, core, code, provider_id,
            attendance_id)
    on conflict (provider_id, attendance_id) do nothing
    returning provider_id, attendance_id
    """
)


def _columns(rows: Sequence[AttendanceRow], now: datetime) -> dict[str, Any]:
    return {
        "now": now,
        "numbers": [r.registration_number for r in rows],
        "types": [r.entry.type.value for r in rows],
        "subtypes": [r.entry.subtype.value if r.entry.subtype else None for r in rows],
        "titles": [r.entry.title for r in rows],
        "providers": [r.entry.provider_name for r in rows],
        "days": [r.attended_on for r in rows],
        "hours": [r.entry.register_hours for r in rows],
        "cores": [r.entry.core for r in rows],
        "codes": [r.entry.activity_code for r in rows],
        "provider_ids": [r.provider_id for r in rows],
        "attendance_ids": [r.attendance_id for r in rows],
    }


def _select() -> Any:
    return select(activities, *_EVIDENCE_META).outerjoin(
        evidence, evidence.c.activity_id == activities.c.id
    )


def _values(activity: Activity) -> dict[str, Any]:
    draft = activity.draft
    return {
        "id": activity.id,
        "registration_number": activity.registration_number,
        "type": draft.type.value,
        "subtype": draft.subtype.value if draft.subtype else None,
        "title": draft.title,
        "provider": draft.provider,
        "subject": draft.subject,
        "start_date": draft.start_date,
        "end_date": draft.end_date,
        "hours": draft.hours,
        "core": draft.core,
        "source": activity.source,
        "activity_code": activity.activity_code,
        "created_at": activity.created_at,
        "updated_at": activity.updated_at,
    }


def _activity(row: Row[Any]) -> Activity:
    draft = ActivityDraft(
        type=ActivityType(row.type),
        subtype=ActivitySubtype(row.subtype) if row.subtype else None,
        title=row.title,
        provider=row.provider,
        start_date=row.start_date,
        end_date=row.end_date,
        hours=row.hours,
        core=row.core,
        subject=row.subject,
    )
    meta = None
    if row.sha256 is not None:
        meta = Evidence(row.filename, row.content_type, row.size, row.sha256)
    return Activity(
        id=row.id,
        registration_number=row.registration_number,
        draft=draft,
        source=row.source,
        created_at=row.created_at,
        updated_at=row.updated_at,
        activity_code=row.activity_code,
        evidence=meta,
    )
