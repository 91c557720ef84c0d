"""Progress rows per (registration, period), changed by deltas in one statement per batch."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import delete, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from lr_portfolio.adapters.tables import progress
from lr_portfolio.domain.progress import Hours, Period

_APPLY = text(
    """
    insert into progress as p
        (registration_number, period_start, period_end, total_hours, core_hours, updated_at)
    select number, start, "end", total, core, :now
    from unnest(cast(:numbers as text[]), cast(:starts as date[]), cast(:ends as date[]),
        cast(:totals as numeric[]), cast(:cores as numeric[]))
        as t(number, start, "end", total, core)
    on conflict (registration_number, period_start) do update set
        total_hours = p.total_hours + excluded.total_hours,
        core_hours = p.core_hours + excluded.core_hours,
        period_end = excluded.period_end,
        updated_at = excluded.updated_at
    returning registration_number, period_start, period_end, total_hours, core_hours
    """
)


class SqlProgress:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def apply(
        self, deltas: Mapping[tuple[str, Period], Hours], now: datetime
    ) -> dict[tuple[str, Period], Hours]:
        if not deltas:
            return {}
        # Sorted: concurrent transactions lock rows in the same order and cannot deadlock.
        keys = sorted(deltas)
        result = await self._session.execute(
            _APPLY,
            {
                "now": now,
                "numbers": [number for number, _ in keys],
                "starts": [period.start for _, period in keys],
                "ends": [period.end for _, period in keys],
                "totals": [deltas[key].total for key in keys],
                "cores": [deltas[key].core for key in keys],
            },
        )
        return {
            (number, Period(start, end)): Hours(total, core)
            for number, start, end, total, core in result
        }

    async def of(self, registration_number: str) -> dict[Period, Hours]:
        query = select(progress).where(progress.c.registration_number == registration_number)
        return {
            Period(row.period_start, row.period_end): Hours(row.total_hours, row.core_hours)
            for row in await self._session.execute(query)
        }

    async def replace(self, totals: Mapping[str, Mapping[Period, Hours]], now: datetime) -> None:
        if not totals:
            return
        await self._session.execute(
            delete(progress).where(progress.c.registration_number.in_(list(totals)))
        )
        rows = [
            {
                "registration_number": number,
                "period_start": period.start,
                "period_end": period.end,
                "total_hours": hours.total,
                "core_hours": hours.core,
                "updated_at": now,
            }
            for number, periods in totals.items()
            for period, hours in periods.items()
        ]
        if rows:
            await self._session.execute(progress.insert(), rows)
