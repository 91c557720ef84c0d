"""The criteria set in force."""

from __future__ import annotations

from datetime import datetime

from lr_profession.application.ports import UnitOfWorkFactory
from lr_profession.domain.criteria import CriteriaSet


async def in_force(uows: UnitOfWorkFactory, now: datetime) -> CriteriaSet:
    async with uows() as uow:
        return await uow.criteria.in_force(now)
