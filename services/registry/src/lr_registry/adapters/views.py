"""Read models: the teacher's own registration and the public lookup (plain queries, no UoW)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from lr_registry.adapters.registrations import SqlRegistrations
from lr_registry.domain.lifecycle import next_reminder
from lr_registry.domain.model import OPEN_END, PUBLIC_STATES
from lr_shared.contracts.registry import PUBLIC_LABELS
from lr_shared.db import raw_connection

_ACTIVE_SCHOOLS = """
select a.registration_number, a.brin, a.brin_volgnummer, s.naam, a.sector, a.qualified,
       a.benoemingsgrondslag
from appointments a
left join schools s on s.brin = a.brin and s.brin_volgnummer = a.brin_volgnummer
where a.registration_number = any($1::text[]) and coalesce(a.benoeming_einddatum, $2) >= $3
order by a.registration_number, a.brin, a.brin_volgnummer, a.benoemingsgrondslag
"""

_SEARCH = """
select t.registration_number, t.voorletters, t.tussenvoegsel, t.achternaam, r.state,
       t.show_qualifications
from teachers t join registrations r using (registration_number)
where lower(t.achternaam) like $1 and r.state = any($2::text[])
  and ($3::text is null or regexp_replace(lower(t.voorletters), '[^a-z]', '', 'g') like $3)
order by lower(t.achternaam), t.voorletters, t.registration_number
limit $4 offset $5
"""

_ONE = """
select t.registration_number, t.voorletters, t.tussenvoegsel, t.achternaam, r.state,
       t.show_qualifications
from teachers t join registrations r using (registration_number)
where t.registration_number = $1 and r.state = any($2::text[])
"""


def _like_prefix(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"{escaped}%"


class Views:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    @asynccontextmanager
    async def _connection(self) -> AsyncIterator[Any]:
        async with self._sessions() as session:
            yield await raw_connection(session)

    async def search(
        self, achternaam: str, voorletters: str | None, limit: int, offset: int, today: date
    ) -> list[dict[str, Any]]:
        initials = "".join(c for c in (voorletters or "").lower() if c.isalpha()) or None
        async with self._connection() as conn:
            rows = await conn.fetch(
                _SEARCH,
                _like_prefix(achternaam.strip().lower()),
                sorted(PUBLIC_STATES),
                _like_prefix(initials) if initials else None,
                limit,
                offset,
            )
            return await _public_entries(conn, rows, today)

    async def public_registration(self, number: str, today: date) -> dict[str, Any] | None:
        async with self._connection() as conn:
            rows = await conn.fetch(_ONE, number, sorted(PUBLIC_STATES))
            entries = await _public_entries(conn, rows, today)
        return entries[0] if entries else None

    async def own_registration(self, number: str, today: date) -> dict[str, Any] | None:
        async with self._connection() as conn:
            return await _own(conn, number, today)


async def _public_entries(conn: Any, rows: Sequence[Any], today: date) -> list[dict[str, Any]]:
    numbers = [r["registration_number"] for r in rows]
    schools: dict[str, dict[tuple[str, str], dict[str, Any]]] = defaultdict(dict)
    qualifications: dict[str, set[tuple[str, str]]] = defaultdict(set)
    if numbers:
        for s in await conn.fetch(_ACTIVE_SCHOOLS, numbers, OPEN_END, today):
            number = s["registration_number"]
            schools[number].setdefault(
                (s["brin"], s["brin_volgnummer"]),
                {"brin": s["brin"], "brin_volgnummer": s["brin_volgnummer"], "naam": s["naam"]},
            )
            if s["qualified"]:
                qualifications[number].add((s["sector"], s["benoemingsgrondslag"]))
    return [
        {
            "registration_number": r["registration_number"],
            "voorletters": r["voorletters"],
            "tussenvoegsel": r["tussenvoegsel"],
            "achternaam": r["achternaam"],
            "public_label": PUBLIC_LABELS[r["state"]],
            "schools": list(schools[r["registration_number"]].values()),
            "qualifications": (
                [
                    {"sector": sector, "benoemingsgrondslag": code}
                    for sector, code in sorted(qualifications[r["registration_number"]])
                ]
                if r["show_qualifications"]
                else None
            ),
        }
        for r in rows
    ]


async def _next_reminder(conn: Any, number: str) -> datetime | None:
    async def raw() -> Any:
        return conn

    registration = await SqlRegistrations(raw).read(number)
    return next_reminder(registration) if registration is not None else None


async def _own(conn: Any, number: str, today: date) -> dict[str, Any] | None:
    row = await conn.fetchrow(
        "select t.voorletters, t.tussenvoegsel, t.achternaam, t.geslacht, t.geboortedatum, "
        "t.email, t.preferred_email, t.language, t.show_qualifications, r.state, "
        "r.period_start, r.period_end, r.confirmed_at, r.invited_at "
        "from teachers t join registrations r using (registration_number) "
        "where t.registration_number = $1",
        number,
    )
    if row is None:
        return None
    appointments = await conn.fetch(
        "select a.id, a.bevoegd_gezag, a.brin, a.brin_volgnummer, s.naam, a.benoemingsgrondslag, "
        "a.qualified, a.sector, a.functie, a.onderwijsterrein, a.benoeming_begindatum, "
        "a.benoeming_einddatum, a.dienstverband_begindatum, a.dienstverband_einddatum "
        "from appointments a left join schools s "
        "on s.brin = a.brin and s.brin_volgnummer = a.brin_volgnummer "
        "where a.registration_number = $1 order by a.brin, a.brin_volgnummer, a.id",
        number,
    )
    schools: dict[tuple[str, str], dict[str, Any]] = {}
    for a in appointments:
        school = schools.setdefault(
            (a["brin"], a["brin_volgnummer"]),
            {
                "brin": a["brin"],
                "brin_volgnummer": a["brin_volgnummer"],
                "naam": a["naam"],
                "bevoegd_gezag": a["bevoegd_gezag"],
                "appointments": [],
            },
        )
        end = a["benoeming_einddatum"]
        school["appointments"].append(
            {
                "id": a["id"],
                **{k: a[k] for k in _APPOINTMENT_KEYS},
                "active": end is None or end >= today,
            }
        )
    progress = await conn.fetch(
        "select period_start, period_end, total_hours, core_hours, norm_met from progress "
        "where registration_number = $1 order by period_end",
        number,
    )
    history = await conn.fetch(
        "select from_state, to_state, reason, at from history "
        "where registration_number = $1 order by id",
        number,
    )
    return {
        "registration_number": number,
        "state": row["state"],
        "public_label": PUBLIC_LABELS.get(row["state"]),
        "voorletters": row["voorletters"],
        "tussenvoegsel": row["tussenvoegsel"],
        "achternaam": row["achternaam"],
        "geslacht": row["geslacht"],
        "geboortedatum": row["geboortedatum"],
        "email": row["preferred_email"] or row["email"],
        "preferences": {
            "email": row["preferred_email"],
            "language": row["language"],
            "show_qualifications": row["show_qualifications"],
        },
        "invited_at": row["invited_at"],
        "confirmed_at": row["confirmed_at"],
        "period": (
            {"start": row["period_start"], "end": row["period_end"]} if row["period_end"] else None
        ),
        "next_reminder": await _next_reminder(conn, number),
        "schools": list(schools.values()),
        "progress": [dict(p) for p in progress],
        "history": [dict(h) for h in history],
    }


_APPOINTMENT_KEYS = (
    "benoemingsgrondslag",
    "qualified",
    "sector",
    "functie",
    "onderwijsterrein",
    "benoeming_begindatum",
    "benoeming_einddatum",
    "dienstverband_begindatum",
    "dienstverband_einddatum",
)
