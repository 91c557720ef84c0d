"""Builds intake's concrete adapters on a Platform: the only module that does."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from lr_intake.adapters.board_tokens import BoardTokens
from lr_intake.adapters.checking import row_checkers
from lr_intake.adapters.fields import field_describer
from lr_intake.adapters.retention import purges
from lr_intake.adapters.unit_of_work import IntakeUnitOfWork
from lr_intake.application import ports
from lr_intake.application.deliveries import Intake, complete_published
from lr_intake.application.reference import ReferenceCache
from lr_intake.settings import Settings
from lr_shared.auth import OidcIdentityIssuer
from lr_shared.db import UnitOfWork, create_engine, create_sessionmaker, run_migrations
from lr_shared.retention import purge_forever, run_purges
from lr_shared.runtime import Platform, token_verifier

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Container:
    platform: Platform
    settings: Settings
    intake: Intake
    board_tokens: BoardTokens | None = None
    """The board-token exchange's signer; None without the LR_EHERKENNING_* settings."""

    @classmethod
    def build(cls, settings: Settings, clock: Callable[[], datetime] | None = None) -> Container:
        platform = Platform.create(settings)
        board_tokens = None
        if settings.eherkenning_issuer and settings.eherkenning_audience:
            assert settings.board_signing_key_file is not None
            # Only intake accepts the broker's ID tokens, and only to exchange them.
            platform.verifier = token_verifier(
                settings,
                OidcIdentityIssuer.from_source(
                    settings.eherkenning_issuer,
                    settings.eherkenning_audience,
                    jwks_file=settings.eherkenning_jwks_file,
                    jwks_url=settings.eherkenning_jwks_url,
                    kind="organisation",
                    acr_values=settings.eherkenning_acr_values,
                ),
            )
            board_tokens = BoardTokens.from_file(
                settings.board_signing_key_file,
                timedelta(minutes=settings.board_token_minutes),
                audience=settings.tokens["board"].audience,
            )

        def uow() -> ports.IntakeUnitOfWork:
            work: ports.IntakeUnitOfWork = IntakeUnitOfWork(platform.sessions, settings.topic)
            return work

        hash_key = settings.bsn_hash_key.get_secret_value().encode()
        intake = Intake(
            uow=uow,
            reference=ReferenceCache(settings.reference_check_seconds),
            checkers=row_checkers(hash_key, native=settings.compiled_row_checks),
            describe=field_describer(hash_key),
            clock=clock or utc_now,
            chunk_rows=settings.chunk_rows,
            max_upload_bytes=settings.max_upload_mb * 1024 * 1024,
        )
        container = cls(platform, settings, intake, board_tokens)
        platform.background.append(container.watch_publication)
        platform.background.append(container.purge_forever)
        return container

    async def purge(self, now: datetime | None = None) -> dict[str, int]:
        """Every retention purge once (tests pass their own `now`): rows removed per purge."""
        return await run_purges(
            self._purge_uow,
            purges(self.settings),
            now or self.intake.clock(),
            batch_size=self.settings.purge_batch_size,
        )

    async def purge_forever(self) -> None:
        await purge_forever(
            self._purge_uow,
            purges(self.settings),
            self.intake.clock,
            interval_seconds=self.settings.purge_interval_seconds,
            batch_size=self.settings.purge_batch_size,
        )

    def _purge_uow(self) -> UnitOfWork:
        return UnitOfWork(self.platform.sessions)

    async def watch_publication(self) -> None:
        """Mark deliveries completed once the relay has published all their messages."""
        while True:
            try:
                await complete_published(self.intake)
            except Exception:
                log.exception("checking published deliveries failed")
            await asyncio.sleep(self.settings.publish_check_seconds)


async def standalone_uow_factory(
    database_url: str, topic_suffix: str = ""
) -> tuple[ports.UnitOfWorkFactory, Callable[[], Awaitable[None]]]:
    """A unit of work on intake's database without the rest of the platform (for CLI
    commands), after running the migrations; and how to close it."""
    await run_migrations(MIGRATIONS, database_url)
    engine = create_engine(database_url, pool_size=2)
    sessions = create_sessionmaker(engine)

    def topic(name: str) -> str:
        return f"{name}{topic_suffix}"

    def uow() -> ports.IntakeUnitOfWork:
        work: ports.IntakeUnitOfWork = IntakeUnitOfWork(sessions, topic)
        return work

    return uow, engine.dispose
