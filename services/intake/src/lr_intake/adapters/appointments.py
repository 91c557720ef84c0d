"""The hot path of a delivery: accepted appointments recorded and published in one statement.

Per chunk, the rows go into a temporary staging table with one COPY (their identity,
fingerprint, Kafka key and AppointmentV1 JSON); one statement then upserts the appointments'
hashes and writes exactly those that are new or changed, in row order, as one outbox bundle
(`lr_shared.outbox.bundle`: the records' fields joined by NUL bytes; the headers are the same
for all but the `ce_id`, `<delivery id>-<row number>`, which is a field of each record). No
identity travels back to Python.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from lr_intake.adapters.messages import appointment_headers
from lr_intake.adapters.repositories import raw_connection
from lr_intake.application.ports import Accepted
from lr_shared.contracts.topics import INTAKE_APPOINTMENTS

# A chunk's sort by row number fits in memory (~1 kB a row); no JIT compilation (it cost more
# than the statement ran when the staging table had no statistics).
_STAGE = """
    create temp table if not exists staged_appointments (
        row_number integer, identity bytea, fingerprint bytea, bevoegd_gezag text,
        key bytea, value bytea
    ) on commit delete rows;
    truncate staged_appointments;
    set local work_mem = '32MB';
    set local jit = off
"""
_STAGED_COLUMNS = ["row_number", "identity", "fingerprint", "bevoegd_gezag", "key", "value"]

# Upserts in identity order (concurrent deliveries lock the same rows in the same order); a row
# whose fingerprint did not change is neither updated nor returned, so it is not published.
# The bundle's fields (key, value, ce_id per record) are joined by NUL bytes; no bundle when
# nothing changed.
_RECORD_AND_PUBLISH = r"""
    with changed as (
        insert into appointments as a
            (identity, fingerprint, bevoegd_gezag, delivery_id, updated_at)
        select identity, fingerprint, bevoegd_gezag, $1, now() from staged_appointments
        order by identity
        on conflict (identity) do update
            set fingerprint = excluded.fingerprint, bevoegd_gezag = excluded.bevoegd_gezag,
                delivery_id = excluded.delivery_id, updated_at = excluded.updated_at
            where a.fingerprint <> excluded.fingerprint
        returning identity
    )
    insert into outbox (topic, key, value, headers, records)
    select $2, '', string_agg(
            s.key || '\x00'::bytea || s.value || '\x00'::bytea
                || convert_to($3 || s.row_number, 'UTF8'),
            '\x00'::bytea order by s.row_number),
        $4::json, count(*)
    from staged_appointments s join changed c on c.identity = s.identity
    having count(*) > 0
    returning records
"""


class SqlAppointments:
    def __init__(self, session: AsyncSession, topic: Callable[[str], str]) -> None:
        self._session = session
        self._topic = topic  # Settings.topic: the physical name of a catalogue topic

    async def record(self, delivery_id: UUID, items: Sequence[Accepted], at: datetime) -> int:
        if not items:
            return 0
        delivery = str(delivery_id)
        connection = await raw_connection(self._session)
        await connection.execute(_STAGE)
        await connection.copy_records_to_table(
            "staged_appointments", records=items, columns=_STAGED_COLUMNS
        )
        # Statistics, so the planner hashes a chunk's rows instead of planning for millions.
        await connection.execute("analyze staged_appointments")
        published = await connection.fetchval(
            _RECORD_AND_PUBLISH,
            delivery_id,
            self._topic(INTAKE_APPOINTMENTS.name),
            f"{delivery}-",
            appointment_headers(at),
        )
        return int(published or 0)
