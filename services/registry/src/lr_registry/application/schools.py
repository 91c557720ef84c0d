"""Keeping the local copy of the schools' reference data (for school names)."""

from __future__ import annotations

from collections.abc import Sequence

from lr_registry.application.ports import UnitOfWorkFactory
from lr_shared.contracts.reference import SchoolV1


async def apply_schools(
    uow_factory: UnitOfWorkFactory, changes: Sequence[tuple[str, SchoolV1 | None]]
) -> None:
    """Apply schools (None: a tombstone) in topic order; the latest per school wins.

    Upserts are idempotent and a compacted topic is meant to be re-read, so no inbox is kept."""
    latest: dict[str, SchoolV1 | None] = {}
    for key, school in changes:
        latest[key] = school
    async with uow_factory() as uow:
        await uow.schools.upsert([s for s in latest.values() if s is not None])
        await uow.schools.delete([key for key, s in latest.items() if s is None])
        await uow.commit()
