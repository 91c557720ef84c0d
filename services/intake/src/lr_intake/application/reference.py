"""Reference data: loading a set (and announcing its schools), and the cached snapshot that
validation reads."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from lr_intake.application.ports import IntakeUnitOfWork, UnitOfWorkFactory
from lr_intake.domain.reference import ReferenceData, ReferenceSet


class ReferenceCache:
    """The newest snapshot, reloaded only when `lr reference load` has changed the version.

    The version is looked up at most once per `check_seconds` (not on every delivery: at ~1,400
    small deliveries that query was a tenth of a delivery's round trips), so a new reference
    set is used from at most that long after it was loaded."""

    def __init__(
        self, check_seconds: float = 1.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._data: ReferenceData | None = None
        self._check_seconds = check_seconds
        self._clock = clock
        self._checked = 0.0

    async def current(self, uow: IntakeUnitOfWork) -> ReferenceData:
        now = self._clock()
        if self._data is not None and now - self._checked < self._check_seconds:
            return self._data
        version = await uow.reference.version()
        if self._data is None or self._data.version != version:
            self._data = await uow.reference.snapshot()
        self._checked = now
        return self._data


@dataclass(frozen=True)
class Loaded:
    boards: int
    schools: int
    removed_schools: int
    mandates: int


async def load_reference(
    uow_factory: UnitOfWorkFactory, reference: ReferenceSet, clock: Callable[[], datetime]
) -> Loaded:
    """Replace the reference tables and publish every school (compacted topic: the newest
    state per school wins; a school that disappeared gets a tombstone), in one transaction."""
    async with uow_factory() as uow:
        removed = await uow.reference.replace(reference, clock())
        await uow.outbox.schools(reference.schools, removed)
        await uow.commit()
    return Loaded(
        len(reference.boards), len(reference.schools), len(removed), len(set(reference.mandates))
    )
