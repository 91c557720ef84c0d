"""Kafka subscribers: decode, turn into a command, call the handler. Nothing else."""

from __future__ import annotations

from collections.abc import Sequence

from lr_profession.application import erasure, feedback, registrations
from lr_profession.bootstrap import Container
from lr_shared.consumers import Event, Tombstone, subscribe
from lr_shared.contracts.portfolio import ActivityFeedbackV1
from lr_shared.contracts.privacy import ErasureRequestV1
from lr_shared.contracts.registry import RegistrationV1
from lr_shared.contracts.topics import (
    PORTFOLIO_ACTIVITY_FEEDBACK,
    PRIVACY_ERASURE_CONFIRMATIONS,
    PRIVACY_ERASURE_REQUESTS,
    REGISTRY_REGISTRATIONS,
)


def register(container: Container) -> None:
    async def on_registrations(items: Sequence[Event[RegistrationV1] | Tombstone]) -> None:
        if await registrations.apply(container.uow, items, container.clock()):
            await container.fill_panels()

    subscribe(
        container.platform,
        REGISTRY_REGISTRATIONS,
        group="registrations",
        model=RegistrationV1,
        handler=on_registrations,
        max_records=1000,
        tombstones=True,
    )

    async def on_feedback(items: Sequence[Event[ActivityFeedbackV1] | Tombstone]) -> None:
        await feedback.apply(container.uow, items)

    subscribe(
        container.platform,
        PORTFOLIO_ACTIVITY_FEEDBACK,
        group="activity-feedback",
        model=ActivityFeedbackV1,
        handler=on_feedback,
        max_records=1000,
        tombstones=True,
    )

    confirmations = container.settings.topic(PRIVACY_ERASURE_CONFIRMATIONS.name)

    async def on_erasures(items: Sequence[Event[ErasureRequestV1] | Tombstone]) -> None:
        if await erasure.erase(
            container.uow, container.roll_key, confirmations, items, container.clock()
        ):
            await container.fill_panels()

    subscribe(
        container.platform,
        PRIVACY_ERASURE_REQUESTS,
        group="erasure-requests",
        model=ErasureRequestV1,
        handler=on_erasures,
    )
