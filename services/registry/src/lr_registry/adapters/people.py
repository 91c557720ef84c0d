"""Teachers and their appointments: the hot path of a national delivery, written in bulk."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import Any

from lr_registry.application.ports import AppointmentRow, Contact, Ensured, Person, Preferences
from lr_registry.domain.model import OPEN_END, Coverage
from lr_shared.bsn import BsnCipher
from lr_shared.db import RawConnection

_PERSONAL = ("voorletters", "tussenvoegsel", "achternaam", "geslacht", "geboortedatum", "email")

_KNOWN_TEACHERS = """
select bsn_hash, registration_number, voorletters, tussenvoegsel, achternaam, geslacht,
       geboortedatum, email
from teachers where bsn_hash = any($1::text[])
"""

_INSERT_TEACHERS = """
insert into teachers (registration_number, bsn_hash, bsn_encrypted, voorletters, tussenvoegsel,
                      achternaam, geslacht, geboortedatum, email)
select * from unnest($1::text[], $2::text[], $3::bytea[], $4::text[], $5::text[], $6::text[],
                     $7::text[], $8::date[], $9::text[])
on conflict (bsn_hash) do nothing
returning bsn_hash, registration_number
"""

_UPDATE_TEACHERS = """
update teachers t set voorletters = u.voorletters, tussenvoegsel = u.tussenvoegsel,
    achternaam = u.achternaam, geslacht = u.geslacht, geboortedatum = u.geboortedatum,
    email = u.email, updated_at = now()
from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::text[])
    as u(bsn_hash, voorletters, tussenvoegsel, achternaam, geslacht, geboortedatum, email)
where t.bsn_hash = u.bsn_hash
"""


def format_number(value: int) -> str:
    """`LR` and eight digits from the sequence (see docs/registry.md on why a sequence)."""
    return f"LR{value:08d}"


class SqlTeachers:
    def __init__(self, raw: RawConnection, cipher: BsnCipher) -> None:
        self._raw = raw
        self._cipher = cipher

    async def ensure(self, people: Sequence[Person]) -> Ensured:
        conn = await self._raw()
        rows = await conn.fetch(
            _KNOWN_TEACHERS,
            [p.bsn_hash for p in people],
        )
        known = {r["bsn_hash"]: r for r in rows}
        numbers = {h: r["registration_number"] for h, r in known.items()}
        changed = [p for p in people if p.bsn_hash in known and _differs(p, known[p.bsn_hash])]
        if changed:
            await conn.execute(_UPDATE_TEACHERS, *_columns(changed, with_hash=True))
        new_people = [p for p in people if p.bsn_hash not in numbers]
        new: set[str] = set()
        if new_people:
            new = await self._insert(conn, new_people, numbers)
        return Ensured(
            numbers=numbers,
            new=frozenset(new),
            renamed=frozenset(numbers[p.bsn_hash] for p in changed),
        )

    async def _insert(
        self, conn: Any, people: Sequence[Person], numbers: dict[str, str]
    ) -> set[str]:
        values = await conn.fetch(
            "select nextval('registration_number_seq') from generate_series(1, $1)", len(people)
        )
        assigned = [format_number(v[0]) for v in values]
        inserted = await conn.fetch(
            _INSERT_TEACHERS,
            assigned,
            [p.bsn_hash for p in people],
            [self._cipher.encrypt(p.bsn) for p in people],
            *_columns(people, with_hash=False),
        )
        new = {r["registration_number"] for r in inserted}
        numbers.update({r["bsn_hash"]: r["registration_number"] for r in inserted})
        missing = [p.bsn_hash for p in people if p.bsn_hash not in numbers]
        if missing:  # another replica inserted them meanwhile (during a rebalance)
            rows = await conn.fetch(
                "select bsn_hash, registration_number from teachers "
                "where bsn_hash = any($1::text[])",
                missing,
            )
            numbers.update({r["bsn_hash"]: r["registration_number"] for r in rows})
        return new

    async def number_for(self, bsn_hash: str) -> str | None:
        conn = await self._raw()
        value = await conn.fetchval(
            "select registration_number from teachers where bsn_hash = $1", bsn_hash
        )
        return str(value) if value is not None else None

    async def contacts(self, numbers: Collection[str]) -> list[Contact]:
        conn = await self._raw()
        rows = await conn.fetch(
            "select registration_number, voorletters, tussenvoegsel, achternaam, "
            "coalesce(preferred_email, email) as email, language from teachers "
            "where registration_number = any($1::text[]) order by registration_number",
            list(numbers),
        )
        return [
            Contact(
                r["registration_number"],
                r["voorletters"],
                r["tussenvoegsel"],
                r["achternaam"],
                r["email"],
                r["language"],
            )
            for r in rows
        ]

    async def set_preferences(self, number: str, preferences: Preferences) -> None:
        conn = await self._raw()
        await conn.execute(
            "update teachers set preferred_email = $2, language = $3, show_qualifications = $4, "
            "updated_at = now() where registration_number = $1",
            number,
            preferences.email,
            preferences.language,
            preferences.show_qualifications,
        )

    async def erase(self, number: str) -> str | None:
        conn = await self._raw()
        # Appointments, registration, history, occasions, progress and corrections cascade;
        # the boards' look-ups of the teacher have no foreign key (docs/boards-registry.md).
        bsn_hash: str | None = await conn.fetchval(
            "with gone as (delete from board_lookup_registrations where registration_number = $1) "
            "delete from teachers where registration_number = $1 returning bsn_hash",
            number,
        )
        return bsn_hash


def _differs(person: Person, row: Any) -> bool:
    return any(getattr(person, field) != row[field] for field in _PERSONAL)


def _columns(people: Sequence[Person], *, with_hash: bool) -> list[list[Any]]:
    columns: list[list[Any]] = [[p.bsn_hash for p in people]] if with_hash else []
    columns += [[getattr(p, field) for p in people] for field in _PERSONAL]
    return columns


_UPSERT_APPOINTMENTS = """
insert into appointments as a (registration_number, bevoegd_gezag, brin, brin_volgnummer,
    benoemingsgrondslag, benoeming_begindatum, benoeming_einddatum, dienstverband_begindatum,
    dienstverband_einddatum, sector, functie, qualified, onderwijsterrein, delivery_id)
select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[],
    $7::date[], $8::date[], $9::date[], $10::text[], $11::text[], $12::bool[], $13::text[],
    $14::uuid[])
on conflict on constraint appointments_identity do update set
    bevoegd_gezag = excluded.bevoegd_gezag, benoeming_einddatum = excluded.benoeming_einddatum,
    dienstverband_begindatum = excluded.dienstverband_begindatum,
    dienstverband_einddatum = excluded.dienstverband_einddatum, sector = excluded.sector,
    functie = excluded.functie, qualified = excluded.qualified,
    onderwijsterrein = excluded.onderwijsterrein, delivery_id = excluded.delivery_id,
    updated_at = now()
where (a.bevoegd_gezag, a.benoeming_einddatum, a.dienstverband_begindatum,
       a.dienstverband_einddatum, a.sector, a.functie, a.qualified, a.onderwijsterrein)
    is distinct from
      (excluded.bevoegd_gezag, excluded.benoeming_einddatum, excluded.dienstverband_begindatum,
       excluded.dienstverband_einddatum, excluded.sector, excluded.functie, excluded.qualified,
       excluded.onderwijsterrein)
returning registration_number
"""

_ONE_APPOINTMENT = """
select registration_number, bevoegd_gezag, brin, brin_volgnummer, benoemingsgrondslag,
       benoeming_begindatum, benoeming_einddatum, dienstverband_begindatum,
       dienstverband_einddatum, sector, functie, qualified, onderwijsterrein, delivery_id
from appointments where id = $1 and registration_number = $2
"""

_APPOINTMENT_FIELDS = (
    "registration_number",
    "bevoegd_gezag",
    "brin",
    "brin_volgnummer",
    "benoemingsgrondslag",
    "benoeming_begindatum",
    "benoeming_einddatum",
    "dienstverband_begindatum",
    "dienstverband_einddatum",
    "sector",
    "functie",
    "qualified",
    "onderwijsterrein",
    "delivery_id",
)


class SqlAppointments:
    def __init__(self, raw: RawConnection) -> None:
        self._raw = raw

    async def upsert(self, rows: Sequence[AppointmentRow]) -> set[str]:
        if not rows:
            return set()
        conn = await self._raw()
        columns = [[getattr(r, f) for r in rows] for f in _APPOINTMENT_FIELDS]
        changed = await conn.fetch(_UPSERT_APPOINTMENTS, *columns)
        return {r[0] for r in changed}

    async def coverage(self, numbers: Collection[str], day: date) -> dict[str, Coverage]:
        if not numbers:
            return {}
        conn = await self._raw()
        rows = await conn.fetch(
            "select registration_number, max(coalesce(benoeming_einddatum, $2)) as active, "
            "max(coalesce(benoeming_einddatum, $2)) filter (where qualified) as qualified, "
            "min(benoeming_einddatum) filter (where benoeming_einddatum >= $3) as next_end "
            "from appointments where registration_number = any($1::text[]) "
            "group by registration_number",
            list(numbers),
            OPEN_END,
            day,
        )
        return {r[0]: Coverage(r["active"], r["qualified"], r["next_end"]) for r in rows}

    async def get(self, number: str, appointment_id: int) -> AppointmentRow | None:
        conn = await self._raw()
        row = await conn.fetchrow(
            _ONE_APPOINTMENT,
            appointment_id,
            number,
        )
        return AppointmentRow(**dict(row)) if row is not None else None
