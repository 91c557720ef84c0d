"""The only place that builds concrete adapters: from a Platform to the handlers' ports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from lr_portfolio.adapters.clock import SystemClock
from lr_portfolio.adapters.metrics import PrometheusMetrics
from lr_portfolio.adapters.repositories import purge_share_openings
from lr_portfolio.adapters.unit_of_work import PortfolioUnitOfWork
from lr_portfolio.application.accreditations import AccreditationService
from lr_portfolio.application.activities import ActivityService
from lr_portfolio.application.attendance import AttendanceService
from lr_portfolio.application.erasure import ErasureService
from lr_portfolio.application.outgoing import Norms, Outgoing
from lr_portfolio.application.ports import Clock, UnitOfWork
from lr_portfolio.application.progress import ProgressContext
from lr_portfolio.application.ratings import RatingService
from lr_portfolio.application.registrations import RegistrationService
from lr_portfolio.application.views import ViewService
from lr_portfolio.domain.progress import Norm
from lr_portfolio.settings import Settings
from lr_shared.retention import Purge, days, purge_forever, run_purges
from lr_shared.runtime import Platform


@dataclass
class Container:
    settings: Settings
    platform: Platform
    clock: Clock
    activities: ActivityService
    views: ViewService
    attendance: AttendanceService
    registrations: RegistrationService
    erasure: ErasureService
    accreditations: AccreditationService
    ratings: RatingService

    def uow(self) -> UnitOfWork:
        """A unit of work for operator commands and tests."""
        return PortfolioUnitOfWork(self.platform.sessions)

    def purges(self) -> list[Purge[PortfolioUnitOfWork]]:
        retention = days(self.settings.share_openings_retention_days)
        return [Purge("portfolio.share_openings", retention, purge_share_openings)]

    async def purge(self, now: datetime | None = None) -> dict[str, int]:
        """Every retention purge once (tests pass their own `now`): rows removed per purge."""
        return await run_purges(
            self._purge_uow,
            self.purges(),
            now or self.clock.now(),
            batch_size=self.settings.purge_batch_size,
        )

    async def purge_forever(self) -> None:
        await purge_forever(
            self._purge_uow,
            self.purges(),
            self.clock.now,
            interval_seconds=self.settings.purge_interval_seconds,
            batch_size=self.settings.purge_batch_size,
        )

    def _purge_uow(self) -> PortfolioUnitOfWork:
        return PortfolioUnitOfWork(self.platform.sessions)


def norms(settings: Settings) -> Norms:
    return Norms(
        default=Norm(settings.norm_total_hours, settings.norm_core_hours),
        by_sector={
            sector: Norm(n.total_hours, n.core_hours)
            for sector, n in settings.norms_by_sector.items()
        },
    )


def bootstrap(settings: Settings, platform: Platform, clock: Clock | None = None) -> Container:
    clock = clock or SystemClock()

    def uows() -> UnitOfWork:
        return PortfolioUnitOfWork(platform.sessions)

    outgoing = Outgoing(settings.topic)
    progress = ProgressContext(norms(settings), outgoing)
    metrics = PrometheusMetrics()
    return Container(
        settings=settings,
        platform=platform,
        clock=clock,
        activities=ActivityService(uows, clock, progress, metrics, settings.evidence_max_bytes),
        views=ViewService(uows, clock, progress.norms, settings.share_max_days),
        attendance=AttendanceService(uows, clock, progress, metrics, platform.dead_letters),
        registrations=RegistrationService(uows, clock, progress),
        erasure=ErasureService(uows, clock, outgoing),
        accreditations=AccreditationService(uows),
        ratings=RatingService(uows, clock, outgoing),
    )
