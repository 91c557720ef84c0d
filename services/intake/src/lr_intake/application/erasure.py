"""Intake's part of the AVG erasure (docs/privacy.md, "Erasure"): what it holds of the teacher
goes; when she asked, a marker (her keyed BSN hash and the day) stays so that a board's later
delivery of her is received but not passed on; the confirmation is written in the same
transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from lr_intake.application.ports import UnitOfWorkFactory
from lr_shared.contracts.privacy import ErasureConfirmationV1, ErasureRequestV1

CONSUMER = "erasure-requests"


async def erase_teachers(
    uow_factory: UnitOfWorkFactory,
    requests: Sequence[tuple[str, ErasureRequestV1]],
    now: datetime,
) -> None:
    """Carry out a batch of (message id, request); a redelivered request changes nothing.
    Confirmed even when the registry did not list intake: erasing is never wrong here."""
    async with uow_factory() as uow:
        fresh = await uow.claim(CONSUMER, [message_id for message_id, _ in requests])
        for message_id, request in requests:
            if message_id not in fresh:
                continue
            # Only a teacher's own request withholds her later deliveries; an erasure by
            # the retention rule does not (docs/privacy.md, "Redelivery after erasure").
            await uow.erasure.erase(
                request.registration_number,
                request.bsn_hash,
                now.date(),
                mark=request.asked_by_teacher,
            )
            await uow.erasure.confirm(
                ErasureConfirmationV1(
                    request_id=request.request_id,
                    registration_number=request.registration_number,
                    service="intake",
                    erased_at=now,
                )
            )
        await uow.commit()
