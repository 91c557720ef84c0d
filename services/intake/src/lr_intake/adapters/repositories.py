"""SQL for deliveries, reference data and correction requests. Where volume lives (issues; the
appointments in `appointments.py`) rows go in with COPY on the transaction's own asyncpg
connection."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import delete, func, null, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from lr_intake.adapters import tables as t
from lr_intake.application.ports import CorrectionRequest, Resolution
from lr_intake.domain.appointment import Issue
from lr_intake.domain.changes import ChangeSummary, NoLongerDelivered
from lr_intake.domain.corrections import Answer, BoardCorrectionRequest, Status
from lr_intake.domain.delivery import Counts, Delivery
from lr_intake.domain.organisations import KnownOrganisations
from lr_intake.domain.reference import Grondslag, ReferenceData, ReferenceSet, School
from lr_shared.db import autocommit_connection, raw_connection

_IDEMPOTENCY_LOCKS = 0x4C52_4B31  # advisory lock space of deliveries' idempotency keys


def _delivery(row: Row[Any]) -> Delivery:
    return _delivery_of(row._mapping)


def _delivery_of(m: Mapping[Any, Any]) -> Delivery:
    return Delivery(
        id=m["id"],
        channel=m["channel"],
        submitted_by=m["submitted_by"],
        bevoegd_gezag=m["bevoegd_gezag"],
        format=m["format"],
        received_at=m["received_at"],
        idempotency_key=m["idempotency_key"],
        status=m["status"],
        rejection_code=m["rejection_code"],
        rejection_message=m["rejection_message"],
        counts=Counts(
            m["rows_total"],
            m["rows_accepted"],
            m["rows_rejected"],
            m["rows_warned"],
            m["rows_unchanged"],
        ),
        processed_at=m["processed_at"],
        completed_at=m["completed_at"],
        body_sha256=None if m["body_sha256"] is None else bytes(m["body_sha256"]),
        body_bytes=m["body_bytes"],
        changes=changes_of(m["changes"]),
    )


def changes_json(changes: ChangeSummary | None) -> str | None:
    """A delivery's change summary as its `changes` column holds it (JSON)."""
    return None if changes is None else json.dumps(changes.as_dict())


def changes_of(stored: object) -> ChangeSummary | None:
    """The `changes` column read back (a dict through SQLAlchemy, text through asyncpg)."""
    if stored is None:
        return None
    value = json.loads(stored) if isinstance(stored, str | bytes) else stored
    return ChangeSummary.of(value) if isinstance(value, Mapping) else None


_DELIVERY_COLUMNS = [c for c in t.deliveries.c if c.name != "report"]
_SELECT_DELIVERY = f"select {', '.join(c.name for c in _DELIVERY_COLUMNS)} from deliveries"  # noqa: S608 (column names from the table)

# The claim of an upload: one statement when the key is new (the usual case).
_CLAIM = (
    "insert into deliveries (id, channel, submitted_by, bevoegd_gezag, idempotency_key, format,"
    " status, received_at) values ($1, $2, $3, $4, $5, $6, $7, $8)"
    " on conflict do nothing returning id"
)
_BY_KEY = f"{_SELECT_DELIVERY} where submitted_by = $1 and idempotency_key = $2"
_UNLOCKED = "select id from deliveries where id = $1 for update skip locked"


class SqlDeliveries:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def lock_key(self, submitted_by: str, key: str) -> None:
        # The two-key advisory lock space (the relay's lock is in the one-key space).
        await self._session.execute(
            text("select pg_advisory_xact_lock(:space, hashtext(:submitter || chr(31) || :key))"),
            {"space": _IDEMPOTENCY_LOCKS, "submitter": submitted_by, "key": key},
        )

    async def find_by_idempotency_key(self, submitted_by: str, key: str) -> Delivery | None:
        row = (
            await self._session.execute(
                select(*_DELIVERY_COLUMNS).where(
                    t.deliveries.c.submitted_by == submitted_by,
                    t.deliveries.c.idempotency_key == key,
                )
            )
        ).first()
        return None if row is None else _delivery(row)

    async def claim(self, delivery: Delivery) -> tuple[Delivery, bool]:
        """Store a new upload as `received`, committed at once (autocommit, on the unit of
        work's connection before its transaction begins, so the upload is processed on the
        same connection without a second checkout); or find the delivery made earlier with
        the same key: (it, True), or (it, False) when it is `received` and nobody holds it
        (an upload that broke off: take it over)."""
        connection = await autocommit_connection(self._session)
        key = delivery.idempotency_key
        for _ in range(5):
            created = await connection.fetchval(
                _CLAIM,
                delivery.id,
                delivery.channel,
                delivery.submitted_by,
                delivery.bevoegd_gezag,
                key,
                delivery.format,
                delivery.status,
                delivery.received_at,
            )
            if created is not None:
                return delivery, False
            if key is None:
                continue  # cannot happen (a new uuid)
            row = await connection.fetchrow(_BY_KEY, delivery.submitted_by, key)
            if row is None:
                continue  # the earlier one broke off and was removed meanwhile
            existing = _delivery_of(row)
            if existing.status != "received":
                return existing, True
            # Being read right now (locked), or left behind by a crash: take it over.
            free = await connection.fetchval(_UNLOCKED, existing.id)
            return existing, free is None
        raise RuntimeError("could not claim the idempotency key")

    async def create(self, delivery: Delivery) -> bool:
        statement = (
            pg_insert(t.deliveries)
            .values(**_values(delivery))
            .on_conflict_do_nothing()
            .returning(t.deliveries.c.id)
        )
        return (await self._session.execute(statement)).first() is not None

    async def lock(self, delivery_id: UUID, *, wait: bool = True) -> Delivery | None:
        statement = select(*_DELIVERY_COLUMNS).where(t.deliveries.c.id == delivery_id)
        statement = (
            statement.with_for_update() if wait else statement.with_for_update(skip_locked=True)
        )
        row = (await self._session.execute(statement)).first()
        return None if row is None else _delivery(row)

    async def get(self, delivery_id: UUID) -> Delivery | None:
        statement = select(*_DELIVERY_COLUMNS).where(t.deliveries.c.id == delivery_id)
        row = (await self._session.execute(statement)).first()
        return None if row is None else _delivery(row)

    async def delete(self, delivery_id: UUID) -> None:
        await self._session.execute(delete(t.deliveries).where(t.deliveries.c.id == delivery_id))

    async def save(self, delivery: Delivery, report: bytes | None = None) -> None:
        values = _values(delivery)
        if report is not None:
            values["report"] = report
        await self._session.execute(
            update(t.deliveries).where(t.deliveries.c.id == delivery.id).values(**values)
        )

    async def add_issues(self, delivery_id: UUID, issues: Sequence[Issue]) -> None:
        if not issues:
            return
        connection = await raw_connection(self._session)
        await connection.copy_records_to_table(
            "delivery_issues",
            records=[(delivery_id, *issue) for issue in issues],
            columns=["delivery_id", "row_number", "column_name", "code", "severity", "message"],
        )

    async def list_for_board(self, board: str, limit: int, offset: int) -> list[Delivery]:
        statement = (
            select(*_DELIVERY_COLUMNS)
            .where(t.deliveries.c.bevoegd_gezag == board)
            .order_by(t.deliveries.c.received_at.desc(), t.deliveries.c.id)
            .limit(limit)
            .offset(offset)
        )
        return [_delivery(row) for row in await self._session.execute(statement)]

    async def issues(self, delivery_id: UUID, limit: int, offset: int) -> list[Issue]:
        i = t.delivery_issues.c
        statement = (
            select(i.row_number, i.column_name, i.code, i.severity, i.message)
            .where(i.delivery_id == delivery_id)
            .order_by(i.row_number, i.severity, i.code)
            .limit(limit)
            .offset(offset)
        )
        return [Issue(*row) for row in await self._session.execute(statement)]

    async def count_issues(self, delivery_id: UUID) -> int:
        statement = select(func.count()).where(t.delivery_issues.c.delivery_id == delivery_id)
        return int((await self._session.execute(statement)).scalar_one())

    async def report(self, delivery_id: UUID) -> bytes | None:
        statement = select(t.deliveries.c.report).where(t.deliveries.c.id == delivery_id)
        value = (await self._session.execute(statement)).scalar_one_or_none()
        return None if value is None else bytes(value)

    async def add_no_longer_delivered(
        self, delivery_id: UUID, items: Sequence[NoLongerDelivered]
    ) -> None:
        if not items:
            return
        connection = await raw_connection(self._session)
        await connection.copy_records_to_table(
            "no_longer_delivered",
            records=[
                (
                    delivery_id,
                    position,
                    item.brin,
                    item.brin_volgnummer,
                    item.benoemingsgrondslag,
                    item.benoeming_begindatum,
                    item.last_delivery_id,
                    item.last_row_number,
                )
                for position, item in enumerate(items)
            ],
            columns=[c.name for c in t.no_longer_delivered.c],
        )

    async def no_longer_delivered(
        self, delivery_id: UUID, limit: int, offset: int
    ) -> tuple[list[NoLongerDelivered], int]:
        n = t.no_longer_delivered.c
        page = (
            select(
                n.brin,
                n.brin_volgnummer,
                n.benoemingsgrondslag,
                n.benoeming_begindatum,
                n.last_delivery_id,
                n.last_row_number,
            )
            .where(n.delivery_id == delivery_id)
            .order_by(n.position)
            .limit(limit)
            .offset(offset)
        )
        total = select(func.count()).where(n.delivery_id == delivery_id)
        items = [NoLongerDelivered(*row) for row in await self._session.execute(page)]
        return items, int((await self._session.execute(total)).scalar_one())

    async def mark_published(self, now: datetime) -> int:
        result = await self._session.execute(
            text(
                "update deliveries d set status = 'completed', completed_at = :now "
                "where d.status = 'processing' and not exists "
                "(select 1 from outbox o where o.id <= d.last_outbox_id)"
            ),
            {"now": now},
        )
        return int(result.rowcount)  # type: ignore[attr-defined]


def _values(delivery: Delivery) -> dict[str, object]:
    c = delivery.counts
    return {
        "id": delivery.id,
        "channel": delivery.channel,
        "submitted_by": delivery.submitted_by,
        "bevoegd_gezag": delivery.bevoegd_gezag,
        "idempotency_key": delivery.idempotency_key,
        "format": delivery.format,
        "status": delivery.status,
        "rejection_code": delivery.rejection_code,
        "rejection_message": delivery.rejection_message,
        "rows_total": c.total,
        "rows_accepted": c.accepted,
        "rows_rejected": c.rejected,
        "rows_warned": c.warned,
        "rows_unchanged": c.unchanged,
        "received_at": delivery.received_at,
        "processed_at": delivery.processed_at,
        "completed_at": delivery.completed_at,
        "body_sha256": delivery.body_sha256,
        "body_bytes": delivery.body_bytes,
        "changes": null() if delivery.changes is None else delivery.changes.as_dict(),
    }


class SqlReference:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def version(self) -> int:
        statement = select(t.reference_version.c.version).where(t.reference_version.c.id == 1)
        return int((await self._session.execute(statement)).scalar_one_or_none() or 0)

    async def snapshot(self) -> ReferenceData:
        session = self._session
        version = await self.version()
        schools = [School(*row) for row in await session.execute(select(*t.schools.c))]
        g = t.grondslagen.c
        grondslagen = [
            Grondslag(row.code, row.sector, row.qualified, row.omschrijving)
            for row in await session.execute(select(g.code, g.sector, g.qualified, g.omschrijving))
        ]
        terreinen = (await session.execute(select(t.onderwijsterreinen.c.code))).scalars().all()
        m = t.mandates.c
        mandates = [(r.bureau, r.bevoegd_gezag) for r in await session.execute(select(*m))]
        return ReferenceData.build(schools, grondslagen, terreinen, mandates, version)

    async def replace(self, reference: ReferenceSet, at: datetime) -> list[str]:
        session = self._session
        before = {
            row.brin + row.brin_volgnummer
            for row in await session.execute(select(t.schools.c.brin, t.schools.c.brin_volgnummer))
        }
        for table in (
            t.schools,
            t.boards,
            t.mandates,
            t.payroll_bureaus,
            t.grondslagen,
            t.onderwijsterreinen,
        ):
            await session.execute(delete(table))
        connection = await raw_connection(session)
        content: dict[str, list[tuple[object, ...]]] = {
            "boards": [(b.bevoegd_gezag, b.naam, b.plaats, b.kvk) for b in reference.boards],
            "schools": [
                (s.brin, s.brin_volgnummer, s.naam, s.plaats, s.bevoegd_gezag, s.sector)
                for s in reference.schools
            ],
            "payroll_bureaus": [(b.nummer, b.naam, b.kvk) for b in reference.bureaus],
            "mandates": sorted(set(reference.mandates)),
            "grondslagen": [
                (g.code, g.list_sector, g.qualified, g.omschrijving) for g in reference.grondslagen
            ],
            "onderwijsterreinen": [(o.code, o.omschrijving) for o in reference.onderwijsterreinen],
        }
        for table_name, records in content.items():
            columns = [c.name for c in t.metadata.tables[table_name].c]
            await connection.copy_records_to_table(table_name, records=records, columns=columns)
        await session.execute(
            pg_insert(t.reference_version)
            .values(id=1, version=1, loaded_at=at)
            .on_conflict_do_update(
                index_elements=["id"],
                set_={"version": t.reference_version.c.version + 1, "loaded_at": at},
            )
        )
        return sorted(before - {s.key for s in reference.schools})

    async def organisations(self, kvk_numbers: Sequence[str]) -> KnownOrganisations:
        b, p, m = t.boards.c, t.payroll_bureaus.c, t.mandates.c
        boards: dict[str, list[str]] = {}
        for row in await self._session.execute(
            select(b.kvk, b.bevoegd_gezag).where(b.kvk.in_(kvk_numbers))
        ):
            boards.setdefault(row.kvk, []).append(row.bevoegd_gezag)
        bureaus: dict[str, list[str]] = {}
        for row in await self._session.execute(
            select(p.kvk, p.nummer).where(p.kvk.in_(kvk_numbers))
        ):
            bureaus.setdefault(row.kvk, []).append(row.nummer)
        numbers = [n for found in bureaus.values() for n in found]
        mandates: dict[str, set[str]] = {}
        for row in await self._session.execute(
            select(m.bureau, m.bevoegd_gezag).where(m.bureau.in_(numbers))
        ):
            mandates.setdefault(row.bureau, set()).add(row.bevoegd_gezag)
        return KnownOrganisations(
            boards={k: tuple(v) for k, v in boards.items()},
            bureaus={k: tuple(v) for k, v in bureaus.items()},
            mandates={k: frozenset(v) for k, v in mandates.items()},
        )


class SqlCorrectionRequests:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, requests: Sequence[CorrectionRequest]) -> None:
        if not requests:
            return
        statement = pg_insert(t.correction_requests).on_conflict_do_nothing()
        await self._session.execute(
            statement,
            [
                {
                    "request_id": r.request_id,
                    "bevoegd_gezag": r.bevoegd_gezag,
                    "requested_at": r.requested_at,
                    "body": r.body,
                }
                for r in requests
            ],
        )

    async def list_for_board(
        self, board: str, status: Status | None, limit: int, offset: int
    ) -> tuple[list[BoardCorrectionRequest], int]:
        """A page of the board's requests, newest first, and how many there are in all."""
        c = t.correction_requests.c
        where = [c.bevoegd_gezag == board, *_status_filter(status)]
        statement = (
            select(*_COLUMNS)
            .where(*where)
            .order_by(c.requested_at.desc(), c.request_id)
            .limit(limit)
            .offset(offset)
        )
        found = [_request(row) for row in await self._session.execute(statement)]
        total = await self._session.scalar(
            select(func.count()).select_from(t.correction_requests).where(*where)
        )
        return found, int(total or 0)

    async def get(
        self, board: str, request_id: UUID, *, lock: bool = False
    ) -> BoardCorrectionRequest | None:
        c = t.correction_requests.c
        statement = select(*_COLUMNS).where(c.request_id == request_id, c.bevoegd_gezag == board)
        if lock:
            statement = statement.with_for_update()
        row = (await self._session.execute(statement)).first()
        return None if row is None else _request(row)

    async def answer(self, request_id: UUID, answer: Answer) -> None:
        c = t.correction_requests.c
        await self._session.execute(
            update(t.correction_requests)
            .where(c.request_id == request_id, c.decision.is_(None))
            .values(
                decision=answer.decision,
                reason=answer.reason,
                answered_by=answer.answered_by,
                answered_at=answer.answered_at,
            )
        )

    async def resolve(self, resolutions: Sequence[Resolution]) -> None:
        """Mark requests resolved; the first resolution of a request stands."""
        c = t.correction_requests.c
        for resolution in resolutions:
            await self._session.execute(
                update(t.correction_requests)
                .where(c.request_id == resolution.request_id, c.resolved_at.is_(None))
                .values(resolved_at=resolution.resolved_at, resolved_by=resolution.delivery_id)
            )


def _status_filter(status: Status | None) -> list[ColumnElement[bool]]:
    c = t.correction_requests.c
    if status is None:
        return []
    if status == "resolved":
        return [c.resolved_at.is_not(None)]
    if status == "open":
        return [c.resolved_at.is_(None), c.decision.is_(None)]
    return [c.resolved_at.is_(None), c.decision == status]


_COLUMNS = (
    t.correction_requests.c.request_id,
    t.correction_requests.c.bevoegd_gezag,
    t.correction_requests.c.body,
    t.correction_requests.c.received_at,
    t.correction_requests.c.decision,
    t.correction_requests.c.reason,
    t.correction_requests.c.answered_by,
    t.correction_requests.c.answered_at,
    t.correction_requests.c.resolved_at,
    t.correction_requests.c.resolved_by,
)


def _request(row: Any) -> BoardCorrectionRequest:
    body = dict(row.body if isinstance(row.body, dict) else json.loads(row.body))
    answer = (
        None
        if row.decision is None
        else Answer(row.decision, row.reason, row.answered_by, row.answered_at)
    )
    return BoardCorrectionRequest(
        request_id=row.request_id,
        bevoegd_gezag=row.bevoegd_gezag,
        registration_number=str(body["registration_number"]),
        body=body,
        received_at=row.received_at,
        answer=answer,
        resolved_at=row.resolved_at,
        resolved_by=row.resolved_by,
    )
