"""Registrations, their history and announced occasions, written in bulk."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from lr_registry.application.ports import SchoolRef, Snapshot
from lr_registry.domain.lifecycle import next_due
from lr_registry.domain.model import OPEN_END, Change, Coverage, Registration
from lr_shared.db import RawConnection

log = logging.getLogger(__name__)

# Deregistered since the last transition into that state (its history row; the row's own last
# change if there is none). No index on state: the purge runs hourly, a scan of the
# registrations is cheap beside the erasures it starts.
_DEREGISTERED_BEFORE = """
select r.registration_number from registrations r
where r.state = 'deregistered'
  and coalesce(
        (select max(h.at) from history h
         where h.registration_number = r.registration_number and h.to_state = 'deregistered'),
        r.updated_at) < $1
order by r.registration_number
limit $2
"""

_LOCK = """
select registration_number, state, invited_at, confirmed_at, period_start, period_end,
       active_until, qualified_until, next_end
from registrations where registration_number = any($1::text[])
order by registration_number for update
"""

_READ = """
select registration_number, state, invited_at, confirmed_at, period_start, period_end,
       active_until, qualified_until, next_end
from registrations where registration_number = $1
"""

_DUE = """
select registration_number, state, invited_at, confirmed_at, period_start, period_end,
       active_until, qualified_until, next_end
from registrations where next_due_at <= $1
order by next_due_at limit $2 for update skip locked
"""

_INSERT = """
insert into registrations (registration_number, state, invited_at, confirmed_at, period_start,
    period_end, active_until, qualified_until, next_due_at, next_end)
select * from unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::date[],
    $6::date[], $7::date[], $8::date[], $9::timestamptz[], $10::date[])
"""

_UPDATE = """
update registrations r set state = u.state, invited_at = u.invited_at,
    confirmed_at = u.confirmed_at, period_start = u.period_start, period_end = u.period_end,
    active_until = u.active_until, qualified_until = u.qualified_until,
    next_due_at = u.next_due_at, next_end = u.next_end, updated_at = now()
from unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::date[],
    $6::date[], $7::date[], $8::date[], $9::timestamptz[], $10::date[])
    as u(registration_number, state, invited_at, confirmed_at, period_start, period_end,
         active_until, qualified_until, next_due_at, next_end)
where r.registration_number = u.registration_number
"""

_NOTIFY = """
insert into notifications (registration_number, notification_key, announced_at)
select n, k, $3 from unnest($1::text[], $2::text[]) as u(n, k)
on conflict do nothing
returning registration_number, notification_key
"""

_SCHOOLS = """
select a.registration_number, a.brin, a.brin_volgnummer, s.naam, a.bevoegd_gezag, a.sector,
       a.qualified, a.benoemingsgrondslag
from appointments a
left join schools s on s.brin = a.brin and s.brin_volgnummer = a.brin_volgnummer
where a.registration_number = any($1::text[]) and coalesce(a.benoeming_einddatum, $2) >= $3
order by a.registration_number, a.brin, a.brin_volgnummer, a.benoemingsgrondslag,
         a.benoeming_begindatum
"""


class SqlRegistrations:
    def __init__(self, raw: RawConnection) -> None:
        self._raw = raw

    async def lock(self, numbers: Collection[str]) -> dict[str, Registration]:
        if not numbers:
            return {}
        conn = await self._raw()
        rows = await conn.fetch(
            _LOCK,
            sorted(numbers),
        )
        return {r.number: r for r in await self._complete(conn, rows)}

    async def read(self, number: str) -> Registration | None:
        """The registration as it stands, without a lock (for read models)."""
        conn = await self._raw()
        found = await self._complete(conn, await conn.fetch(_READ, number))
        return found[0] if found else None

    async def due(self, now: datetime, limit: int) -> list[Registration]:
        conn = await self._raw()
        rows = await conn.fetch(
            _DUE,
            now,
            limit,
        )
        return await self._complete(conn, rows)

    async def _complete(self, conn: Any, rows: Sequence[Any]) -> list[Registration]:
        numbers = [r["registration_number"] for r in rows]
        notified: dict[str, set[str]] = defaultdict(set)
        for n in await conn.fetch(
            "select registration_number, notification_key from notifications "
            "where registration_number = any($1::text[])",
            numbers,
        ):
            notified[n[0]].add(n[1])
        met: dict[str, set[date]] = defaultdict(set)
        for p in await conn.fetch(
            "select registration_number, period_end from progress "
            "where registration_number = any($1::text[]) and norm_met",
            numbers,
        ):
            met[p[0]].add(p[1])
        return [
            Registration(
                number=r["registration_number"],
                state=r["state"],
                invited_at=r["invited_at"],
                coverage=Coverage(r["active_until"], r["qualified_until"], r["next_end"]),
                confirmed_at=r["confirmed_at"],
                period_start=r["period_start"],
                period_end=r["period_end"],
                notified=frozenset(notified[r["registration_number"]]),
                norm_met=frozenset(met[r["registration_number"]]),
            )
            for r in rows
        ]

    async def save(self, changes: Sequence[Change], now: datetime) -> set[tuple[str, str]]:
        if not changes:
            return set()
        conn = await self._raw()
        new = [c.after for c in changes if c.is_new]
        old = [c.after for c in changes if not c.is_new]
        if new:
            await conn.execute(_INSERT, *_columns(new, now))
        if old:
            await conn.execute(_UPDATE, *_columns(old, now))
        history = [
            (c.after.number, t.from_state, t.to_state, t.reason, t.at)
            for c in changes
            for t in c.transitions
        ]
        if history:
            await conn.copy_records_to_table(
                "history",
                records=history,
                columns=["registration_number", "from_state", "to_state", "reason", "at"],
            )
        notices = [(c.after.number, n.key) for c in changes for n in c.notices]
        if not notices:
            return set()
        accepted = await conn.fetch(_NOTIFY, [n for n, _ in notices], [k for _, k in notices], now)
        return {(r[0], r[1]) for r in accepted}

    async def deregistered_before(self, cutoff: datetime, limit: int) -> list[str]:
        conn = await self._raw()
        rows = await conn.fetch(_DEREGISTERED_BEFORE, cutoff, limit)
        return [r[0] for r in rows]

    async def snapshots(self, numbers: Collection[str], today: date) -> list[Snapshot]:
        conn = await self._raw()
        wanted = sorted(numbers)
        schools: dict[str, list[SchoolRef]] = defaultdict(list)
        for s in await conn.fetch(_SCHOOLS, wanted, OPEN_END, today):
            schools[s[0]].append(SchoolRef(*list(s)[1:]))
        rows = await conn.fetch(
            "select r.registration_number, r.state, r.period_start, r.period_end, "
            "r.qualified_until, t.voorletters, t.tussenvoegsel, t.achternaam "
            "from registrations r join teachers t using (registration_number) "
            "where r.registration_number = any($1::text[]) order by r.registration_number",
            wanted,
        )
        return [
            Snapshot(
                number=r["registration_number"],
                state=r["state"],
                voorletters=r["voorletters"],
                tussenvoegsel=r["tussenvoegsel"],
                achternaam=r["achternaam"],
                period_start=r["period_start"],
                period_end=r["period_end"],
                qualified=r["qualified_until"] is not None and r["qualified_until"] >= today,
                schools=tuple(schools[r["registration_number"]]),
            )
            for r in rows
        ]


def _due_at(registration: Registration, now: datetime) -> datetime | None:
    due = next_due(registration)
    if due is not None and due <= now:
        # The lifecycle handled everything due by now; a moment still in the past would make
        # the scheduler pick this row again and again, so it is looked at tomorrow instead.
        log.warning("registration still due after advancing", extra={"state": registration.state})
        return now + timedelta(days=1)
    return due


def _columns(registrations: Sequence[Registration], now: datetime) -> list[list[Any]]:
    return [
        [r.number for r in registrations],
        [r.state for r in registrations],
        [r.invited_at for r in registrations],
        [r.confirmed_at for r in registrations],
        [r.period_start for r in registrations],
        [r.period_end for r in registrations],
        [r.coverage.active_until for r in registrations],
        [r.coverage.qualified_until for r in registrations],
        [_due_at(r, now) for r in registrations],
        [r.coverage.next_end for r in registrations],
    ]
