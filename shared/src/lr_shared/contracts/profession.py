"""Contracts of the profession service (accreditation of activities by teacher panels)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from pydantic import Field, model_validator

from lr_shared.contracts._base import Contract, RegistrationNumber

ActivityTypeName = Literal[
    "formal_programme",
    "course",
    "study_day",
    "conference",
    "inside_school",
    "outside_school",
    "self_study",
]
ActivitySubtypeName = Literal[
    "coaching",
    "intervision",
    "peer_review",
    "collegial_visit",
    "research",
    "network",
    "placement",
    "professional_journal",
    "online",
]

SUBTYPES_OF: dict[str, frozenset[str]] = {
    "inside_school": frozenset(
        {"coaching", "intervision", "peer_review", "collegial_visit", "research"}
    ),
    "outside_school": frozenset({"network", "placement"}),
    "self_study": frozenset({"professional_journal", "online"}),
}
"""The activity types of DESIGN.md that have subtypes, and theirs; the other types take none
(the portfolio checks a teacher's own activities by the same table)."""


def subtype_fits(type_: str, subtype: str | None) -> bool:
    """A type with subtypes needs one of its own; a type without takes none."""
    allowed = SUBTYPES_OF.get(type_, frozenset())
    return subtype in allowed if allowed else subtype is None


class ActivityAccreditedV1(Contract):
    """A teacher panel accredited an activity: it enters the provider catalogue with these
    register hours. Key: `activity_code`. Compacted: the latest message per code is the
    catalogue entry. No reviewer is named.
    """

    activity_code: str = Field(
        min_length=1,
        max_length=50,
        description="The code providers report attendance with (lr.portfolio.attendance.v1).",
        examples=["PR-0000042"],
    )
    accreditation_id: UUID = Field(description="The accreditation request in the profession.")
    provider_id: str = Field(min_length=1, max_length=50, examples=["P0042"])
    provider_name: str = Field(min_length=1, max_length=200, examples=["Penta Nova"])
    title: str = Field(min_length=1, max_length=200, examples=["Cursus formatief evalueren"])
    type: ActivityTypeName = Field(examples=["course"])
    subtype: ActivitySubtypeName | None = Field(default=None, examples=[None])
    sectors: list[str] = Field(min_length=1, examples=[["PO", "VO"]])
    register_hours: Decimal = Field(
        gt=0,
        le=1000,
        description="Decided by the panel: the median of the approvers' proposals, rounded to "
        "the nearest half hour, never above the planned hours.",
        examples=["12.5"],
    )
    core: bool = Field(description="On the core teaching process (counts to the core norm).")
    criteria_version: int = Field(ge=1, description="The criteria set the panel assessed with.")
    start_date: date | None = Field(default=None, description="None: on demand.")
    end_date: date | None = None
    on_demand: bool = False
    accredited_at: datetime

    @model_validator(mode="after")
    def _subtype_of_its_type(self) -> ActivityAccreditedV1:
        if not subtype_fits(self.type, self.subtype):
            raise ValueError("subtype does not belong to the activity type")
        return self


# --- votes on criteria sets (docs/profession.md, "Votes: one teacher, one vote, a secret
# ballot") ------------------------------------------------------------------------------------

VoteChoiceName = Literal["for", "against", "abstain"]


class CriterionV1(Contract):
    """One criterion of a criteria set."""

    code: str = Field(
        min_length=1, max_length=50, pattern=r"^[a-z][a-z0-9_]*$", examples=["content_quality"]
    )
    title: str = Field(min_length=1, max_length=200, examples=["Inhoudelijke kwaliteit"])
    description: str = Field(min_length=1, max_length=2000)


class VoteOpenedV1(Contract):
    """A proposed criteria set is put to every registered teacher: the vote is open. Key:
    `vote_id`. Compacted: the latest message per vote is its state (`VoteClosedV1` once
    closed, the CloudEvent type `...profession.vote-closed` says which). No voter is named.
    """

    vote_id: UUID
    proposal_version: int = Field(
        ge=2, description="The criteria set proposed (criteria_sets.version in the profession)."
    )
    criteria: list[CriterionV1] = Field(min_length=1, description="The proposed set, in full.")
    opens_at: datetime
    closes_at: datetime


class VoteClosedV1(VoteOpenedV1):
    """The vote closed: the tally, frozen, and whether the proposal was adopted (more `for`
    than `against`; abstentions count for turnout only). An adopted set is in force from
    `in_force_from` (the closing moment) for every review assigned from then on."""

    votes_for: int = Field(ge=0)
    votes_against: int = Field(ge=0)
    abstentions: int = Field(ge=0)
    turnout: int = Field(ge=0, description="Ballots cast: the three counts together.")
    adopted: bool
    closed_at: datetime
    in_force_from: datetime | None = Field(
        default=None, description="Set when adopted: the closing moment."
    )


class VoteInvitationV1(Contract):
    """Tell one registered teacher, once, that a vote is open (notifications mails
    `vote-opened`). Key: `registration_number`. Neither a name nor any choice."""

    vote_id: UUID
    registration_number: RegistrationNumber
    closes_at: datetime
    notification_key: str = Field(
        min_length=1,
        max_length=200,
        description="`vote-opened:{vote_id}`: one mail per teacher and vote.",
        examples=["vote-opened:6f1c0d9e-4a55-4f1e-9a8e-0c7f1b2f3a4d"],
    )
