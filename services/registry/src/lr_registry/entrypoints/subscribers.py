"""Kafka subscribers: decode, turn into a command, call the handler. Nothing else."""

from __future__ import annotations

from collections.abc import Sequence

from lr_registry.application import corrections, lifecycle, teacher
from lr_registry.application.appointments import IncomingAppointment
from lr_registry.application.schools import apply_schools
from lr_registry.bootstrap import Container
from lr_shared.consumers import BULK_FETCH_BYTES, Event, Tombstone, subscribe
from lr_shared.contracts.intake import AppointmentV1, CorrectionAnswerV1
from lr_shared.contracts.portfolio import ProgressV1
from lr_shared.contracts.privacy import ErasureConfirmationV1
from lr_shared.contracts.reference import SchoolV1
from lr_shared.contracts.topics import (
    INTAKE_APPOINTMENTS,
    INTAKE_CORRECTION_ANSWERS,
    PORTFOLIO_PROGRESS,
    PRIVACY_ERASURE_CONFIRMATIONS,
    REFERENCE_SCHOOLS,
)


def register(container: Container) -> None:
    platform = container.platform

    async def on_appointments(items: Sequence[Event[AppointmentV1] | Tombstone]) -> None:
        batch = [IncomingAppointment(i.id, i.data) for i in items if isinstance(i, Event)]
        await container.apply_appointments(batch, container.clock())

    async def on_schools(items: Sequence[Event[SchoolV1] | Tombstone]) -> None:
        changes = [
            (i.key, None) if isinstance(i, Tombstone) else (i.data.key, i.data) for i in items
        ]
        await apply_schools(container.uow, changes)

    async def on_progress(items: Sequence[Event[ProgressV1] | Tombstone]) -> None:
        batch = [(i.id, i.data) for i in items if isinstance(i, Event)]
        await lifecycle.apply_progress(container.uow, container.publisher, batch, container.clock())

    async def on_erasures(items: Sequence[Event[ErasureConfirmationV1] | Tombstone]) -> None:
        batch = [(i.id, i.data) for i in items if isinstance(i, Event)]
        await teacher.apply_erasure_confirmations(
            container.uow, container.publisher, batch, container.clock()
        )

    async def on_answers(items: Sequence[Event[CorrectionAnswerV1] | Tombstone]) -> None:
        batch = [(i.id, i.data) for i in items if isinstance(i, Event)]
        await corrections.apply_answers(
            container.uow, container.publisher, batch, container.clock()
        )

    subscribe(
        platform,
        INTAKE_APPOINTMENTS,
        group="appointments",
        model=AppointmentV1,
        handler=on_appointments,
        max_records=container.settings.appointments_batch_size,
        max_partition_fetch_bytes=BULK_FETCH_BYTES,
        consumers=container.settings.appointments_consumers,
    )
    subscribe(
        platform,
        REFERENCE_SCHOOLS,
        group="schools",
        model=SchoolV1,
        handler=on_schools,
        tombstones=True,
        max_records=2000,
    )
    # Progress is compacted too; its tombstones (after an erasure) need nothing from us, but
    # they are taken in as tombstones, not sent to the dead-letter topic as malformed events.
    subscribe(
        platform,
        PORTFOLIO_PROGRESS,
        group="progress",
        model=ProgressV1,
        handler=on_progress,
        tombstones=True,
    )
    subscribe(
        platform,
        PRIVACY_ERASURE_CONFIRMATIONS,
        group="erasure-confirmations",
        model=ErasureConfirmationV1,
        handler=on_erasures,
    )
    subscribe(
        platform,
        INTAKE_CORRECTION_ANSWERS,
        group="correction-answers",
        model=CorrectionAnswerV1,
        handler=on_answers,
    )
