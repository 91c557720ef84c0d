"""What a board reads of its teachers: a page, all of them, or a check of numbers it sends.

Every read is recorded in its own transaction, before the answer leaves: the board, the
token's subject, the kind, the time and the teachers shown (`BoardLookups`). What was not
recorded is never shown; a read whose record fails answers nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from lr_registry.application.ports import (
    BoardFilter,
    BoardRegistration,
    LookupRecord,
    UnitOfWorkFactory,
)
from lr_registry.domain.bulk_check import (
    INVALID,
    INVALID_MESSAGE,
    NOT_FOUND,
    NOT_FOUND_MESSAGE,
    CheckCode,
    NumberLine,
)
from lr_registry.domain.calendar import today


@dataclass(frozen=True)
class Looker:
    """Who looks: the board looked at (one the token may act for) and the token's subject
    (the board itself or a payroll bureau)."""

    board: str
    actor: str


@dataclass(frozen=True)
class CheckAnswer:
    """One line of a bulk check answered. A number that is not this board's teacher is
    answered as if the register did not know it."""

    line: int
    number: str | None
    registration: BoardRegistration | None

    @property
    def code(self) -> CheckCode | None:
        if self.registration is not None:
            return None
        return NOT_FOUND if self.number is not None else INVALID

    @property
    def message(self) -> str | None:
        if self.registration is not None:
            return None
        return NOT_FOUND_MESSAGE if self.number is not None else INVALID_MESSAGE


async def registrations_page(
    uow_factory: UnitOfWorkFactory,
    looker: Looker,
    filters: BoardFilter,
    limit: int,
    offset: int,
    now: datetime,
) -> tuple[list[BoardRegistration], int]:
    """One page of the board's teachers, and how many there are in all."""
    async with uow_factory() as uow:
        rows, total = await uow.boards.listed(looker.board, filters, today(now), limit, offset)
        await uow.lookups.record(looker.board, looker.actor, "list", [r.number for r in rows], now)
        await uow.commit()
    return rows, total


async def all_registrations(
    uow_factory: UnitOfWorkFactory, looker: Looker, filters: BoardFilter, now: datetime
) -> list[BoardRegistration]:
    """Every teacher of the board (the CSV download)."""
    async with uow_factory() as uow:
        rows, _ = await uow.boards.listed(looker.board, filters, today(now), None, 0)
        await uow.lookups.record(looker.board, looker.actor, "csv", [r.number for r in rows], now)
        await uow.commit()
    return rows


async def check(
    uow_factory: UnitOfWorkFactory, looker: Looker, lines: Sequence[NumberLine], now: datetime
) -> list[CheckAnswer]:
    """Each line answered, in the order sent; all numbers read in one statement."""
    numbers = {line.number for line in lines if line.number is not None}
    async with uow_factory() as uow:
        found = await uow.boards.of_numbers(looker.board, numbers, today(now))
        shown = [n for n in (line.number for line in lines) if n is not None and n in found]
        await uow.lookups.record(looker.board, looker.actor, "check", shown, now)
        await uow.commit()
    return [
        CheckAnswer(line.line, line.number, found.get(line.number) if line.number else None)
        for line in lines
    ]


async def lookups_of_teacher(
    uow_factory: UnitOfWorkFactory, number: str, limit: int, offset: int
) -> tuple[list[LookupRecord], int]:
    """Which boards were shown this teacher, and when; newest first."""
    async with uow_factory() as uow:
        return await uow.lookups.for_teacher(number, limit, offset)
