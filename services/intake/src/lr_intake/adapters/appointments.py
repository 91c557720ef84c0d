"""The hot path of a delivery: accepted appointments recorded and published, two statements a
chunk.

The first upserts the chunk's identities and fingerprints (sent as arrays) in identity order
and returns the identities that are new or changed; only those are published. The second
writes them, in row order, as one outbox bundle (`lr_shared.outbox.bundle`: key, value and the
`ce_id` of each record, `<delivery id>-<row number>`, joined by NUL bytes; the other headers
once), built here from the records the chunk already holds. The AppointmentV1 JSON thus
crosses to PostgreSQL once, into the outbox, and is not staged, analyzed and aggregated there
first (docs/intake.md, "Compiled row checks").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from lr_intake.adapters.messages import appointment_headers
from lr_intake.application.ports import Accepted
from lr_shared.contracts.topics import INTAKE_APPOINTMENTS
from lr_shared.db import raw_connection
from lr_shared.outbox import bundle

# In identity order: concurrent deliveries lock the same rows in the same order. A row whose
# fingerprint did not change is neither updated nor returned, so it is not published.
_RECORD = """
    insert into appointments as a (identity, fingerprint, bevoegd_gezag, delivery_id, updated_at)
    select identity, fingerprint, bevoegd_gezag, $4, now()
    from unnest($1::bytea[], $2::bytea[], $3::text[]) as s (identity, fingerprint, bevoegd_gezag)
    order by identity
    on conflict (identity) do update
        set fingerprint = excluded.fingerprint, bevoegd_gezag = excluded.bevoegd_gezag,
            delivery_id = excluded.delivery_id, updated_at = excluded.updated_at
        where a.fingerprint <> excluded.fingerprint
    returning identity
"""
_PUBLISH = """
    insert into outbox (topic, key, value, headers, records) values ($1, $2, $3, $4::json, $5)
"""


class SqlAppointments:
    def __init__(self, session: AsyncSession, topic: Callable[[str], str]) -> None:
        self._session = session
        self._topic = topic  # Settings.topic: the physical name of a catalogue topic

    async def record(self, delivery_id: UUID, items: Sequence[Accepted], at: datetime) -> int:
        if not items:
            return 0
        connection = await raw_connection(self._session)
        changed = {
            row["identity"]
            for row in await connection.fetch(
                _RECORD,
                [item[1] for item in items],
                [item[2] for item in items],
                [item[3] for item in items],
                delivery_id,
            )
        }
        if not changed:
            return 0
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
        return len(changed)
