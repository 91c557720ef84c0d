"""A registered teacher joins a panel (sector, subjects) or leaves it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from lr_profession.application.panels import release
from lr_profession.application.ports import UnitOfWorkFactory
from lr_profession.domain.errors import InvalidInputError, NotFoundError, NotRegisteredError
from lr_profession.domain.panel import Membership
from lr_profession.domain.reviews import WithdrawalReason


async def get(uows: UnitOfWorkFactory, registration_number: str) -> Membership:
    async with uows() as uow:
        membership = await uow.members.get(registration_number)
    if membership is None:
        raise NotFoundError
    return membership


async def join(
    uows: UnitOfWorkFactory,
    registration_number: str,
    sector: str,
    subjects: Sequence[str],
    now: datetime,
) -> Membership:
    """Opt in, or change sector and subjects. Only a registered teacher may, and only for a
    sector of her own registration."""
    async with uows() as uow:
        registration = await uow.registrations.get(registration_number)
        if registration is None or not registration.registered:
            raise NotRegisteredError("only a registered teacher may join a panel")
        if sector not in registration.sectors:
            raise InvalidInputError(
                "sector", "sector_not_yours", "choose a sector of your own registration"
            )
        membership = await uow.members.put(registration_number, sector, sorted(set(subjects)), now)
        await uow.commit()
    return membership


async def leave(uows: UnitOfWorkFactory, registration_number: str, now: datetime) -> None:
    """Leave the panel: her open reviews are withdrawn and go to others."""
    async with uows() as uow:
        withdrawn = await uow.reviews.withdraw_of(
            [registration_number], WithdrawalReason.LEFT_PANEL, now
        )
        await release(uow, withdrawn, now)
        if not await uow.members.delete([registration_number]):
            raise NotFoundError
        await uow.commit()
