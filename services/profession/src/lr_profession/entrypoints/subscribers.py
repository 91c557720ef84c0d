"""Kafka subscribers: decode, turn into a command, call the handler. Nothing else."""

from __future__ import annotations

from collections.abc import Sequence

from lr_profession.application import registrations
from lr_profession.bootstrap import Container
from lr_shared.consumers import Event, Tombstone, subscribe
from lr_shared.contracts.registry import RegistrationV1
from lr_shared.contracts.topics import REGISTRY_REGISTRATIONS


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
