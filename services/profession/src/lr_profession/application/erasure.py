"""The profession's part of the AVG erasure (docs/privacy.md, "Erasure"): the teacher leaves
every panel, her open reviews are withdrawn (their panels refilled), her submitted reviews
stay without her name (a decision was made on them), her projection row goes, and her entries
on the votes' rolls are struck (the tallies, which name nobody, stay). The confirmation is
written in the same transaction.

The registrations tombstone, which arrives in the same moment, does most of this already
(`registrations.apply`); this handler does it again, idempotently, because the registry's
erasure is complete only on the profession's own confirmation."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from lr_profession.application.panels import release
from lr_profession.application.ports import UnitOfWorkFactory
from lr_profession.domain.reviews import WithdrawalReason
from lr_profession.domain.votes import voter_mark
from lr_shared.cloudevents import CloudEvent, event_type, source
from lr_shared.consumers import Event, Tombstone
from lr_shared.contracts.privacy import ErasureConfirmationV1, ErasureRequestV1
from lr_shared.outbox import OutboxMessage

CONSUMER = "erasure-requests"
SERVICE = "profession"


async def erase(
    uows: UnitOfWorkFactory,
    roll_key: bytes,
    confirmations_topic: str,
    items: Sequence[Event[ErasureRequestV1] | Tombstone],
    now: datetime,
) -> int:
    """Carry out a batch of erasure requests; return how many open reviews were withdrawn
    (their panels need filling). A redelivered request changes nothing."""
    events = [item for item in items if isinstance(item, Event)]
    async with uows() as uow:
        fresh = await uow.claim(CONSUMER, [event.id for event in events])
        requests = [event.data for event in events if event.id in fresh]
        if not requests:
            return 0
        numbers = sorted({request.registration_number for request in requests})
        withdrawn = await uow.reviews.withdraw_of(numbers, WithdrawalReason.ERASED, now)
        await release(uow, withdrawn, now)
        await uow.members.delete(numbers)
        await uow.reviews.anonymize(numbers)
        await uow.registrations.delete(numbers)
        votes = await uow.votes.all()
        await uow.votes.strike(
            [(v.id, voter_mark(roll_key, v.id, number)) for v in votes for number in numbers]
        )
        await uow.publish([_confirmed(confirmations_topic, r, now) for r in requests])
        await uow.commit()
    return len(withdrawn)


def _confirmed(topic: str, request: ErasureRequestV1, now: datetime) -> OutboxMessage:
    body = ErasureConfirmationV1(
        request_id=request.request_id,
        registration_number=request.registration_number,
        service="profession",
        erased_at=now,
    )
    event = CloudEvent(
        type=event_type(SERVICE, "erasure-confirmed"),
        source=source(SERVICE),
        subject=request.registration_number,
        data=body,
        id=f"profession-erasure-{request.request_id}",
    )
    return OutboxMessage.event(topic, request.registration_number, event)
