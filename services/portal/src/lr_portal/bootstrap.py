"""Builds the portal's concrete adapters: the only module that does.

The portal has no Kafka: it needs logs, traces, its session database and HTTP clients of the
registry, portfolio, profession and intake, all from lr_shared's building blocks (not
lr_shared.runtime.Platform, which brings a broker, a producer and an outbox relay the portal
has no use for).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime

from opentelemetry.sdk.trace import TracerProvider
from sqlalchemy.ext.asyncio import AsyncEngine

from lr_portal.adapters.devidp import DevIdentityProvider
from lr_portal.adapters.devreference import DevReference
from lr_portal.adapters.disclosures import DisclosuresClient
from lr_portal.adapters.http import ServiceClient
from lr_portal.adapters.intake import IntakeClient
from lr_portal.adapters.oidc import OidcClient, SqlPendingSignIns
from lr_portal.adapters.portfolio import PortfolioClient
from lr_portal.adapters.profession import ProfessionClient
from lr_portal.adapters.progress import ProgressClient
from lr_portal.adapters.readcache import ReadCache
from lr_portal.adapters.registry import RegistryClient
from lr_portal.adapters.registry_boards import RegistryBoardsClient
from lr_portal.adapters.sessions import SqlSessionStore
from lr_portal.application.ports import Clock
from lr_portal.settings import Settings
from lr_shared.db import create_engine
from lr_shared.logs import configure_logging
from lr_shared.telemetry import setup_tracing


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Container:
    settings: Settings
    engine: AsyncEngine
    tracer_provider: TracerProvider
    sessions: SqlSessionStore
    registry_http: ServiceClient
    portfolio_http: ServiceClient
    portfolio: PortfolioClient
    registry: RegistryClient
    progress: ProgressClient
    dev_idp: DevIdentityProvider | None
    clock: Clock
    pending_sign_ins: SqlPendingSignIns
    profession: ProfessionClient
    """Teacher panels: providers' requests, panel membership and reviews, the criteria."""
    disclosures: DisclosuresClient
    """Who looked at a teacher's data: the registry's and the portfolio's records."""
    oidc: OidcClient | None = None
    eherkenning: OidcClient | None = None
    """The board sign-in's OpenID provider (eHerkenning); None unless LR_EHERKENNING_* is set."""
    intake: IntakeClient | None = None
    """The board pages' client; None when LR_INTAKE_URL is not set (no board pages then)."""
    dev_reference: DevReference | None = None
    """Development only: boards, payroll bureaus and mandates from intake's reference files."""
    registry_boards: RegistryBoardsClient | None = None
    """The registry's board API ("Mijn leraren"), over the registry's pooled client."""
    reads: ReadCache = field(default_factory=lambda: ReadCache(0))
    """Backends' answers reused for a while (adapters/readcache.py)."""

    @property
    def dev_board_signin(self) -> bool:
        return self.dev_idp is not None and self.intake is not None

    async def close(self) -> None:
        await self.registry_http.close()
        await self.portfolio_http.close()
        await self.portfolio.close()
        await self.profession.close()
        if self.intake is not None:
            await self.intake.close()
        if self.oidc is not None:
            await self.oidc.close()
        if self.eherkenning is not None:
            await self.eherkenning.close()
        await self.sessions.close()
        await self.engine.dispose()
        self.tracer_provider.shutdown()


def bootstrap(settings: Settings, *, clock: Clock | None = None) -> Container:
    configure_logging(settings.service_name, settings.log_level)
    # httpx logs every request's URL, query string included (a surname searched for).
    logging.getLogger("httpx").setLevel(logging.WARNING)
    tracer_provider = setup_tracing(
        settings.service_name,
        settings.otel_exporter,
        endpoint=settings.otel_endpoint,
        file=settings.otel_file,
    )
    engine = create_engine(
        settings.database_url, pool_size=settings.db_pool_size, application_name="lr-portal"
    )
    # The session read of every page, without the pool's ping (docs/portal.md, "Performance").
    session_reads = create_engine(
        settings.database_url,
        pool_size=settings.db_pool_size,
        application_name="lr-portal-sessions",
        pre_ping=False,
    )
    timeout = settings.service_timeout_seconds
    registry_http = ServiceClient("registry", settings.registry_url, timeout)
    portfolio_http = ServiceClient("portfolio", settings.portfolio_url, timeout)
    dev_idp = (
        DevIdentityProvider(settings.dev_idp_key_file, settings.dev_test_data_file)
        if settings.dev_signin_enabled and settings.dev_idp_key_file is not None
        else None
    )
    return Container(
        settings=settings,
        engine=engine,
        tracer_provider=tracer_provider,
        sessions=SqlSessionStore(engine, reads=session_reads),
        registry_http=registry_http,
        portfolio_http=portfolio_http,
        portfolio=PortfolioClient.connect(settings.portfolio_url, timeout),
        registry=RegistryClient(registry_http),
        progress=ProgressClient(portfolio_http),
        dev_idp=dev_idp,
        clock=clock or utc_now,
        pending_sign_ins=SqlPendingSignIns(engine),
        profession=ProfessionClient(ServiceClient("profession", settings.profession_url, timeout)),
        disclosures=DisclosuresClient(registry_http.http, portfolio_http.http),
        oidc=_oidc_client(settings),
        eherkenning=_eherkenning_client(settings),
        intake=(
            IntakeClient.connect(
                settings.intake_url,
                timeout,
                upload_timeout=settings.board_upload_timeout_seconds,
            )
            if settings.intake_url is not None
            else None
        ),
        dev_reference=DevReference.read(settings.dev_reference_dir) if dev_idp else None,
        registry_boards=RegistryBoardsClient(registry_http.http),
        reads=ReadCache(settings.read_cache_seconds),
    )


def _oidc_client(settings: Settings) -> OidcClient | None:
    """DigiD through OpenID Connect, when configured (always in production)."""
    if not (settings.oidc_issuer and settings.oidc_client_id and settings.oidc_redirect_url):
        return None
    secret = settings.oidc_client_secret
    return OidcClient(
        issuer=settings.oidc_issuer,
        client_id=settings.oidc_client_id,
        client_secret=secret.get_secret_value() if secret is not None else None,
        redirect_url=settings.oidc_redirect_url,
        scopes=settings.oidc_scopes,
        leeway_seconds=settings.oidc_leeway_seconds,
        timeout=settings.service_timeout_seconds,
    )


def _eherkenning_client(settings: Settings) -> OidcClient | None:
    """eHerkenning through OpenID Connect for the board pages, when configured."""
    if not (
        settings.boards_enabled
        and settings.eherkenning_issuer
        and settings.eherkenning_client_id
        and settings.eherkenning_redirect_url
    ):
        return None
    secret = settings.eherkenning_client_secret
    return OidcClient(
        issuer=settings.eherkenning_issuer,
        client_id=settings.eherkenning_client_id,
        client_secret=secret.get_secret_value() if secret is not None else None,
        redirect_url=settings.eherkenning_redirect_url,
        scopes=settings.eherkenning_scopes,
        leeway_seconds=settings.oidc_leeway_seconds,
        timeout=settings.service_timeout_seconds,
        service="eherkenning",
        acr_values=settings.eherkenning_acr_values,
    )
