"""SQL of the notifications service: set-based statements (unnest) so a batch of 500 events
costs a handful of round trips, not 500."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from lr_notifications.application.ports import DueNotification, Recorded
from lr_notifications.domain.contacts import Contact
from lr_notifications.domain.delivery import Status
from lr_notifications.domain.occasions import Occasion
from lr_shared import inbox


class SqlInbox:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def claim(self, consumer: str, message_ids: Sequence[str]) -> set[str]:
        return await inbox.claim(self._session, consumer, message_ids)


class SqlContacts:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get_many(self, registration_numbers: Sequence[str]) -> dict[str, Contact]:
        if not registration_numbers:
            return {}
        result = await self._session.execute(
            text(
                "select registration_number, voorletters, tussenvoegsel, achternaam, email, "
                "language from contacts where registration_number = any(cast(:n as text[]))"
            ),
            {"n": list(set(registration_numbers))},
        )
        return {row[0]: Contact(*row) for row in result}

    async def upsert(self, contacts: Sequence[Contact]) -> None:
        if not contacts:
            return
        await self._session.execute(
            text(
                """
                insert into contacts (registration_number, voorletters, tussenvoegsel,
                                      achternaam, email, language, updated_at)
                select n, v, t, a, e, l, now() from unnest(
                    cast(:n as text[]), cast(:v as text[]), cast(:t as text[]),
                    cast(:a as text[]), cast(:e as text[]), cast(:l as text[])
                ) as u(n, v, t, a, e, l)
                on conflict (registration_number) do update set
                    voorletters = excluded.voorletters, tussenvoegsel = excluded.tussenvoegsel,
                    achternaam = excluded.achternaam, email = excluded.email,
                    language = excluded.language, updated_at = excluded.updated_at
                """
            ),
            {
                "n": [c.registration_number for c in contacts],
                "v": [c.voorletters for c in contacts],
                "t": [c.tussenvoegsel for c in contacts],
                "a": [c.achternaam for c in contacts],
                "e": [c.email for c in contacts],
                "l": [c.language for c in contacts],
            },
        )

    async def delete(self, registration_numbers: Sequence[str]) -> None:
        if registration_numbers:
            await self._session.execute(
                text("delete from contacts where registration_number = any(cast(:n as text[]))"),
                {"n": list(registration_numbers)},
            )


_INSERT = text(
    """
    insert into notifications (id, registration_number, notification_key, kind, status,
        period_end, moment, occurred_at, next_attempt_at, created_at, updated_at)
    select id, n, k, kind, s, p, m, o, :now, :now, :now from unnest(
        cast(:ids as uuid[]), cast(:n as text[]), cast(:k as text[]), cast(:kind as text[]),
        cast(:s as text[]), cast(:p as date[]), cast(:m as text[]), cast(:o as timestamptz[])
    ) as u(id, n, k, kind, s, p, m, o)
    on conflict do nothing
    """
)

_CLAIM = text(
    """
    with due as (
        select id from notifications
        where status in ('pending', 'sending') and next_attempt_at <= :now
        order by next_attempt_at
        limit :limit
        for update skip locked
    )
    update notifications n
    set status = 'sending', attempts = n.attempts + 1, last_attempt_at = :now,
        next_attempt_at = :lease_until, updated_at = :now
    from due where n.id = due.id
    returning n.id, n.registration_number, n.kind, n.attempts, n.period_end, n.moment
    """
)

# Fenced by `attempts`: if the lease ran out and another sender claimed the row again, this
# sender's late answer is not recorded over the newer attempt. An address is never kept for a
# teacher with an erasure request.
_RECORD = text(
    """
    update notifications n
    set status = u.status, next_attempt_at = u.next_attempt_at, smtp_code = u.code,
        last_error = u.error, updated_at = :now,
        sent_at = case when u.status = 'sent' then :now else n.sent_at end,
        recipient = case when exists (select 1 from erasure_requests e
                                      where e.registration_number = n.registration_number)
                         then null else u.recipient end
    from unnest(
        cast(:ids as uuid[]), cast(:attempts as int[]), cast(:s as text[]),
        cast(:next as timestamptz[]), cast(:codes as int[]), cast(:errors as text[]),
        cast(:recipients as text[])
    ) as u(id, attempts, status, next_attempt_at, code, error, recipient)
    where n.id = u.id and n.attempts = u.attempts and n.status = 'sending'
    """
)


class SqlNotifications:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, occasions: Sequence[tuple[Occasion, Status]], now: datetime) -> None:
        if not occasions:
            return
        await self._session.execute(
            _INSERT,
            {
                "now": now,
                "ids": [o.notification_id for o, _ in occasions],
                "n": [o.registration_number for o, _ in occasions],
                "k": [o.notification_key for o, _ in occasions],
                "kind": [o.kind for o, _ in occasions],
                "s": [status for _, status in occasions],
                "p": [o.period_end for o, _ in occasions],
                "m": [o.moment for o, _ in occasions],
                "o": [o.occurred_at for o, _ in occasions],
            },
        )

    async def set_status_where(
        self,
        registration_numbers: Sequence[str],
        current: Sequence[Status],
        new: Status,
        now: datetime,
    ) -> None:
        if not registration_numbers:
            return
        # The erasure notice is left alone: it never waits for a contact (without an address
        # the erasure goes ahead when the sender claims it).
        await self._session.execute(
            text(
                "update notifications set status = :new, next_attempt_at = :now, "
                "updated_at = :now where registration_number = any(cast(:n as text[])) "
                "and status = any(cast(:current as text[])) and kind <> 'erasure'"
            ),
            {"new": new, "now": now, "n": list(registration_numbers), "current": list(current)},
        )

    async def cancel_unsent(self, registration_number: str) -> None:
        await self._session.execute(
            text(
                "update notifications set status = 'cancelled', next_attempt_at = null, "
                "updated_at = now() where registration_number = :n "
                "and status in ('awaiting_contact', 'pending') and kind <> 'erasure'"
            ),
            {"n": registration_number},
        )

    async def claim_due(self, now: datetime, limit: int, lease: timedelta) -> list[DueNotification]:
        lease_until = now + lease
        result = await self._session.execute(
            _CLAIM, {"now": now, "limit": limit, "lease_until": lease_until}
        )
        rows = result.all()
        contacts = await SqlContacts(self._session).get_many([r.registration_number for r in rows])
        return [
            DueNotification(
                id=r.id,
                registration_number=r.registration_number,
                kind=r.kind,
                attempts=r.attempts,
                lease_until=lease_until,
                period_end=r.period_end,
                moment=r.moment,
                contact=contacts.get(r.registration_number),
            )
            for r in rows
        ]

    async def record(self, outcomes: Sequence[Recorded], now: datetime) -> None:
        if not outcomes:
            return
        await self._session.execute(
            _RECORD,
            {
                "now": now,
                "ids": [r.due.id for r in outcomes],
                "attempts": [r.due.attempts for r in outcomes],
                "s": [r.outcome.status for r in outcomes],
                "next": [r.outcome.next_attempt_at or now for r in outcomes],
                "codes": [r.outcome.code for r in outcomes],
                "errors": [r.outcome.error for r in outcomes],
                "recipients": [r.recipient for r in outcomes],
            },
        )

    async def scrub(self, registration_number: str) -> None:
        await self._session.execute(
            text(
                "update notifications set recipient = null, last_error = null "
                "where registration_number = :n"
            ),
            {"n": registration_number},
        )

    async def counts(self) -> list[tuple[str, str, int]]:
        result = await self._session.execute(
            text("select kind, status, count(*) from notifications group by kind, status")
        )
        return [(row[0], row[1], int(row[2])) for row in result]


class SqlErasures:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def erased(self, registration_numbers: Sequence[str]) -> set[str]:
        if not registration_numbers:
            return set()
        result = await self._session.execute(
            text(
                "select distinct registration_number from erasure_requests "
                "where registration_number = any(cast(:n as text[]))"
            ),
            {"n": list(registration_numbers)},
        )
        return {row[0] for row in result}

    async def add_request(
        self, request_id: uuid.UUID, registration_number: str, requested_at: datetime
    ) -> None:
        await self._session.execute(
            text(
                "insert into erasure_requests (request_id, registration_number, requested_at) "
                "values (:id, :n, :at) on conflict do nothing"
            ),
            {"id": request_id, "n": registration_number, "at": requested_at},
        )

    async def complete(self, registration_number: str, now: datetime) -> list[uuid.UUID]:
        result = await self._session.execute(
            text(
                "update erasure_requests set completed_at = :now "
                "where registration_number = :n and completed_at is null returning request_id"
            ),
            {"n": registration_number, "now": now},
        )
        return [row[0] for row in result]
