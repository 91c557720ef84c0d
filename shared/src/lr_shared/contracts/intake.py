"""Contracts of intake: board submissions in, validated appointments and feedback out."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import ConfigDict, Field

from lr_shared.contracts._base import (
    EMAIL_SHAPE,
    BevoegdGezag,
    Brin,
    BrinVolgnummer,
    Contract,
    RegistrationNumber,
)
from lr_shared.contracts.columns import DELIVERY_COLUMNS
from lr_shared.contracts.reference import Sector

__all__ = ["DELIVERY_COLUMNS"]


class SubmissionRecordV1(Contract):
    """One row of a delivery as the board's system sends it: raw text, validated by intake.

    A number is taken as its text (a BSN or board number sent as a JSON number), as the NDJSON
    upload takes it: whatever is wrong with it is then that row's feedback, instead of the whole
    batch being refused as malformed."""

    model_config = ConfigDict(**Contract.model_config, coerce_numbers_to_str=True)

    bevoegd_gezag: str | None = None
    bsn: str | None = None
    achternaam: str | None = None
    tussenvoegsel: str | None = None
    voorletters: str | None = None
    geslacht: str | None = None
    geboortedatum: str | None = None
    email: str | None = None
    brin: str | None = None
    brin_volgnummer: str | None = None
    functie: str | None = None
    benoemingsgrondslag: str | None = None
    onderwijsterrein: str | None = None
    benoeming_begindatum: str | None = None
    benoeming_einddatum: str | None = None
    dienstverband_begindatum: str | None = None
    dienstverband_einddatum: str | None = None


class SubmissionV1(Contract):
    """A delivery batch on the machine-to-machine channel. Key: `bevoegd_gezag`.

    Header `authorization: Bearer <board token>` (required): the sender's board token, as for
    HTTP. The submitter and the boards it may deliver for are the token's; a record without a
    valid one goes to the dead-letter topic (`dlq_reason: invalid sender token: ...`).

    `delivery_reference` is the board's own reference; sending the same reference again returns
    the first delivery instead of creating a second one (it plays the Idempotency-Key's part).
    """

    delivery_reference: str = Field(
        min_length=1,
        max_length=200,
        description="The board's reference for this batch.",
        examples=["afas-2026-08-01-0001"],
    )
    bevoegd_gezag: BevoegdGezag
    submitted_by: BevoegdGezag = Field(
        description="Board number of the submitter: the board itself or the payroll bureau "
        "delivering for it. Must be the subject of the record's board token (else the "
        "delivery is rejected, INZENDER_ONJUIST)."
    )
    records: list[SubmissionRecordV1] = Field(max_length=1000, description="At most 1000 rows.")


class AppointmentV1(Contract):
    """One validated appointment. Key: keyed hash of the BSN. Internal topic: carries personal data.

    An appointment is identified by (bsn, brin, brin_volgnummer, benoemingsgrondslag,
    benoeming_begindatum); a later message with the same identity carries its current end dates.
    """

    delivery_id: UUID = Field(description="The delivery this row came in with.")
    row_number: int = Field(ge=1, description="Row number within the delivery (header is row 1).")
    bsn: str = Field(pattern=r"^[0-9]{9}$", description="Citizen service number, nine digits.")
    achternaam: str = Field(examples=["Jansen"])
    tussenvoegsel: str = Field(default="", examples=["van der"])
    voorletters: str = Field(examples=["J.P."])
    geslacht: Literal["M", "V", "X", "O"]
    geboortedatum: date
    email: str | None = Field(
        default=None,
        pattern=EMAIL_SHAPE,
        description="Validated by intake (email-validator); consumers see only its shape checked.",
    )
    bevoegd_gezag: BevoegdGezag
    brin: Brin
    brin_volgnummer: BrinVolgnummer
    sector: Sector
    functie: Literal["leraar", "lio", "uitzendkracht"]
    benoemingsgrondslag: str = Field(
        description="Code from the project's benoemingsgrondslag list."
    )
    qualified: bool = Field(description="True when the grondslag makes the appointment qualified.")
    onderwijsterrein: str | None = Field(
        default=None, description="Only for an unqualified appointment."
    )
    benoeming_begindatum: date
    benoeming_einddatum: date | None = None
    dienstverband_begindatum: date
    dienstverband_einddatum: date | None = None


Severity = Literal["error", "warning"]


class RowIssueV1(Contract):
    """One problem with one row. Never quotes personal data: it names the row and the column."""

    row_number: int = Field(ge=1, examples=[17])
    column: str | None = Field(default=None, examples=["bsn"])
    code: str = Field(
        description="Stable code, documented in docs/intake-codes.md.", examples=["BSN_ELFPROEF"]
    )
    severity: Severity
    message: str = Field(
        description="Dutch explanation.", examples=["BSN voldoet niet aan de elfproef."]
    )


class DeliveryReportV1(Contract):
    """The feedback of one delivery. Key: delivery id.

    At most `MAX_REPORTED_ISSUES` issues are listed; `issues_truncated` says there are more,
    all of which the board can page through at intake's HTTP feedback endpoint.
    """

    delivery_id: UUID
    delivery_reference: str | None = None
    bevoegd_gezag: BevoegdGezag
    submitted_by: BevoegdGezag
    channel: Literal["http", "kafka"]
    status: Literal["completed", "rejected"]
    rejection_code: str | None = Field(default=None, description="Whole-delivery problem, if any.")
    rejection_message: str | None = None
    rows_total: int = Field(ge=0)
    rows_accepted: int = Field(ge=0)
    rows_rejected: int = Field(ge=0)
    rows_warned: int = Field(ge=0)
    issues: list[RowIssueV1] = Field(default_factory=list)
    issues_truncated: bool = False
    received_at: datetime
    completed_at: datetime


MAX_REPORTED_ISSUES = 1000


CorrectionDecision = Literal["accepted", "rejected"]


class CorrectionAnswerV1(Contract):
    """A board's answer to a teacher's correction request. Key: registration number.

    `accepted`: the board will deliver the corrected data (the request is resolved when it
    does); `rejected`: the delivered data stands, `reason` says why. Names the teacher by
    registration number only, never by BSN or name.
    """

    request_id: UUID = Field(description="The `request_id` of the CorrectionRequestV1 answered.")
    bevoegd_gezag: BevoegdGezag
    registration_number: RegistrationNumber
    decision: CorrectionDecision
    reason: str | None = Field(
        default=None,
        max_length=2000,
        description="Why: required when rejected, optional when accepted.",
        examples=["Volgens onze administratie loopt de benoeming tot 31 juli 2027."],
    )
    answered_at: datetime
