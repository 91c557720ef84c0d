"""AVG erasure: the registry asks every service to erase a teacher and collects confirmations."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import Field

from lr_shared.contracts._base import Contract, RegistrationNumber

ErasingService = Literal["intake", "registry", "portfolio", "notifications"]


class ErasureRequestV1(Contract):
    """Erase everything of this teacher. Key: registration number."""

    request_id: UUID
    registration_number: RegistrationNumber
    requested_at: datetime
    services: list[ErasingService] = Field(
        description="The services whose confirmation the registry waits for.",
        examples=[["portfolio", "notifications"]],
    )


class ErasureConfirmationV1(Contract):
    """One service has erased one teacher. Key: registration number."""

    request_id: UUID
    registration_number: RegistrationNumber
    service: ErasingService
    erased_at: datetime
