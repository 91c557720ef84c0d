"""Kafka subscribers: registry events, contacts and erasure requests. Each turns the contract
models into commands and calls its handler."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from lr_notifications.application import handlers
from lr_notifications.bootstrap import Container
from lr_notifications.domain.contacts import Contact, ContactRemoved
from lr_notifications.domain.occasions import Poison, RegistryEvent
from lr_shared.consumers import Event, Tombstone, subscribe
from lr_shared.contracts import topics
from lr_shared.contracts.privacy import ErasureRequestV1
from lr_shared.contracts.profession import VoteInvitationV1
from lr_shared.contracts.registry import ContactV1, RegistryEventV1
from lr_shared.kafka import Rejected
from lr_shared.runtime import Platform

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _now() -> datetime:
    return datetime.now(UTC)


def closing_day(closes_at: datetime) -> date:
    """The day a vote closes, as the teacher reads it (Dutch time)."""
    return closes_at.astimezone(AMSTERDAM).date()


def register(platform: Platform, container: Container) -> None:
    async def on_events(items: Sequence[Event[RegistryEventV1] | Tombstone]) -> None:
        events = [item for item in items if isinstance(item, Event)]
        records = {item.id: item.record for item in events}

        async def dead_letters(poison: Sequence[Poison]) -> None:
            await platform.dead_letters.send(
                [Rejected(records[p.message_id], p.reason) for p in poison]
            )

        commands = [
            RegistryEvent(
                message_id=item.id,
                event_kind=item.data.kind,
                registration_number=item.data.registration_number,
                notification_key=item.data.notification_key,
                occurred_at=item.data.occurred_at,
                period_end=item.data.period_end,
                moment=item.data.moment,
            )
            for item in events
        ]
        if await handlers.handle_events(container.uow_factory, commands, dead_letters, _now()):
            container.sender.wake()

    async def on_contacts(items: Sequence[Event[ContactV1] | Tombstone]) -> None:
        changes = [
            handlers.ContactChange(item.id, _contact(item.data))
            if isinstance(item, Event)
            else handlers.ContactChange(item.id, ContactRemoved(item.key))
            for item in items
        ]
        await handlers.handle_contacts(container.uow_factory, changes, _now())
        container.sender.wake()

    async def on_erasures(items: Sequence[Event[ErasureRequestV1] | Tombstone]) -> None:
        requests = [
            handlers.ErasureRequest(
                message_id=item.id,
                request_id=item.data.request_id,
                registration_number=item.data.registration_number,
                requested_at=item.data.requested_at,
                asked_by_teacher=item.data.asked_by_teacher,
            )
            for item in items
            if isinstance(item, Event)
        ]
        await handlers.handle_erasure_requests(container.uow_factory, requests, _now())
        container.sender.wake()

    async def on_vote_invitations(items: Sequence[Event[VoteInvitationV1] | Tombstone]) -> None:
        invitations = [item for item in items if isinstance(item, Event)]
        records = {item.id: item.record for item in invitations}

        async def dead_letters(poison: Sequence[Poison]) -> None:
            await platform.dead_letters.send(
                [Rejected(records[p.message_id], p.reason) for p in poison]
            )

        now = _now()
        commands = [
            RegistryEvent(
                message_id=item.id,
                event_kind="vote-opened",
                registration_number=item.data.registration_number,
                notification_key=item.data.notification_key,
                occurred_at=now,
                period_end=closing_day(item.data.closes_at),
            )
            for item in invitations
        ]
        if await handlers.handle_events(
            container.uow_factory,
            commands,
            dead_letters,
            now,
            consumer=handlers.VOTE_INVITATIONS_CONSUMER,
        ):
            container.sender.wake()

    subscribe(
        platform, topics.REGISTRY_EVENTS, group="events", model=RegistryEventV1, handler=on_events
    )
    subscribe(
        platform,
        topics.PROFESSION_VOTE_INVITATIONS,
        group="vote-invitations",
        model=VoteInvitationV1,
        handler=on_vote_invitations,
    )
    subscribe(
        platform,
        topics.REGISTRY_CONTACTS,
        group="contacts",
        model=ContactV1,
        handler=on_contacts,
        tombstones=True,
    )
    subscribe(
        platform,
        topics.PRIVACY_ERASURE_REQUESTS,
        group="erasures",
        model=ErasureRequestV1,
        handler=on_erasures,
    )


def _contact(data: ContactV1) -> Contact:
    return Contact(
        registration_number=data.registration_number,
        voorletters=data.voorletters,
        tussenvoegsel=data.tussenvoegsel,
        achternaam=data.achternaam,
        email=str(data.email) if data.email else None,
        language=data.language,
    )
