"""The hot path of a delivery: accepted appointments looked up, recorded and published, three
statements a chunk.

The first looks up the chunk's identities (sent as an array) and locks those intake holds, in
identity order; the processor leaves out the unchanged ones and describes the others (field
digests and key fields, `adapters/fields.py`). The second upserts those, in identity order,
and returns the identities that are new or changed (another delivery may have brought the
same meanwhile); only those are published. The third writes them, in row order, as one
outbox bundle (`lr_shared.outbox.bundle`: key, value and the
`ce_id` of each record, `<delivery id>-<row number>`, joined by NUL bytes; the other headers
once), built here from the records the chunk already holds. The AppointmentV1 JSON thus
crosses to PostgreSQL once, into the outbox, and is not staged, analyzed and aggregated there
first (docs/intake.md, "Compiled row checks").
"""

from __future__ import annotations

from collections.abc import Callable, Container, Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from lr_intake.adapters.messages import appointment_headers
from lr_intake.application.ports import Accepted, AppointmentDetails, KnownAppointment
from lr_intake.domain.changes import NoLongerDelivered
from lr_shared.contracts.topics import INTAKE_APPOINTMENTS
from lr_shared.db import raw_connection
from lr_shared.outbox import bundle

# In identity order: concurrent deliveries lock the same rows in the same order (the upsert
# below locked every row of its chunk, changed or not, before the lookup took its place).
_KNOWN = """
    select identity, fingerprint, fields, bevoegd_gezag from appointments
    where identity = any($1::bytea[]) order by identity
"""
_KNOWN_LOCKED = _KNOWN + " for update"
# A row whose fingerprint did not change (another delivery wrote it since the lookup) is
# neither updated nor returned, so it is not published.
_RECORD = """
    insert into appointments as a (identity, fingerprint, bevoegd_gezag, delivery_id, updated_at,
        fields, brin, brin_volgnummer, benoemingsgrondslag, benoeming_begindatum, row_number,
        teacher)
    select identity, fingerprint, bevoegd_gezag, $4, now(), fields,
        split_part(shown, chr(31), 1), split_part(shown, chr(31), 2),
        split_part(shown, chr(31), 3), split_part(shown, chr(31), 4)::date,
        split_part(shown, chr(31), 5)::int, teacher
    from unnest($1::bytea[], $2::bytea[], $3::text[], $5::bytea[], $6::text[], $7::bytea[])
        as s (identity, fingerprint, bevoegd_gezag, fields, shown, teacher)
    order by identity
    on conflict (identity) do update
        set fingerprint = excluded.fingerprint, bevoegd_gezag = excluded.bevoegd_gezag,
            delivery_id = excluded.delivery_id, updated_at = excluded.updated_at,
            fields = excluded.fields, brin = excluded.brin,
            brin_volgnummer = excluded.brin_volgnummer,
            benoemingsgrondslag = excluded.benoemingsgrondslag,
            benoeming_begindatum = excluded.benoeming_begindatum,
            row_number = excluded.row_number, teacher = excluded.teacher
        where a.fingerprint <> excluded.fingerprint
    returning identity
"""
_ERASED = "select teacher from erasure_markers where teacher = any($1::bytea[])"
_OF_BOARD = "select count(*) from appointments where bevoegd_gezag = $1"
_BOARD_ROWS = """
    select identity, brin, brin_volgnummer, benoemingsgrondslag, benoeming_begindatum,
        delivery_id, row_number
    from appointments where bevoegd_gezag = $1 and delivery_id <> $2
"""
_PUBLISH = """
    insert into outbox (topic, key, value, headers, records) values ($1, $2, $3, $4::json, $5)
"""


class SqlAppointments:
    def __init__(self, session: AsyncSession, topic: Callable[[str], str]) -> None:
        self._session = session
        self._topic = topic  # Settings.topic: the physical name of a catalogue topic

    async def known(
        self, identities: Sequence[bytes], *, lock: bool
    ) -> dict[bytes, KnownAppointment]:
        if not identities:
            return {}
        connection = await raw_connection(self._session)
        rows = await connection.fetch(_KNOWN_LOCKED if lock else _KNOWN, identities)
        return {
            row[0]: KnownAppointment(row[1], None if row[2] is None else bytes(row[2]), row[3])
            for row in rows
        }

    async def record(
        self,
        delivery_id: UUID,
        items: Sequence[Accepted],
        details: Sequence[AppointmentDetails],
        at: datetime,
    ) -> set[bytes]:
        if not items:
            return set()
        connection = await raw_connection(self._session)
        changed: set[bytes] = {
            row[0]
            for row in await connection.fetch(
                _RECORD,
                [item[1] for item in items],
                [item[2] for item in items],
                [item[3] for item in items],
                delivery_id,
                [d.fields for d in details],
                [d.shown for d in details],
                [item[4] for item in items],
            )
        }
        if not changed:
            return changed
        ce_id = f"{delivery_id}-"
        row = bundle(
            self._topic(INTAKE_APPOINTMENTS.name),
            appointment_headers(at),
            [
                (key, value, f"{ce_id}{number}".encode())
                for number, identity, _, _, key, value in items
                if identity in changed
            ],
        )
        await connection.execute(_PUBLISH, row.topic, row.key, row.value, row.headers, row.records)
        return changed

    async def erased(self, teachers: Sequence[bytes]) -> set[bytes]:
        if not teachers:
            return set()
        connection = await raw_connection(self._session)
        rows = await connection.fetch(_ERASED, teachers)
        return {bytes(row[0]) for row in rows}

    async def count_of_board(self, board: str) -> int:
        connection = await raw_connection(self._session)
        return int(await connection.fetchval(_OF_BOARD, board))

    async def absent_of_board(
        self, board: str, delivery_id: UUID, delivered: Container[bytes]
    ) -> list[NoLongerDelivered]:
        connection = await raw_connection(self._session)
        absent: list[NoLongerDelivered] = []
        # A cursor: a board's appointments are read a few thousand at a time, not all at once.
        async for row in connection.cursor(_BOARD_ROWS, board, delivery_id, prefetch=5000):
            if row[0] not in delivered:
                absent.append(NoLongerDelivered(*row[1:]))
        return absent
