"""What boards may read: their deliveries and the issues of one (correction requests:
application/corrections.py).
Someone else's delivery is answered as if it did not exist."""

from __future__ import annotations

from uuid import UUID

from lr_intake.application.ports import UnitOfWorkFactory
from lr_intake.domain.appointment import Issue
from lr_intake.domain.changes import NoLongerDelivered
from lr_intake.domain.delivery import Delivery


async def delivery(
    uow: UnitOfWorkFactory, delivery_id: UUID, boards: frozenset[str]
) -> Delivery | None:
    async with uow() as work:
        found = await work.deliveries.get(delivery_id)
    return found if found is not None and found.visible_to(boards) else None


async def issues_page(
    uow: UnitOfWorkFactory, delivery_id: UUID, limit: int, offset: int
) -> tuple[list[Issue], int]:
    async with uow() as work:
        return (
            await work.deliveries.issues(delivery_id, limit, offset),
            await work.deliveries.count_issues(delivery_id),
        )


async def no_longer_delivered_page(
    uow: UnitOfWorkFactory, delivery_id: UUID, limit: int, offset: int
) -> tuple[list[NoLongerDelivered], int]:
    async with uow() as work:
        return await work.deliveries.no_longer_delivered(delivery_id, limit, offset)


async def deliveries_of_board(
    uow: UnitOfWorkFactory, board: str, limit: int, offset: int
) -> list[Delivery]:
    async with uow() as work:
        return await work.deliveries.list_for_board(board, limit, offset)
