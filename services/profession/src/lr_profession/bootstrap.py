"""Builds the profession's concrete adapters on a Platform: the only module that does."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from uuid import UUID

from lr_profession.adapters.unit_of_work import SqlUnitOfWork
from lr_profession.application import panels, votes
from lr_profession.application.panels import PanelRules, SweepResult
from lr_profession.application.ports import Clock, UnitOfWorkFactory
from lr_profession.application.votes import VoteRules, VoteSweepResult
from lr_profession.settings import Settings
from lr_shared.contracts.topics import (
    PROFESSION_ACCREDITATIONS,
    PROFESSION_VOTE_INVITATIONS,
    PROFESSION_VOTES,
)
from lr_shared.runtime import Platform


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Container:
    settings: Settings
    platform: Platform
    uow: UnitOfWorkFactory
    clock: Clock
    rules: PanelRules
    accreditations_topic: str
    vote_rules: VoteRules
    roll_key: bytes = field(repr=False)
    # Ties between equally busy teachers are broken at random; not a secret, but the system
    # source keeps replicas from drawing the same sequence.
    rng: random.Random = field(default_factory=random.SystemRandom)

    async def fill_panels(self, only: list[UUID] | None = None) -> int:
        return await panels.fill_panels(self.uow, self.rules, self.clock(), self.rng, only=only)

    async def sweep(self, now: datetime | None = None) -> SweepResult:
        """One sweep (tests call it with their own `now`): the votes first (an adopted set is
        in force for the panels filled next), then the panels."""
        now = now or self.clock()
        await self.sweep_votes(now)
        return await panels.sweep(self.uow, self.rules, now, self.rng)

    async def sweep_votes(self, now: datetime | None = None) -> VoteSweepResult:
        return await votes.sweep(self.uow, self.vote_rules, now or self.clock())


def rules_of(settings: Settings) -> PanelRules:
    return PanelRules(
        panel_size=settings.panel_size,
        cap=settings.reviewer_open_cap,
        stall_after=timedelta(days=settings.review_stall_days),
        batch_size=settings.sweep_batch_size,
    )


def vote_rules_of(settings: Settings) -> VoteRules:
    return VoteRules(
        votes_topic=settings.topic(PROFESSION_VOTES.name),
        invitations_topic=settings.topic(PROFESSION_VOTE_INVITATIONS.name),
        invitation_batch_size=settings.vote_invitation_batch_size,
    )


def bootstrap(settings: Settings, *, clock: Clock | None = None) -> Container:
    platform = Platform.create(settings)

    def uow() -> SqlUnitOfWork:
        return SqlUnitOfWork(platform.sessions)

    return Container(
        settings=settings,
        platform=platform,
        uow=uow,
        clock=clock or utc_now,
        rules=rules_of(settings),
        accreditations_topic=settings.topic(PROFESSION_ACCREDITATIONS.name),
        vote_rules=vote_rules_of(settings),
        roll_key=settings.vote_roll_key.get_secret_value().encode(),
    )
