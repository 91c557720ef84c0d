"""What a board may read of its teachers, and the record of every such look-up."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any

from lr_registry.application.ports import (
    BoardFilter,
    BoardRegistration,
    BoardSchool,
    LookupKind,
    LookupRecord,
)
from lr_registry.domain.model import OPEN_END
from lr_shared.db import RawConnection

# Parameters of every statement: $1 the board, $2 OPEN_END, $3 the day. An appointment is
# active until its end date, also before it begins (domain.model.Coverage), and counts for the
# board that delivered it (its bevoegd_gezag), not for the board the school's reference data
# names now. The norm is met when the portfolio reported it met for the current period (as
# for the lifecycle: `Registration.norm_met`).

# The page walks the teachers in name order (`teachers_by_name`) and keeps those with an
# active appointment of the board ($4 a BRIN or null): for a large board the walk stops after
# the page (50 rows of 20,000 read ~250 index entries); for a small board the planner joins
# its few appointments to the teachers and sorts them instead. The total is its own count over
# the board's appointments (an index-only scan of `appointments_by_board`), an init plan of
# the page's statement. Registrations, schools and progress are read for the page's rows only.
# Then limit and offset; with a state ($5) first.
_COUNT = """
select count(distinct a.registration_number) from appointments a
where a.bevoegd_gezag = $1 and coalesce(a.benoeming_einddatum, $2) >= $3
  and ($4::text is null or a.brin = $4)
"""
_COUNT_IN_STATE = """
select count(*) from (
    select distinct a.registration_number from appointments a
    where a.bevoegd_gezag = $1 and coalesce(a.benoeming_einddatum, $2) >= $3
      and ($4::text is null or a.brin = $4)
) h join registrations r on r.registration_number = h.registration_number
where r.state = $5
"""
_LISTED_ANY_STATE = """
with listed as (
    select t.registration_number, t.voorletters, t.tussenvoegsel, t.achternaam,
           lower(t.achternaam) as sort_name
    from teachers t
    where exists (select from appointments a
                  where a.registration_number = t.registration_number and a.bevoegd_gezag = $1
                    and coalesce(a.benoeming_einddatum, $2) >= $3
                    and ($4::text is null or a.brin = $4))
    order by lower(t.achternaam), t.registration_number
    limit $5 offset $6
)
"""
_LISTED_IN_STATE = """
with listed as (
    select t.registration_number, t.voorletters, t.tussenvoegsel, t.achternaam,
           lower(t.achternaam) as sort_name
    from teachers t join registrations r on r.registration_number = t.registration_number
    where r.state = $5
      and exists (select from appointments a
                  where a.registration_number = t.registration_number and a.bevoegd_gezag = $1
                    and coalesce(a.benoeming_einddatum, $2) >= $3
                    and ($4::text is null or a.brin = $4))
    order by lower(t.achternaam), t.registration_number
    limit $6 offset $7
)
"""
_SELECT = """
select l.registration_number, l.voorletters, l.tussenvoegsel, l.achternaam, r.state,
       r.period_end, s.schools,
       case when r.period_end is not null then exists (
           select from progress p where p.registration_number = l.registration_number
           and p.period_end = r.period_end and p.norm_met) end as norm_met
"""
_FROM_LISTED = """
from listed l
join registrations r on r.registration_number = l.registration_number
cross join lateral (
    select array_agg(row(x.brin, x.brin_volgnummer, sc.naam) order by x.brin, x.brin_volgnummer)
           as schools
    from (select distinct a.brin, a.brin_volgnummer from appointments a
          where a.registration_number = l.registration_number and a.bevoegd_gezag = $1
            and coalesce(a.benoeming_einddatum, $2) >= $3) x
    left join schools sc on sc.brin = x.brin and sc.brin_volgnummer = x.brin_volgnummer
) s
"""
_BY_NAME = """
order by l.sort_name, l.registration_number
"""
_PAGE = _LISTED_ANY_STATE + _SELECT + ", (" + _COUNT + ") as total" + _FROM_LISTED + _BY_NAME
_PAGE_IN_STATE = (
    _LISTED_IN_STATE + _SELECT + ", (" + _COUNT_IN_STATE + ") as total" + _FROM_LISTED + _BY_NAME
)

# All of them (the CSV): one pass over the board's appointments, grouped per teacher, instead
# of a look-up per teacher. $4 a BRIN or null, $5 a state or null. Grouped on the appointments
# themselves (a school's row sorts by BRIN and volgnummer, its key): grouped over a subquery,
# PostgreSQL guessed 200 teachers and joined 20,000 in nested loops (~30 % slower, measured).
_ALL = """
with places as (
    select a.registration_number,
           array_agg(distinct row(a.brin, a.brin_volgnummer, sc.naam)) as schools
    from appointments a
    left join schools sc on sc.brin = a.brin and sc.brin_volgnummer = a.brin_volgnummer
    where a.bevoegd_gezag = $1 and coalesce(a.benoeming_einddatum, $2) >= $3
    group by a.registration_number
    having $4::text is null or bool_or(a.brin = $4)
)
select t.registration_number, t.voorletters, t.tussenvoegsel, t.achternaam, r.state,
       r.period_end, s.schools,
       case when r.period_end is not null then coalesce(p.norm_met, false) end as norm_met
from places s
join teachers t on t.registration_number = s.registration_number
join registrations r on r.registration_number = s.registration_number
left join progress p on p.registration_number = s.registration_number
    and p.period_end = r.period_end
where $5::text is null or r.state = $5
order by lower(t.achternaam), t.registration_number
"""

# $4 the registration numbers asked for.
_CHECKED_LISTED = """
with listed as (
    select t.registration_number, t.voorletters, t.tussenvoegsel, t.achternaam
    from teachers t
    where t.registration_number = any($4::text[])
      and exists (select from appointments a
                  where a.registration_number = t.registration_number and a.bevoegd_gezag = $1
                    and coalesce(a.benoeming_einddatum, $2) >= $3)
)
"""
_CHECKED = _CHECKED_LISTED + _SELECT + _FROM_LISTED

_CUSTOM_PLANS = "set local plan_cache_mode = force_custom_plan"
"""A generic plan (PostgreSQL's choice after five runs of a prepared statement) assumes an
average board and `is null` filters of unknown outcome; for a board of 20,000 teachers it
joined the page's CTE in a nested loop that ran for minutes. Each read is planned for its
own board and filters instead (planning takes under a millisecond)."""

_RECORD = """
with lookup as (
    insert into board_lookups (bevoegd_gezag, actor, kind, shown, at)
    values ($1, $2, $3, $4, $5) returning id
)
insert into board_lookup_registrations (lookup_id, registration_number)
select lookup.id, u.number from lookup, unnest($6::text[]) as u(number)
"""

_FOR_TEACHER = """
select l.bevoegd_gezag, l.kind, l.at, count(*) over () as total
from board_lookup_registrations x join board_lookups l on l.id = x.lookup_id
where x.registration_number = $1
order by l.at desc, l.id desc
limit $2 offset $3
"""


class SqlBoardRegistrations:
    def __init__(self, raw: RawConnection) -> None:
        self._raw = raw

    async def listed(
        self, board: str, filters: BoardFilter, day: date, limit: int | None, offset: int
    ) -> tuple[list[BoardRegistration], int]:
        conn = await self._raw()
        await conn.execute(_CUSTOM_PLANS)
        where = (board, OPEN_END, day, filters.school, filters.state)
        if limit is None:
            rows = await conn.fetch(_ALL, *where)
            return [_registration(r) for r in rows[offset:]], len(rows)
        params: tuple[object, ...]
        if filters.state is None:
            page, count, params = _PAGE, _COUNT, where[:4]  # they take no state
        else:
            page, count, params = _PAGE_IN_STATE, _COUNT_IN_STATE, where
        rows = await conn.fetch(page, *params, limit, offset)
        if rows:
            total = int(rows[0]["total"])
        else:
            # Past the last page there is no row to carry the count.
            total = int(await conn.fetchval(count, *params)) if offset else 0
        return [_registration(r) for r in rows], total

    async def of_numbers(
        self, board: str, numbers: Collection[str], day: date
    ) -> dict[str, BoardRegistration]:
        if not numbers:
            return {}
        conn = await self._raw()
        await conn.execute(_CUSTOM_PLANS)
        rows = await conn.fetch(_CHECKED, board, OPEN_END, day, sorted(set(numbers)))
        return {r["registration_number"]: _registration(r) for r in rows}


def _registration(row: Any) -> BoardRegistration:
    return BoardRegistration(
        number=row["registration_number"],
        voorletters=row["voorletters"],
        tussenvoegsel=row["tussenvoegsel"],
        achternaam=row["achternaam"],
        schools=tuple(BoardSchool(*school) for school in row["schools"] or ()),
        state=row["state"],
        period_end=row["period_end"],
        norm_met=row["norm_met"],
    )


class SqlBoardLookups:
    def __init__(self, raw: RawConnection) -> None:
        self._raw = raw

    async def record(
        self, board: str, actor: str, kind: LookupKind, numbers: Sequence[str], at: datetime
    ) -> None:
        shown = list(dict.fromkeys(numbers))
        conn = await self._raw()
        await conn.execute(_RECORD, board, actor, kind, len(shown), at, shown)

    async def for_teacher(
        self, number: str, limit: int, offset: int
    ) -> tuple[list[LookupRecord], int]:
        conn = await self._raw()
        rows = await conn.fetch(_FOR_TEACHER, number, limit, offset)
        total = int(rows[0]["total"]) if rows else await self._count(conn, number, offset)
        return [LookupRecord(r["bevoegd_gezag"], r["kind"], r["at"]) for r in rows], total

    @staticmethod
    async def _count(conn: Any, number: str, offset: int) -> int:
        if not offset:
            return 0
        value = await conn.fetchval(
            "select count(*) from board_lookup_registrations where registration_number = $1",
            number,
        )
        return int(value)
