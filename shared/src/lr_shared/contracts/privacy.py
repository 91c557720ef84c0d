"""AVG erasure: the registry asks every service to erase a teacher and collects confirmations."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import Field

from lr_shared.contracts._base import Contract, RegistrationNumber

ErasingService = Literal["intake", "registry", "portfolio", "notifications", "profession"]


class ErasureRequestV1(Contract):
    """Erase everything of this teacher. Key: registration number."""

    request_id: UUID
    registration_number: RegistrationNumber
    requested_at: datetime
    services: list[ErasingService] = Field(
        description="The services whose confirmation the registry waits for.",
        examples=[["portfolio", "notifications", "intake", "profession"]],
    )
    bsn_hash: str | None = Field(
        default=None,
        description="The teacher's keyed BSN hash (HMAC-SHA256 with the key registry and intake "
        "share; the key of lr.intake.appointments.v1): how intake finds her appointments and "
        "recognises a later delivery of her. Pseudonymous: without the key it names nobody. "
        "Null for a teacher the registry no longer held.",
        examples=["9f2c...e1"],
    )
    asked_by_teacher: bool = Field(
        default=True,
        description="True: the teacher asked (a board's later delivery of her is withheld, "
        "docs/privacy.md); false: the register's own retention rule erased her (a later "
        "delivery enrols her anew).",
        examples=[True],
    )


class ErasureConfirmationV1(Contract):
    """One service has erased one teacher. Key: registration number."""

    request_id: UUID
    registration_number: RegistrationNumber
    service: ErasingService
    erased_at: datetime
