"""The only place that builds concrete adapters: from a Platform to the service's Container."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from lr_notifications.adapters.metrics import PrometheusObserver
from lr_notifications.adapters.outcomes import SqlOutcomes
from lr_notifications.adapters.ratelimit import RateLimiter
from lr_notifications.adapters.retention import purge_notifications
from lr_notifications.adapters.smtp import SmtpConfig, SmtpMailer
from lr_notifications.adapters.templates import JinjaRenderer
from lr_notifications.adapters.unit_of_work import SqlUnitOfWork
from lr_notifications.application.ports import UnitOfWork, UnitOfWorkFactory
from lr_notifications.application.sender import Sender, SenderConfig
from lr_notifications.domain.delivery import RetryPolicy
from lr_notifications.settings import Settings
from lr_shared import db
from lr_shared.contracts.topics import PRIVACY_ERASURE_CONFIRMATIONS
from lr_shared.retention import Purge, days, purge_forever, run_purges
from lr_shared.runtime import Platform


@dataclass
class Container:
    settings: Settings
    platform: Platform
    uow_factory: UnitOfWorkFactory
    renderer: JinjaRenderer
    mailer: SmtpMailer
    sender: Sender

    def purges(self) -> list[Purge[db.UnitOfWork]]:
        retention = days(self.settings.notifications_retention_days)
        return [Purge("notifications.notifications", retention, purge_notifications)]

    async def purge(self, now: datetime | None = None) -> dict[str, int]:
        """Every retention purge once (tests pass their own `now`): rows removed per purge."""
        return await run_purges(
            self._purge_uow,
            self.purges(),
            now or datetime.now(UTC),
            batch_size=self.settings.purge_batch_size,
        )

    async def purge_forever(self) -> None:
        await purge_forever(
            self._purge_uow,
            self.purges(),
            lambda: datetime.now(UTC),
            interval_seconds=self.settings.purge_interval_seconds,
            batch_size=self.settings.purge_batch_size,
        )

    def _purge_uow(self) -> db.UnitOfWork:
        return db.UnitOfWork(self.platform.sessions)

    async def run_sender(self) -> None:
        try:
            await self.sender.run()
        finally:
            await self.mailer.close()


def smtp_config(settings: Settings) -> SmtpConfig:
    return SmtpConfig(
        host=settings.smtp_host,
        port=settings.smtp_port,
        security=settings.smtp_security,
        username=settings.smtp_username,
        password=settings.smtp_password.get_secret_value() if settings.smtp_password else None,
        timeout=settings.smtp_timeout_seconds,
        pool_size=settings.smtp_pool_size,
        sender=settings.mail_from,
        message_id_domain=settings.message_id_domain,
    )


def sender_config(settings: Settings) -> SenderConfig:
    batch = settings.send_batch_size
    if settings.smtp_rate_limit > 0:
        # A claimed batch must be sent well within its lease, or another replica would take it.
        batch = max(1, min(batch, int(settings.smtp_rate_limit * settings.send_lease_seconds / 4)))
    return SenderConfig(
        concurrency=settings.smtp_pool_size,
        batch_size=batch,
        lease=timedelta(seconds=settings.send_lease_seconds),
        poll_seconds=settings.send_poll_seconds,
        retry=RetryPolicy(
            base=timedelta(seconds=settings.retry_base_seconds),
            maximum=timedelta(seconds=settings.retry_max_seconds),
            max_attempts=settings.retry_max_attempts,
        ),
        max_pause_seconds=min(30.0, settings.retry_max_seconds),
    )


def bootstrap(platform: Platform, settings: Settings) -> Container:
    topic = settings.topic(PRIVACY_ERASURE_CONFIRMATIONS.name)

    def uow_factory() -> UnitOfWork:
        return SqlUnitOfWork(platform.sessions, confirmations_topic=topic)

    # The sender's outcomes go through one connection of their own (group commit).
    outcomes = SqlOutcomes(
        db.create_engine(
            settings.database_url,
            pool_size=1,
            application_name=f"lr-{settings.service_name}-sender",
        )
    )
    renderer = JinjaRenderer(settings.portal_base_url)
    mailer = SmtpMailer(smtp_config(settings), RateLimiter(settings.smtp_rate_limit))
    sender = Sender(
        uow_factory, outcomes, renderer, mailer, PrometheusObserver(), sender_config(settings)
    )
    return Container(settings, platform, uow_factory, renderer, mailer, sender)
