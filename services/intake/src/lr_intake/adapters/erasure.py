"""The erasure of one teacher in intake's tables, and its confirmation in the outbox: one
transaction, so the confirmation is sent if and only if the erasure committed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from lr_shared import outbox
from lr_shared.cloudevents import CloudEvent, event_type, source
from lr_shared.contracts.privacy import ErasureConfirmationV1
from lr_shared.contracts.topics import PRIVACY_ERASURE_CONFIRMATIONS
from lr_shared.db import raw_connection

CONFIRMED_TYPE = event_type("intake", "erasure-confirmed")

# Her appointments (found by the keyed BSN hash), and what a delivery listed of them as no
# longer delivered (their key fields, with the row that last brought them).
_APPOINTMENTS = """
    with gone as (delete from appointments where teacher = $1
                  returning delivery_id, row_number)
    delete from no_longer_delivered n using gone
    where n.last_delivery_id = gone.delivery_id and n.last_row_number = gone.row_number
"""
# What she disputed, with her name, kept for her board.
_CORRECTIONS = "delete from correction_requests where body ->> 'registration_number' = $1"
_MARK = """
    insert into erasure_markers (teacher, erased_on) values ($1, $2)
    on conflict (teacher) do nothing
"""


class SqlErasure:
    def __init__(self, session: AsyncSession, topic: Callable[[str], str]) -> None:
        self._session = session
        self._topic = topic

    async def erase(
        self, registration_number: str, bsn_hash: str | None, on: date, *, mark: bool
    ) -> None:
        connection = await raw_connection(self._session)
        await connection.execute(_CORRECTIONS, registration_number)
        if bsn_hash is not None:
            teacher = bsn_hash.encode()  # as the Kafka key, which appointments keep
            await connection.execute(_APPOINTMENTS, teacher)
            if mark:
                await connection.execute(_MARK, teacher, on)

    async def confirm(self, confirmation: ErasureConfirmationV1) -> None:
        event: CloudEvent[ErasureConfirmationV1] = CloudEvent(
            type=CONFIRMED_TYPE,
            source=source("intake"),
            subject=confirmation.registration_number,
            data=confirmation,
            id=f"intake-erasure-{confirmation.request_id}",
        )
        topic = self._topic(PRIVACY_ERASURE_CONFIRMATIONS.name)
        await outbox.add(
            self._session,
            [outbox.OutboxMessage.event(topic, confirmation.registration_number, event)],
        )
