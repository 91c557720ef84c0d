"""The smaller repositories: inbox, outbox, progress, schools, corrections, erasures."""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from lr_registry.application.ports import (
    AppointmentRow,
    CorrectionRequestRecord,
    ErasureRecord,
    Outcome,
)
from lr_registry.domain.corrections import (
    APPOINTMENT_FIELDS,
    IDENTITY_FIELDS,
    PERSON_FIELDS,
    Delivered,
    OpenRequest,
    stored,
)
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


def _json(value: Any) -> Any:
    """A jsonb value: SQLAlchemy's asyncpg dialect decodes it on its connections."""
    return json.loads(value) if isinstance(value, str | bytes) else value


# Column names from domain.corrections, not input.
_PERSON = f"select {', '.join(PERSON_FIELDS)} from teachers where registration_number = $1"  # noqa: S608
_PEOPLE = (
    f"select registration_number, {', '.join(PERSON_FIELDS)} from teachers "  # noqa: S608
    "where registration_number = any($1::text[])"
)
_DELIVERED_FIELDS = IDENTITY_FIELDS + APPOINTMENT_FIELDS
_AS_DELIVERED = (
    "select id, registration_number, bevoegd_gezag, delivery_id, "  # noqa: S608
    f"{', '.join(_DELIVERED_FIELDS)} from appointments "
    "where registration_number = any($1::text[])"
)


class SqlCorrections:
    def __init__(self, raw: RawConnection) -> None:
        self._raw = raw

    async def for_teacher(self, number: str) -> list[CorrectionRequestRecord]:
        conn = await self._raw()
        rows = await conn.fetch(
            "select c.request_id, c.appointment_id, a.brin, a.brin_volgnummer, "
            "a.benoemingsgrondslag, c.fields, c.explanation, c.requested_at, c.decision, "
            "c.reason, c.answered_at, c.resolved_at "
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
        disputed: Mapping[str, str | None],
        now: datetime,
    ) -> None:
        conn = await self._raw()
        await conn.execute(
            "insert into correction_requests (request_id, registration_number, appointment_id, "
            "bevoegd_gezag, fields, explanation, requested_at, delivery_id, disputed) "
            "values ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)",
            request_id,
            appointment.registration_number,
            appointment_id,
            appointment.bevoegd_gezag,
            list(fields),
            explanation,
            now,
            appointment.delivery_id,
            json.dumps(dict(disputed)),
        )

    async def person(self, number: str) -> dict[str, object] | None:
        conn = await self._raw()
        row = await conn.fetchrow(_PERSON, number)
        return None if row is None else dict(row)

    async def open_for(self, numbers: Collection[str]) -> list[OpenRequest]:
        if not numbers:
            return []
        conn = await self._raw()
        rows = await conn.fetch(
            "select request_id, registration_number, bevoegd_gezag, appointment_id, fields, "
            "disputed, decision is not null as answered from correction_requests "
            "where registration_number = any($1::text[]) and resolved_at is null "
            "and disputed is not null",
            list(numbers),
        )
        return [
            OpenRequest(
                r["request_id"],
                r["registration_number"],
                r["bevoegd_gezag"],
                r["appointment_id"],
                tuple(r["fields"]),
                _json(r["disputed"]),
                r["answered"],
            )
            for r in rows
        ]

    async def as_delivered(
        self, numbers: Collection[str]
    ) -> tuple[dict[str, dict[str, str | None]], dict[str, list[Delivered]]]:
        conn = await self._raw()
        people = await conn.fetch(_PEOPLE, list(numbers))
        rows = await conn.fetch(_AS_DELIVERED, list(numbers))
        fields = _DELIVERED_FIELDS
        appointments: dict[str, list[Delivered]] = {}
        for r in rows:
            values = {f: stored(r[f]) for f in fields}
            appointments.setdefault(r["registration_number"], []).append(
                Delivered(r["id"], r["bevoegd_gezag"], r["delivery_id"], values)
            )
        persons = {
            p["registration_number"]: {f: stored(p[f]) for f in PERSON_FIELDS} for p in people
        }
        return persons, appointments

    async def answer(
        self, request_id: UUID, number: str, decision: str, reason: str | None, at: datetime
    ) -> Outcome | None:
        conn = await self._raw()
        row = await conn.fetchrow(
            "select bevoegd_gezag, decision, resolved_at from correction_requests "
            "where request_id = $1 and registration_number = $2 for update",
            request_id,
            number,
        )
        if row is None:
            return None
        if row["decision"] is not None:
            return Outcome(row["bevoegd_gezag"], changed=False, first=False)
        await conn.execute(
            "update correction_requests set decision = $2, reason = $3, answered_at = $4 "
            "where request_id = $1",
            request_id,
            decision,
            reason,
            at,
        )
        return Outcome(row["bevoegd_gezag"], changed=True, first=row["resolved_at"] is None)

    async def resolve(self, request_id: UUID, delivery_id: UUID, at: datetime) -> Outcome | None:
        conn = await self._raw()
        row = await conn.fetchrow(
            "update correction_requests set resolved_at = $3, resolved_by_delivery = $2 "
            "where request_id = $1 and resolved_at is null "
            "returning bevoegd_gezag, decision is null as first",
            request_id,
            delivery_id,
            at,
        )
        return None if row is None else Outcome(row["bevoegd_gezag"], changed=True, first=row[1])


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
