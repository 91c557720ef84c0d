"""Contracts of the registry service."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import Field

from lr_shared.contracts._base import (
    EMAIL_SHAPE,
    BevoegdGezag,
    Brin,
    BrinVolgnummer,
    Contract,
    RegistrationNumber,
)

RegistrationState = Literal[
    "pending_confirmation",
    "registered",
    "pre_registered",
    "conditional",
    "lapsed",
    "deregistered",
]

PUBLIC_LABELS: dict[str, str] = {
    "registered": "geregistreerd",
    "pre_registered": "registervoorportaal",
    "conditional": "onder voorwaarden",
    "lapsed": "herregistratie verlopen",
}
"""Public label per state; a state without a label is not shown publicly."""


class SchoolRefV1(Contract):
    """A school where the teacher has an active appointment."""

    brin: Brin
    brin_volgnummer: BrinVolgnummer
    naam: str | None = Field(default=None, description="School name, when reference data knows it.")
    bevoegd_gezag: BevoegdGezag


class RegistrationV1(Contract):
    """Public-safe state of one registration (no BSN, no birth date). Key: registration number.

    Compacted: the latest message per key is the registration's current state; a tombstone
    (null value) means the teacher's data was erased.
    """

    registration_number: RegistrationNumber
    state: RegistrationState
    public_label: str | None = Field(default=None, examples=["geregistreerd"])
    voorletters: str = Field(examples=["J.P."])
    tussenvoegsel: str = Field(default="", examples=["van der"])
    achternaam: str = Field(examples=["Jansen"])
    sectors: list[str] = Field(default_factory=list, examples=[["PO"]])
    schools: list[SchoolRefV1] = Field(default_factory=list)
    qualified: bool = Field(description="At least one active qualified appointment.")
    period_start: date | None = Field(default=None, description="Start of the current period.")
    period_end: date | None = Field(default=None, description="End of the current period.")
    updated_at: datetime


RegistryEventKind = Literal[
    "teacher-invited",
    "invitation-reminder",
    "confirmed",
    "reregistration-due",
    "conditional",
    "lapsed",
    "reregistered",
    "deregistered",
    "erasure-completed",
    "correction-answered",
]


class RegistryEventV1(Contract):
    """Something that happened to a registration. Key: registration number.

    `notification_key` identifies the occasion (kind plus period or moment): the same occasion
    is never announced with a different key, so consumers can act on it exactly once.
    """

    event_id: UUID
    kind: RegistryEventKind
    registration_number: RegistrationNumber
    state: RegistrationState | None = Field(
        default=None, description="The state after the event; none once the data is erased."
    )
    occurred_at: datetime
    notification_key: str = Field(
        description="Stable identity of the occasion: kind, then period end or moment.",
        examples=["reregistration-due:2030-08-01:6m"],
    )
    period_end: date | None = None
    moment: Literal["6m", "12w"] | None = Field(
        default=None, description="For reregistration-due: six months or twelve weeks before."
    )
    reason: str | None = Field(default=None, examples=["norm not met at period end"])


class ContactV1(Contract):
    """How to address a teacher. Key: registration number. Tombstone (null value) on erasure."""

    registration_number: RegistrationNumber
    voorletters: str
    tussenvoegsel: str = ""
    achternaam: str
    email: str | None = Field(
        default=None,
        pattern=EMAIL_SHAPE,
        description="None when no address is known. Validated where it entered the register "
        "(intake, the registry's API); consumers see only its shape checked.",
    )
    language: Literal["nl", "en"] = "nl"


class CorrectionRequestV1(Contract):
    """What a teacher disputes about one appointment, for the board that delivered it.

    Key: `bevoegd_gezag`. Names the teacher by registration number and name, never by BSN.
    """

    request_id: UUID
    bevoegd_gezag: BevoegdGezag
    registration_number: RegistrationNumber
    voorletters: str
    tussenvoegsel: str = ""
    achternaam: str
    brin: Brin
    brin_volgnummer: BrinVolgnummer
    benoemingsgrondslag: str
    benoeming_begindatum: date
    fields: list[str] = Field(
        description="Which delivered fields are wrong.", examples=[["benoeming_einddatum"]]
    )
    explanation: str = Field(max_length=2000, examples=["Mijn benoeming loopt tot 31 juli."])
    requested_at: datetime


class CorrectionResolvedV1(Contract):
    """A correction request that a redelivery resolved: every disputed field now has another
    value than when the teacher asked. Key: `bevoegd_gezag`. No BSN, no name."""

    request_id: UUID
    bevoegd_gezag: BevoegdGezag
    registration_number: RegistrationNumber
    delivery_id: UUID = Field(description="The delivery that resolved it.")
    resolved_at: datetime
