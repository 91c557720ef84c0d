"""Correction requests from the registry, kept for the board they concern."""

from __future__ import annotations

from collections.abc import Sequence

from lr_intake.application.ports import CorrectionRequest, UnitOfWorkFactory

CORRECTIONS_CONSUMER = "correction-requests"


async def keep_correction_requests(
    uow_factory: UnitOfWorkFactory, items: Sequence[tuple[str, CorrectionRequest]]
) -> None:
    """Store a batch of (message id, request); redelivered messages change nothing."""
    async with uow_factory() as uow:
        new = await uow.claim(CORRECTIONS_CONSUMER, [message_id for message_id, _ in items])
        await uow.corrections.add([request for message_id, request in items if message_id in new])
        await uow.commit()
