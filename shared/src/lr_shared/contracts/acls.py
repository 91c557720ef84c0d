"""Who may read and write each topic: the Kafka principals and their ACLs, next to the catalogue.

`lr stack up` applies this table to the broker, the authorization matrix test tries every
principal on every topic against it, and docs/security.md describes it; nothing else grants
access. Everything not granted here is denied (`allow.everyone.if.no.acl.found=false`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from lr_shared.contracts.topics import (
    INTAKE_APPOINTMENTS,
    INTAKE_CORRECTION_ANSWERS,
    INTAKE_DELIVERY_REPORTS,
    INTAKE_SUBMISSIONS,
    PORTFOLIO_ACTIVITY_FEEDBACK,
    PORTFOLIO_ATTENDANCE,
    PORTFOLIO_PROGRESS,
    PRIVACY_ERASURE_CONFIRMATIONS,
    PRIVACY_ERASURE_REQUESTS,
    PROFESSION_ACCREDITATIONS,
    PROFESSION_VOTE_INVITATIONS,
    PROFESSION_VOTES,
    REFERENCE_SCHOOLS,
    REGISTRY_CONTACTS,
    REGISTRY_CORRECTION_REQUESTS,
    REGISTRY_CORRECTION_RESOLUTIONS,
    REGISTRY_EVENTS,
    REGISTRY_REGISTRATIONS,
    Topic,
)

Operation = Literal["read", "write"]


@dataclass(frozen=True)
class Principal:
    """One SCRAM user and what it may do. A service writes the dead-letter topic of every topic
    it reads (`DeadLetters`); outside parties have no dead-letter topics."""

    name: str
    description: str
    reads: tuple[Topic, ...] = ()
    writes: tuple[Topic, ...] = ()
    dead_letters: bool = False

    @property
    def group_prefix(self) -> str:
        """The consumer groups it may join: `<name>-...` (services use `lr-<service>-<name>`)."""
        return f"{self.name}-"

    def topic_grants(self, suffix: str = "") -> Iterator[tuple[str, Operation]]:
        """(physical topic, operation) for every grant, under a test run's `suffix`."""
        for topic in self.reads:
            yield f"{topic.name}{suffix}", "read"
            if self.dead_letters:
                yield f"{topic.name}{suffix}.dlq", "write"
        for topic in self.writes:
            yield f"{topic.name}{suffix}", "write"

    def may(self, topic: str, operation: Operation, suffix: str = "") -> bool:
        return (topic, operation) in set(self.topic_grants(suffix))


def _service(name: str, reads: tuple[Topic, ...], writes: tuple[Topic, ...]) -> Principal:
    return Principal(f"lr-{name}", f"the {name} service", reads, writes, dead_letters=True)


PUBLIC_TOPICS = (REGISTRY_REGISTRATIONS, REGISTRY_EVENTS)
"""What systems outside the register may read: no BSN, no contact details."""

SERVICES: tuple[Principal, ...] = (
    _service(
        "intake",
        reads=(
            INTAKE_SUBMISSIONS,
            REGISTRY_CORRECTION_REQUESTS,
            REGISTRY_CORRECTION_RESOLUTIONS,
            PRIVACY_ERASURE_REQUESTS,
        ),
        writes=(
            REFERENCE_SCHOOLS,
            INTAKE_APPOINTMENTS,
            INTAKE_DELIVERY_REPORTS,
            INTAKE_CORRECTION_ANSWERS,
            PRIVACY_ERASURE_CONFIRMATIONS,
        ),
    ),
    _service(
        "registry",
        reads=(
            INTAKE_APPOINTMENTS,
            REFERENCE_SCHOOLS,
            PORTFOLIO_PROGRESS,
            PRIVACY_ERASURE_CONFIRMATIONS,
            INTAKE_CORRECTION_ANSWERS,
        ),
        writes=(
            REGISTRY_REGISTRATIONS,
            REGISTRY_EVENTS,
            REGISTRY_CONTACTS,
            REGISTRY_CORRECTION_REQUESTS,
            REGISTRY_CORRECTION_RESOLUTIONS,
            PRIVACY_ERASURE_REQUESTS,
        ),
    ),
    _service(
        "portfolio",
        reads=(
            REGISTRY_REGISTRATIONS,
            PORTFOLIO_ATTENDANCE,
            PRIVACY_ERASURE_REQUESTS,
            PROFESSION_ACCREDITATIONS,
        ),
        writes=(PORTFOLIO_PROGRESS, PORTFOLIO_ACTIVITY_FEEDBACK, PRIVACY_ERASURE_CONFIRMATIONS),
    ),
    _service(
        "notifications",
        reads=(
            REGISTRY_EVENTS,
            PROFESSION_VOTE_INVITATIONS,
            REGISTRY_CONTACTS,
            PRIVACY_ERASURE_REQUESTS,
        ),
        writes=(PRIVACY_ERASURE_CONFIRMATIONS,),
    ),
    _service(
        "profession",
        reads=(REGISTRY_REGISTRATIONS, PORTFOLIO_ACTIVITY_FEEDBACK, PRIVACY_ERASURE_REQUESTS),
        writes=(
            PROFESSION_ACCREDITATIONS,
            PROFESSION_VOTES,
            PROFESSION_VOTE_INVITATIONS,
            PRIVACY_ERASURE_CONFIRMATIONS,
        ),
    ),
)

OUTSIDE_PARTIES: tuple[Principal, ...] = (
    Principal(
        "lr-boards",
        "board and payroll systems (machine-to-machine delivery)",
        reads=(INTAKE_DELIVERY_REPORTS,),
        writes=(INTAKE_SUBMISSIONS,),
    ),
    Principal(
        "lr-providers",
        "training providers reporting attendance",
        writes=(PORTFOLIO_ATTENDANCE,),
    ),
    Principal(
        "lr-consumers",
        "external consumers of the public topics",
        reads=PUBLIC_TOPICS,
    ),
)

PRINCIPALS: tuple[Principal, ...] = SERVICES + OUTSIDE_PARTIES

ADMIN = "lr-admin"
"""The stack's own tooling (creating topics, applying this table, test fixtures and benches that
make scratch topics): a super user, never given to a service or an outside party."""

BROKER = "lr-broker"
"""The broker itself on its inter-broker listener: a super user."""

SCRAM_USERS: tuple[str, ...] = (*(p.name for p in PRINCIPALS), ADMIN, BROKER)
"""Every SCRAM user the stack formats its storage with."""


def principal(name: str) -> Principal:
    return next(p for p in PRINCIPALS if p.name == name)
