"""The smaller repositories: inbox, outbox, progress, schools, corrections, erasures."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from lr_registry.application.ports import AppointmentRow, CorrectionRequestRecord, ErasureRecord
from lr_shared import inbox
from lr_shared.contracts.portfolio import ProgressV1
from lr_shared.contracts.reference import SchoolV1
from lr_shared.db import RawConnection
from lr_shared.outbox import OutboxMessage, OutboxRow, copy_into_outbox


class SqlInbox:
    """lr_shared.inbox's claim on the raw connection: the SQLAlchemy layer cost more per
    message than the insert itself."""

    def __init__(self, raw: RawConnection) -> None:
        self._raw = raw

    async def claim(self, consumer: str, message_ids: Sequence[str]) -> set[str]:
        return await inbox.claim_raw(await self._raw(), consumer, message_ids)


class SqlOutbox:
    def __init__(self, raw: RawConnection) -> None:
        self._raw = raw

    async def add(self, messages: Sequence[OutboxMessage | OutboxRow]) -> None:
        """One COPY for all; the hot path's messages come as ready rows and bundles."""
        if messages:
            await copy_into_outbox(await self._raw(), messages)


_UPSERT_PROGRESS = """
insert into progress as p (registration_number, period_end, period_start, total_hours,
    core_hours, norm_met, updated_at)
select u.* from unnest($1::text[], $2::date[], $3::date[], $4::numeric[], $5::numeric[],
    $6::bool[], $7::timestamptz[])
    as u(registration_number, period_end, period_start, total_hours, core_hours, norm_met, at)
join teachers t using (registration_number)
on conflict (registration_number, period_end) do update set
    period_start = excluded.period_start, total_hours = excluded.total_hours,
    core_hours = excluded.core_hours, norm_met = excluded.norm_met,
    updated_at = excluded.updated_at
where p.updated_at <= excluded.updated_at
returning registration_number, period_end
"""


class SqlProgress:
    def __init__(self, raw: RawConnection) -> None:
        self._raw = raw

    async def upsert(self, reports: Sequence[ProgressV1]) -> list[ProgressV1]:
        latest: dict[tuple[str, object], ProgressV1] = {}
        for report in sorted(reports, key=lambda r: r.updated_at):
            latest[(report.registration_number, report.period_end)] = report
        if not latest:
            return []
        rows = list(latest.values())
        conn = await self._raw()
        stored = await conn.fetch(
            _UPSERT_PROGRESS,
            [r.registration_number for r in rows],
            [r.period_end for r in rows],
            [r.period_start for r in rows],
            [r.total_hours for r in rows],
            [r.core_hours for r in rows],
            [r.norm_met for r in rows],
            [r.updated_at for r in rows],
        )
        return [latest[(s[0], s[1])] for s in stored]


class SqlSchools:
    def __init__(self, raw: RawConnection) -> None:
        self._raw = raw

    async def upsert(self, schools: Sequence[SchoolV1]) -> None:
        if not schools:
            return
        conn = await self._raw()
        fields = ("brin", "brin_volgnummer", "naam", "plaats", "bevoegd_gezag", "sector")
        await conn.execute(
            "insert into schools (brin, brin_volgnummer, naam, plaats, bevoegd_gezag, sector) "
            "select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], "
            "$6::text[]) on conflict (brin, brin_volgnummer) do update set naam = excluded.naam, "
            "plaats = excluded.plaats, bevoegd_gezag = excluded.bevoegd_gezag, "
            "sector = excluded.sector, updated_at = now()",
            *[[getattr(s, f) for s in schools] for f in fields],
        )

    async def names(self, schools: Collection[tuple[str, str]]) -> dict[tuple[str, str], str]:
        if not schools:
            return {}
        conn = await self._raw()
        rows = await conn.fetch(
            "select s.brin, s.brin_volgnummer, s.naam from schools s "
            "join unnest($1::text[], $2::text[]) as u(brin, brin_volgnummer) "
            "using (brin, brin_volgnummer)",
            [b for b, _ in schools],
            [v for _, v in schools],
        )
        return {(r[0], r[1]): r[2] for r in rows}

    async def delete(self, keys: Sequence[str]) -> None:
        if keys:
            conn = await self._raw()
            await conn.execute(
                "delete from schools where brin || brin_volgnummer = any($1::text[])", list(keys)
            )


class SqlCorrections:
    def __init__(self, raw: RawConnection) -> None:
        self._raw = raw

    async def for_teacher(self, number: str) -> list[CorrectionRequestRecord]:
        conn = await self._raw()
        rows = await conn.fetch(
            "select c.request_id, c.appointment_id, a.brin, a.brin_volgnummer, "
            "a.benoemingsgrondslag, c.fields, c.explanation, c.requested_at, "
            # An appointment's delivery_id changes only when a delivery changes it.
            "(a.id is null or a.delivery_id is distinct from c.delivery_id) as changed "
            "from correction_requests c left join appointments a "
            "on a.id = c.appointment_id and a.registration_number = c.registration_number "
            "where c.registration_number = $1 order by c.requested_at desc, c.request_id",
            number,
        )
        return [
            CorrectionRequestRecord(**{**dict(row), "fields": tuple(row["fields"])}) for row in rows
        ]

    async def add(
        self,
        request_id: UUID,
        appointment_id: int,
        appointment: AppointmentRow,
        fields: Sequence[str],
        explanation: str,
        now: datetime,
    ) -> None:
        conn = await self._raw()
        await conn.execute(
            "insert into correction_requests (request_id, registration_number, appointment_id, "
            "bevoegd_gezag, fields, explanation, requested_at, delivery_id) "
            "values ($1, $2, $3, $4, $5, $6, $7, $8)",
            request_id,
            appointment.registration_number,
            appointment_id,
            appointment.bevoegd_gezag,
            list(fields),
            explanation,
            now,
            appointment.delivery_id,
        )


class SqlErasures:
    def __init__(self, raw: RawConnection) -> None:
        self._raw = raw

    async def get(self, number: str) -> ErasureRecord | None:
        conn = await self._raw()
        row = await conn.fetchrow(
            "select registration_number, request_id, requested_at, services, completed_at "
            "from erasure_requests where registration_number = $1",
            number,
        )
        return await self._record(row)

    async def by_reference(self, request_id: UUID) -> ErasureRecord | None:
        conn = await self._raw()
        row = await conn.fetchrow(
            "select registration_number, request_id, requested_at, services, completed_at "
            "from erasure_requests where request_id = $1",
            request_id,
        )
        return await self._record(row)

    async def _record(self, row: Any) -> ErasureRecord | None:
        if row is None:
            return None
        conn = await self._raw()
        number = row["registration_number"]
        confirmed = await conn.fetch(
            "select service, erased_at from erasure_confirmations where request_id = $1",
            row["request_id"],
        )
        return ErasureRecord(
            request_id=row["request_id"],
            registration_number=number,
            requested_at=row["requested_at"],
            services=tuple(row["services"]),
            confirmed={c["service"]: c["erased_at"] for c in confirmed},
            completed_at=row["completed_at"],
        )

    async def create(self, record: ErasureRecord) -> None:
        conn = await self._raw()
        await conn.execute(
            "insert into erasure_requests (registration_number, request_id, requested_at, "
            "services) values ($1, $2, $3, $4)",
            record.registration_number,
            record.request_id,
            record.requested_at,
            list(record.services),
        )

    async def confirm(self, request_id: UUID, service: str, erased_at: datetime) -> None:
        conn = await self._raw()
        await conn.execute(
            "insert into erasure_confirmations (request_id, service, erased_at) "
            "values ($1, $2, $3) on conflict do nothing",
            request_id,
            service,
            erased_at,
        )

    async def complete(self, number: str, now: datetime) -> None:
        conn = await self._raw()
        await conn.execute(
            "update erasure_requests set completed_at = $2 where registration_number = $1",
            number,
            now,
        )
