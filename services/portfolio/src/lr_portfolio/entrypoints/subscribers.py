"""Kafka subscribers: each hands its validated batch to a handler, nothing more."""

from __future__ import annotations

from lr_portfolio.bootstrap import Container
from lr_shared.consumers import BULK_FETCH_BYTES, subscribe
from lr_shared.contracts.portfolio import AttendanceV1
from lr_shared.contracts.privacy import ErasureRequestV1
from lr_shared.contracts.profession import ActivityAccreditedV1
from lr_shared.contracts.registry import RegistrationV1
from lr_shared.contracts.topics import (
    PORTFOLIO_ATTENDANCE,
    PRIVACY_ERASURE_REQUESTS,
    PROFESSION_ACCREDITATIONS,
    REGISTRY_REGISTRATIONS,
)
from lr_shared.runtime import Platform


def register(platform: Platform, container: Container) -> None:
    subscribe(
        platform,
        REGISTRY_REGISTRATIONS,
        group="registrations",
        model=RegistrationV1,
        handler=container.registrations.apply,
        max_records=1000,
        tombstones=True,
    )
    subscribe(
        platform,
        PORTFOLIO_ATTENDANCE,
        group="attendance",
        model=AttendanceV1,
        handler=container.attendance.apply,
        max_records=container.settings.attendance_batch_size,
        max_partition_fetch_bytes=BULK_FETCH_BYTES,
        consumers=container.settings.attendance_consumers,
        signed_by="provider",
    )
    subscribe(
        platform,
        PRIVACY_ERASURE_REQUESTS,
        group="erasure",
        model=ErasureRequestV1,
        handler=container.erasure.apply,
    )
    subscribe(
        platform,
        PROFESSION_ACCREDITATIONS,
        group="accreditations",
        model=ActivityAccreditedV1,
        handler=container.accreditations.apply,
        tombstones=True,
    )
