"""Taking in registry events, contacts and erasure requests: one transaction per batch, with
the inbox claim, so a redelivered batch changes nothing."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from lr_notifications.application.ports import (
    Confirmation,
    DeadLetters,
    UnitOfWork,
    UnitOfWorkFactory,
)
from lr_notifications.domain.contacts import Contact, ContactRemoved, storable
from lr_notifications.domain.delivery import Status
from lr_notifications.domain.occasions import (
    Occasion,
    Poison,
    RegistryEvent,
    erasure_occasion,
    occasion_for,
)

EVENTS_CONSUMER = "registry-events"
CONTACTS_CONSUMER = "registry-contacts"
ERASURES_CONSUMER = "erasure-requests"
VOTE_INVITATIONS_CONSUMER = "vote-invitations"


@dataclass(frozen=True)
class ContactChange:
    message_id: str
    change: Contact | ContactRemoved


@dataclass(frozen=True)
class ErasureRequest:
    message_id: str
    request_id: uuid.UUID
    registration_number: str
    requested_at: datetime
    asked_by_teacher: bool = True
    """False: the register's retention rule erased her, years after she left; no notice then
    (it would tell her she asked)."""


def initial_status(contact: Contact | None) -> Status:
    if contact is None:
        return "awaiting_contact"
    return "pending" if contact.email else "no_address"


async def handle_events(
    uow_factory: UnitOfWorkFactory,
    events: Sequence[RegistryEvent],
    dead_letters: DeadLetters,
    now: datetime,
    *,
    consumer: str = EVENTS_CONSUMER,
) -> int:
    """Record the notifications these events ask for; returns how many were new occasions.
    `consumer` names the inbox: registry events, or the profession's vote invitations."""
    async with uow_factory() as uow:
        fresh = await uow.inbox.claim(consumer, [e.message_id for e in events])
        occasions: list[Occasion] = []
        poison: list[Poison] = []
        for event in events:
            if event.message_id not in fresh:
                continue
            planned = occasion_for(event)
            if isinstance(planned, Poison):
                poison.append(planned)
            elif planned is not None:
                occasions.append(planned)
        numbers = sorted({o.registration_number for o in occasions})
        await uow.lock_teachers(numbers)
        erased = await uow.erasures.erased(numbers)
        occasions = [o for o in occasions if o.registration_number not in erased]
        contacts = await uow.contacts.get_many([o.registration_number for o in occasions])
        await uow.notifications.add(
            [(o, initial_status(contacts.get(o.registration_number))) for o in occasions], now
        )
        # Dead letters go out before the commit: if the commit fails the batch is retried and
        # the DLQ may see a message twice, but never misses one.
        if poison:
            await dead_letters(poison)
        await uow.commit()
    return len(occasions)


def latest_per_teacher(changes: Sequence[ContactChange]) -> dict[str, Contact | ContactRemoved]:
    """A compacted topic's batch may hold several versions of one contact: the last one wins."""
    latest: dict[str, Contact | ContactRemoved] = {}
    for item in changes:
        latest[item.change.registration_number] = item.change
    return latest


async def handle_contacts(
    uow_factory: UnitOfWorkFactory, changes: Sequence[ContactChange], now: datetime
) -> None:
    """Keep the contacts table, and release or hold the notifications that wait on it."""
    async with uow_factory() as uow:
        fresh = await uow.inbox.claim(CONTACTS_CONSUMER, [c.message_id for c in changes])
        latest = latest_per_teacher([c for c in changes if c.message_id in fresh])
        await uow.lock_teachers(sorted(latest))
        removed = [n for n, c in latest.items() if isinstance(c, ContactRemoved)]
        # Deleting is always right; an erased teacher's contact is never stored again.
        erased = await uow.erasures.erased(sorted(latest))
        kept = [c for c in latest.values() if isinstance(c, Contact)]
        kept = [storable(c) for c in kept if c.registration_number not in erased]
        await uow.contacts.delete(removed)
        await uow.contacts.upsert(kept)
        reachable = [c.registration_number for c in kept if c.email]
        unreachable = [c.registration_number for c in kept if not c.email]
        notifications = uow.notifications
        await notifications.set_status_where(
            reachable, ["awaiting_contact", "no_address"], "pending", now
        )
        await notifications.set_status_where(
            unreachable, ["awaiting_contact", "pending"], "no_address", now
        )
        await notifications.set_status_where(removed, ["pending"], "awaiting_contact", now)
        await uow.commit()


async def handle_erasure_requests(
    uow_factory: UnitOfWorkFactory, requests: Sequence[ErasureRequest], now: datetime
) -> None:
    """Stop every unsent mail; mail the erasure notice if she asked and an address is known,
    else erase now."""
    async with uow_factory() as uow:
        fresh = await uow.inbox.claim(ERASURES_CONSUMER, [r.message_id for r in requests])
        await uow.lock_teachers(sorted({r.registration_number for r in requests}))
        for request in requests:
            if request.message_id not in fresh:
                continue
            number = request.registration_number
            await uow.erasures.add_request(request.request_id, number, request.requested_at)
            await uow.notifications.cancel_unsent(number)
            contact = (await uow.contacts.get_many([number])).get(number)
            if request.asked_by_teacher and contact is not None and contact.email:
                # Erased once the notice's outcome is recorded (see sender.record_outcomes).
                await uow.notifications.add([(erasure_occasion(number, now), "pending")], now)
            else:
                await complete_erasure(uow, number, now)
        await uow.commit()


async def complete_erasure(uow: UnitOfWork, registration_number: str, now: datetime) -> None:
    """Delete the contact and the personal data in our records, and confirm every open request."""
    await uow.contacts.delete([registration_number])
    await uow.notifications.scrub(registration_number)
    request_ids = await uow.erasures.complete(registration_number, now)
    await uow.confirmations.add(
        [Confirmation(request_id, registration_number, now) for request_id in request_ids]
    )
