"""The topic catalogue: every Kafka topic of DESIGN.md with its key, cleanup policy and body.

Operators create topics from this list (`lr stack up` does it locally); the AsyncAPI document and
the producers read it too, so a topic's name is written down exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel

from lr_shared.contracts import intake, portfolio, privacy, profession, reference, registry

DAY_MS = 24 * 60 * 60 * 1000

Cleanup = Literal["compact", "delete"]

HOUR_MS = 60 * 60 * 1000

COMPACTION_BOUNDS: dict[str, str] = {
    # A record's older values (an erased teacher's contact before its tombstone) survive at most
    # segment.ms + max.compaction.lag.ms: the active segment is rolled at the first write after
    # segment.ms, and a segment older than max.compaction.lag.ms must be compacted (KIP-354).
    "segment.ms": str(6 * HOUR_MS),
    "max.compaction.lag.ms": str(1 * DAY_MS),
    "min.compaction.lag.ms": "0",
    # The tombstone itself must outlive a consumer's restart so erasures reach every replica,
    # and then goes too: at most delete.retention.ms after its segment was compacted.
    "delete.retention.ms": str(1 * DAY_MS),
}
"""Bounds how long a tombstoned value can be read on a compacted topic (docs/privacy.md,
"Crypto-shredding"): its old values at most 30 hours after the tombstone, the tombstone itself
at most 54 hours."""


@dataclass(frozen=True)
class Topic:
    """One Kafka topic: its name, what its key is, how long it keeps messages, what it carries."""

    name: str
    key: str
    cleanup: Cleanup
    body: type[BaseModel]
    producer: str
    retention_ms: int | None = None
    description: str = ""

    @property
    def dlq(self) -> str:
        return f"{self.name}.dlq"

    def config(self) -> dict[str, str]:
        """Topic-level broker configuration for creating the topic."""
        config: dict[str, str] = {"cleanup.policy": self.cleanup}
        if self.retention_ms is not None:
            config["retention.ms"] = str(self.retention_ms)
        if self.cleanup == "compact":
            config.update(COMPACTION_BOUNDS)
        return config


REFERENCE_SCHOOLS = Topic(
    "lr.reference.schools.v1",
    "brin+volgnummer",
    "compact",
    reference.SchoolV1,
    "intake",
    description="Schools known to the register, with their board and sector.",
)
INTAKE_SUBMISSIONS = Topic(
    "lr.intake.submissions.v1",
    "bevoegd_gezag",
    "delete",
    intake.SubmissionV1,
    "board systems",
    retention_ms=7 * DAY_MS,
    description="Delivery batches from board and payroll systems (machine-to-machine channel). "
    "Each record carries its sender's board token in the header `authorization: Bearer <jwt>`.",
)
INTAKE_APPOINTMENTS = Topic(
    "lr.intake.appointments.v1",
    "keyed hash of BSN",
    "delete",
    intake.AppointmentV1,
    "intake",
    retention_ms=7 * DAY_MS,
    description="One validated appointment, personal data included. Internal: registry only.",
)
INTAKE_DELIVERY_REPORTS = Topic(
    "lr.intake.delivery-reports.v1",
    "delivery id",
    "delete",
    intake.DeliveryReportV1,
    "intake",
    retention_ms=30 * DAY_MS,
    description="The feedback of one delivery, for the board that made it.",
)
REGISTRY_REGISTRATIONS = Topic(
    "lr.registry.registrations.v1",
    "registration number",
    "compact",
    registry.RegistrationV1,
    "registry",
    description="Public-safe state of one registration; a tombstone after erasure.",
)
REGISTRY_EVENTS = Topic(
    "lr.registry.events.v1",
    "registration number",
    "delete",
    registry.RegistryEventV1,
    "registry",
    retention_ms=30 * DAY_MS,
    description="What happened to a registration: invited, confirmed, due, conditional, ...",
)
REGISTRY_CONTACTS = Topic(
    "lr.registry.contacts.v1",
    "registration number",
    "compact",
    registry.ContactV1,
    "registry",
    description="How to address a teacher: name, e-mail address, language. Tombstone on erasure.",
)
REGISTRY_CORRECTION_REQUESTS = Topic(
    "lr.registry.correction-requests.v1",
    "bevoegd_gezag",
    "delete",
    registry.CorrectionRequestV1,
    "registry",
    retention_ms=30 * DAY_MS,
    description="What a teacher disputes about an appointment, for the board that delivered it.",
)
INTAKE_CORRECTION_ANSWERS = Topic(
    "lr.intake.correction-answers.v1",
    "registration number",
    "delete",
    intake.CorrectionAnswerV1,
    "intake",
    retention_ms=30 * DAY_MS,
    description="A board's answer to a correction request (accepted, or rejected with a reason).",
)
REGISTRY_CORRECTION_RESOLUTIONS = Topic(
    "lr.registry.correction-resolutions.v1",
    "bevoegd_gezag",
    "delete",
    registry.CorrectionResolvedV1,
    "registry",
    retention_ms=30 * DAY_MS,
    description="A correction request that a redelivery resolved, for the board's list.",
)
PORTFOLIO_ATTENDANCE = Topic(
    "lr.portfolio.attendance.v1",
    "registration number",
    "delete",
    portfolio.AttendanceV1,
    "training providers",
    retention_ms=7 * DAY_MS,
    description="Attendance at an accredited activity, reported by its provider. Each record "
    "carries the provider's token in the header `authorization: Bearer <jwt>`.",
)
PORTFOLIO_PROGRESS = Topic(
    "lr.portfolio.progress.v1",
    "registration number",
    "compact",
    portfolio.ProgressV1,
    "portfolio",
    description="Register hours per period (total, core) and whether the norm is met.",
)
PRIVACY_ERASURE_REQUESTS = Topic(
    "lr.privacy.erasure-requests.v1",
    "registration number",
    "delete",
    privacy.ErasureRequestV1,
    "registry",
    retention_ms=30 * DAY_MS,
    description="An AVG erasure request every service must carry out.",
)
PRIVACY_ERASURE_CONFIRMATIONS = Topic(
    "lr.privacy.erasure-confirmations.v1",
    "registration number",
    "delete",
    privacy.ErasureConfirmationV1,
    "all services",
    retention_ms=30 * DAY_MS,
    description="One service has erased one teacher.",
)

PROFESSION_ACCREDITATIONS = Topic(
    "lr.profession.accreditations.v1",
    "activity code",
    "compact",
    profession.ActivityAccreditedV1,
    "profession",
    description="An activity a teacher panel accredited, with its register hours: the provider "
    "catalogue's entry.",
)

PROFESSION_VOTES = Topic(
    "lr.profession.votes.v1",
    "vote id",
    "compact",
    profession.VoteOpenedV1,
    "profession",
    description="A vote of the registered teachers on a proposed criteria set: VoteOpenedV1 when "
    "it opens, VoteClosedV1 (the same fields with the tally and the outcome) when it closes.",
)
PROFESSION_VOTE_INVITATIONS = Topic(
    "lr.profession.vote-invitations.v1",
    "registration number",
    "delete",
    profession.VoteInvitationV1,
    "profession",
    retention_ms=7 * DAY_MS,
    description="One registered teacher to be told, once, that a vote is open (notifications).",
)

PORTFOLIO_ACTIVITY_FEEDBACK = Topic(
    "lr.portfolio.activity-feedback.v1",
    "activity code",
    "compact",
    portfolio.ActivityFeedbackV1,
    "portfolio",
    description="Teachers' ratings of one accredited activity, aggregated and anonymous: count, "
    "average, distribution and comments, each only from 5 ratings on.",
)

TOPICS: tuple[Topic, ...] = (
    REFERENCE_SCHOOLS,
    INTAKE_SUBMISSIONS,
    INTAKE_APPOINTMENTS,
    INTAKE_DELIVERY_REPORTS,
    REGISTRY_REGISTRATIONS,
    REGISTRY_EVENTS,
    REGISTRY_CONTACTS,
    REGISTRY_CORRECTION_REQUESTS,
    INTAKE_CORRECTION_ANSWERS,
    REGISTRY_CORRECTION_RESOLUTIONS,
    PORTFOLIO_ATTENDANCE,
    PORTFOLIO_PROGRESS,
    PRIVACY_ERASURE_REQUESTS,
    PRIVACY_ERASURE_CONFIRMATIONS,
    PROFESSION_ACCREDITATIONS,
    PROFESSION_VOTES,
    PROFESSION_VOTE_INVITATIONS,
    PORTFOLIO_ACTIVITY_FEEDBACK,
)

DLQ_CONFIG = {"cleanup.policy": "delete", "retention.ms": str(30 * DAY_MS)}


def all_topic_configs() -> dict[str, dict[str, str]]:
    """Every topic to create, dead-letter topics included, with its configuration."""
    configs = {topic.name: topic.config() for topic in TOPICS}
    configs.update({topic.dlq: dict(DLQ_CONFIG) for topic in TOPICS})
    return configs
