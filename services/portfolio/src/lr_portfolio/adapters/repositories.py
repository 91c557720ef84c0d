"""Registrations, shares and the catalogue in PostgreSQL, and the erasure of a teacher."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ARRAY, Row, Text, any_, bindparam, delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from lr_portfolio.adapters import tables
from lr_portfolio.domain.activities import ActivitySubtype, ActivityType
from lr_portfolio.domain.catalogue import CatalogueEntry
from lr_portfolio.domain.progress import Period
from lr_portfolio.domain.registrations import Registration
from lr_portfolio.domain.shares import Share, ShareOpening
from lr_shared.db import UnitOfWork
from lr_shared.retention import delete_rows

UPSERT_CHUNK = 5000


class SqlRegistrations:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get_many(self, registration_numbers: Sequence[str]) -> dict[str, Registration]:
        if not registration_numbers:
            return {}
        table = tables.registrations
        query = select(table).where(
            table.c.registration_number == any_(_texts(registration_numbers))
        )
        return {
            row.registration_number: _registration(row)
            for row in await self._session.execute(query)
        }

    async def upsert(self, registrations: Sequence[Registration], now: datetime) -> None:
        rows = [
            {
                "registration_number": r.registration_number,
                "period_start": r.period.start if r.period else None,
                "period_end": r.period.end if r.period else None,
                "sectors": list(r.sectors),
                "voorletters": r.voorletters,
                "tussenvoegsel": r.tussenvoegsel,
                "achternaam": r.achternaam,
                "updated_at": now,
            }
            for r in registrations
        ]
        for start in range(0, len(rows), UPSERT_CHUNK):
            statement = insert(tables.registrations)
            await self._session.execute(
                statement.on_conflict_do_update(
                    index_elements=["registration_number"],
                    set_={k: statement.excluded[k] for k in rows[0] if k != "registration_number"},
                ),
                rows[start : start + UPSERT_CHUNK],
            )


class SqlShares:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, share: Share, token_hash: str) -> None:
        await self._session.execute(
            tables.shares.insert().values(
                id=share.id,
                registration_number=share.registration_number,
                token_hash=token_hash,
                view=share.view,
                period_start=share.period_start,
                created_at=share.created_at,
                expires_at=share.expires_at,
            )
        )

    async def of_teacher(self, registration_number: str) -> list[Share]:
        table = tables.shares
        query = (
            select(table)
            .where(table.c.registration_number == registration_number)
            .order_by(table.c.created_at)
        )
        return [_share(row) for row in await self._session.execute(query)]

    async def delete(self, registration_number: str, share_id: uuid.UUID) -> bool:
        table = tables.shares
        result = await self._session.execute(
            delete(table)
            .where(table.c.id == share_id, table.c.registration_number == registration_number)
            .returning(table.c.id)
        )
        return result.first() is not None

    async def by_token_hash(self, token_hash: str) -> Share | None:
        table = tables.shares
        row = (
            await self._session.execute(select(table).where(table.c.token_hash == token_hash))
        ).first()
        return _share(row) if row else None

    async def record_opening(self, share: Share, at: datetime) -> None:
        await self._session.execute(
            tables.share_openings.insert().values(
                registration_number=share.registration_number,
                share_id=share.id,
                view=share.view,
                period_start=share.period_start,
                opened_at=at,
            )
        )

    async def openings_of(
        self, registration_number: str, limit: int, offset: int
    ) -> tuple[list[ShareOpening], int]:
        table = tables.share_openings
        mine = table.c.registration_number == registration_number
        query = (
            select(table.c.share_id, table.c.view, table.c.period_start, table.c.opened_at)
            .where(mine)
            .order_by(table.c.opened_at.desc(), table.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        rows = [ShareOpening(*row) for row in await self._session.execute(query)]
        total = await self._session.scalar(select(func.count()).select_from(table).where(mine))
        return rows, int(total or 0)


class SqlCatalogue:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get_many(self, activity_codes: Sequence[str]) -> dict[str, CatalogueEntry]:
        if not activity_codes:
            return {}
        table = tables.catalogue
        query = select(table).where(table.c.activity_code == any_(_texts(activity_codes)))
        return {row.activity_code: _entry(row) for row in await self._session.execute(query)}

    async def upsert(self, entries: Sequence[CatalogueEntry]) -> int:
        if not entries:
            return 0
        rows = [
            {
                "activity_code": e.activity_code,
                "provider_id": e.provider_id,
                "provider_name": e.provider_name,
                "title": e.title,
                "type": e.type.value,
                "subtype": e.subtype.value if e.subtype else None,
                "register_hours": e.register_hours,
                "core": e.core,
                "criteria_version": e.criteria_version,
            }
            for e in entries
        ]
        statement = insert(tables.catalogue)
        table = tables.catalogue
        changes: dict[str, Any] = {
            k: statement.excluded[k]
            for k in rows[0]
            if k not in ("activity_code", "criteria_version")
        }
        # A file's entry (no version) keeps the version a panel gave the same code.
        changes["criteria_version"] = func.coalesce(
            statement.excluded.criteria_version, table.c.criteria_version
        )
        await self._session.execute(
            statement.on_conflict_do_update(index_elements=["activity_code"], set_=changes),
            rows,
        )
        return len(rows)

    async def page(self, provider_id: str | None, offset: int, limit: int) -> list[CatalogueEntry]:
        table = tables.catalogue
        query = select(table).order_by(table.c.activity_code).offset(offset).limit(limit)
        if provider_id is not None:
            query = query.where(table.c.provider_id == provider_id)
        return [_entry(row) for row in await self._session.execute(query)]


async def erase(session: AsyncSession, registration_numbers: Sequence[str]) -> int:
    """Everything of these teachers; evidence goes with its activity (ON DELETE CASCADE).
    Their ratings go too (`application.ratings.forget` deletes them first, to republish the
    aggregates; this is the safety net for any other way in)."""
    numbers = list(registration_numbers)
    if not numbers:
        return 0
    deleted = 0
    for table in (
        tables.activity_ratings,
        tables.activities,
        tables.shares,
        tables.share_openings,
        tables.progress,
        tables.registrations,
    ):
        result = await session.execute(
            delete(table).where(table.c.registration_number.in_(numbers))
        )
        deleted += int(getattr(result, "rowcount", 0) or 0)
    return deleted


_SHARE_OPENINGS = """
delete from share_openings where id in (
    select id from share_openings where opened_at < :cutoff
    order by opened_at limit :limit for update skip locked)
returning 1
"""


async def purge_share_openings(uow: UnitOfWork, cutoff: datetime, limit: int) -> int:
    """Openings of share links past their retention (lr_shared.retention's batch)."""
    return await delete_rows(uow.session, _SHARE_OPENINGS, cutoff, limit)


def _texts(values: Sequence[str]) -> Any:
    """One array parameter, not one bound parameter per value: batches ask for thousands."""
    return bindparam(None, list(values), type_=ARRAY(Text))


def _registration(row: Row[Any]) -> Registration:
    period = None
    if row.period_start is not None and row.period_end is not None:
        period = Period(row.period_start, row.period_end)
    return Registration(
        registration_number=row.registration_number,
        period=period,
        sectors=tuple(row.sectors),
        voorletters=row.voorletters,
        tussenvoegsel=row.tussenvoegsel,
        achternaam=row.achternaam,
    )


def _share(row: Row[Any]) -> Share:
    return Share(
        id=row.id,
        registration_number=row.registration_number,
        view=row.view,
        period_start=row.period_start,
        created_at=row.created_at,
        expires_at=row.expires_at,
    )


def _entry(row: Row[Any]) -> CatalogueEntry:
    return CatalogueEntry(
        activity_code=row.activity_code,
        provider_id=row.provider_id,
        provider_name=row.provider_name,
        title=row.title,
        type=ActivityType(row.type),
        subtype=ActivitySubtype(row.subtype) if row.subtype else None,
        register_hours=Decimal(row.register_hours),
        core=row.core,
        criteria_version=row.criteria_version,
    )
