"""What a signed-in teacher does besides confirming: preferences and erasure (correction
requests: application/corrections.py)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime

from lr_registry.application.lifecycle import RegistrationNotFoundError
from lr_registry.application.ports import (
    ErasureRecord,
    Preferences,
    UnitOfWorkFactory,
)
from lr_registry.application.publishing import Publisher
from lr_registry.domain.model import Registration
from lr_shared.contracts.privacy import ErasureConfirmationV1, ErasureRequestV1
from lr_shared.contracts.registry import RegistryEventV1
from lr_shared.contracts.topics import (
    PRIVACY_ERASURE_REQUESTS,
    REGISTRY_CONTACTS,
    REGISTRY_EVENTS,
    REGISTRY_REGISTRATIONS,
)

ERASING_SERVICES: tuple[str, ...] = ("portfolio", "notifications", "intake", "profession")
ERASURE_CONSUMER = "erasure-confirmations"


class ErasureNotDueError(Exception):
    """The registration changed since it was chosen for erasure: it is kept."""


async def registration_number_for(
    uow_factory: UnitOfWorkFactory, hash_bsn: Callable[[str], str], bsn: str
) -> str | None:
    """The registration number of the teacher with this BSN, if the register knows them."""
    async with uow_factory() as uow:
        return await uow.teachers.number_for(hash_bsn(bsn))


async def set_preferences(
    uow_factory: UnitOfWorkFactory,
    publisher: Publisher,
    number: str,
    preferences: Preferences,
    now: datetime,
) -> None:
    async with uow_factory() as uow:
        if not await uow.registrations.lock([number]):
            raise RegistrationNotFoundError(number)
        await uow.teachers.set_preferences(number, preferences)
        contacts = await uow.teachers.contacts([number])
        await uow.outbox.add([publisher.contact(c, now) for c in contacts])
        await uow.commit()


async def request_erasure(
    uow_factory: UnitOfWorkFactory,
    publisher: Publisher,
    number: str,
    now: datetime,
    *,
    only_if: Callable[[Registration], bool] | None = None,
) -> ErasureRecord:
    """Erase the teacher's personal data here, tombstone the compacted topics and ask the other
    services to erase theirs. Asking again returns the first request. `only_if` (the retention
    purge, application/retention.py): erase only if the locked registration still passes it,
    else raise ErasureNotDueError."""
    async with uow_factory() as uow:
        existing = await uow.erasures.get(number)
        if existing is not None:
            return existing
        locked = await uow.registrations.lock([number])
        if not locked:
            raise RegistrationNotFoundError(number)
        if only_if is not None and not only_if(locked[number]):
            raise ErasureNotDueError(number)
        record = ErasureRecord(uuid.uuid4(), number, now, ERASING_SERVICES, {}, None)
        await uow.data_keys.destroy_for(number)  # crypto-shredding; needs her row
        # The keyed BSN hash leaves with the request (intake finds her rows by it, and keeps
        # it to recognise a later delivery: docs/privacy.md) and is gone here.
        bsn_hash = await uow.teachers.erase(number)
        await uow.erasures.create(record)
        request = ErasureRequestV1(
            request_id=record.request_id,
            registration_number=number,
            requested_at=now,
            services=list(ERASING_SERVICES),  # type: ignore[arg-type]
            bsn_hash=bsn_hash,
            asked_by_teacher=only_if is None,  # `only_if`: the retention purge's erasure
        )
        await uow.outbox.add(
            [
                publisher.tombstone(REGISTRY_REGISTRATIONS, number),
                publisher.tombstone(REGISTRY_CONTACTS, number),
                publisher.message(
                    PRIVACY_ERASURE_REQUESTS, number, "erasure-requested", request, now
                ),
            ]
        )
        await uow.commit()
    return record


async def erasure_progress(uow_factory: UnitOfWorkFactory, number: str) -> ErasureRecord | None:
    async with uow_factory() as uow:
        return await uow.erasures.get(number)


async def erasure_by_reference(
    uow_factory: UnitOfWorkFactory, request_id: uuid.UUID
) -> ErasureRecord | None:
    """The erasure request with this reference (its request id, unguessable): how the teacher
    follows it after their register token has expired and they can no longer sign in."""
    async with uow_factory() as uow:
        return await uow.erasures.by_reference(request_id)


async def apply_erasure_confirmations(
    uow_factory: UnitOfWorkFactory,
    publisher: Publisher,
    batch: Sequence[tuple[str, ErasureConfirmationV1]],
    now: datetime,
) -> None:
    """Collect confirmations; when every service has confirmed, announce erasure-completed."""
    async with uow_factory() as uow:
        fresh = await uow.inbox.claim(ERASURE_CONSUMER, [message_id for message_id, _ in batch])
        numbers: set[str] = set()
        for message_id, confirmation in batch:
            if message_id in fresh:
                await uow.erasures.confirm(
                    confirmation.request_id, confirmation.service, confirmation.erased_at
                )
                numbers.add(confirmation.registration_number)
        for number in sorted(numbers):
            record = await uow.erasures.get(number)
            if record is None or record.completed_at is not None:
                continue
            if all(service in record.confirmed for service in record.services):
                await uow.erasures.complete(number, now)
                data = RegistryEventV1(
                    event_id=uuid.uuid4(),
                    kind="erasure-completed",
                    registration_number=number,
                    state="deregistered",
                    occurred_at=now,
                    notification_key="erasure-completed",
                )
                await uow.outbox.add(
                    [publisher.message(REGISTRY_EVENTS, number, "erasure-completed", data, now)]
                )
        await uow.commit()
