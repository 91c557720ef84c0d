"""Builds the registry's concrete adapters on a Platform: the only module that does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial

from lr_registry.adapters.ratelimit import TokenBuckets
from lr_registry.adapters.retention import purge_board_lookups, purge_correction_requests
from lr_registry.adapters.tokens import RegisterTokens
from lr_registry.adapters.unit_of_work import SqlUnitOfWork
from lr_registry.adapters.views import Views
from lr_registry.application import lifecycle
from lr_registry.application.appointments import ApplyAppointments
from lr_registry.application.ports import Clock, UnitOfWorkFactory
from lr_registry.application.publishing import Publisher
from lr_registry.application.retention import erase_deregistered
from lr_registry.settings import Settings
from lr_shared.auth import OidcIdentityIssuer
from lr_shared.bsn import BsnCipher, keyed_hash
from lr_shared.retention import Purge, days, purge_forever, run_purges
from lr_shared.runtime import Platform, token_verifier
from lr_shared.shredding import KeyWrapper


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Container:
    settings: Settings
    platform: Platform
    uow: UnitOfWorkFactory
    publisher: Publisher
    hash_bsn: partial[str]
    clock: Clock
    views: Views
    tokens: RegisterTokens
    apply_appointments: ApplyAppointments
    public_limiter: TokenBuckets

    async def purge(self, now: datetime | None = None) -> dict[str, int]:
        """Every retention purge once (tests pass their own `now`): rows removed per purge."""
        return await run_purges(
            self._purge_uow, self.purges(), now or self.clock(), batch_size=self._purge_batch
        )

    async def purge_forever(self) -> None:
        await purge_forever(
            self._purge_uow,
            self.purges(),
            self.clock,
            interval_seconds=self.settings.purge_interval_seconds,
            batch_size=self._purge_batch,
        )

    def purges(self) -> list[Purge[SqlUnitOfWork]]:
        retention = days(self.settings.deregistered_retention_days)
        deregistered_batch = self.settings.deregistered_purge_batch_size

        async def erase(uow: SqlUnitOfWork, cutoff: datetime, limit: int) -> int:
            return await erase_deregistered(
                uow,
                self.uow,
                self.publisher,
                cutoff,
                cutoff + retention,
                min(limit, deregistered_batch),
            )

        return [
            Purge("registry.deregistered_teachers", retention, erase),
            Purge(
                "registry.correction_requests",
                days(self.settings.correction_requests_retention_days),
                purge_correction_requests,
            ),
            Purge(
                "registry.board_lookups",
                days(self.settings.board_lookups_retention_days),
                purge_board_lookups,
            ),
        ]

    @property
    def _purge_batch(self) -> int:
        return self.settings.purge_batch_size

    def _purge_uow(self) -> SqlUnitOfWork:
        uow = self.uow()
        assert isinstance(uow, SqlUnitOfWork)
        return uow

    async def tick(self, now: datetime | None = None) -> int:
        """One scheduler pass (tests call it with their own `now`)."""
        return await lifecycle.tick(
            self.uow,
            self.publisher,
            now or self.clock(),
            batch_size=self.settings.scheduler_batch_size,
        )


def bootstrap(settings: Settings, *, clock: Clock | None = None) -> Container:
    platform = Platform.create(settings)
    if settings.oidc_identity_issuer and settings.oidc_identity_audience:
        # Only the registry accepts identity tokens, so only it knows the OpenID provider.
        platform.verifier = token_verifier(
            settings,
            OidcIdentityIssuer.from_source(
                settings.oidc_identity_issuer,
                settings.oidc_identity_audience,
                jwks_file=settings.oidc_identity_jwks_file,
                jwks_url=settings.oidc_identity_jwks_url,
            ),
        )
    cipher = BsnCipher.from_base64(settings.bsn_encryption_key.get_secret_value())
    wrapper = KeyWrapper.derived_from(settings.bsn_encryption_key.get_secret_value())
    hash_bsn = partial(keyed_hash, key=settings.bsn_hash_key.get_secret_value().encode())
    publisher = Publisher(settings.topic_suffix)

    def uow() -> SqlUnitOfWork:
        return SqlUnitOfWork(platform.sessions, cipher, wrapper)

    return Container(
        settings=settings,
        platform=platform,
        uow=uow,
        publisher=publisher,
        hash_bsn=hash_bsn,
        clock=clock or utc_now,
        views=Views(platform.sessions),
        tokens=RegisterTokens.from_file(
            settings.register_signing_key_file,
            timedelta(minutes=settings.register_token_minutes),
            audience=settings.tokens["register"].audience,
        ),
        apply_appointments=ApplyAppointments(uow, publisher, hash_bsn),
        public_limiter=TokenBuckets(settings.public_rate_per_second, settings.public_burst),
    )
