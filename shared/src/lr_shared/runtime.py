"""The platform a service runs on: logging, tracing, migrations, database, Kafka consumer and
producer, the outbox relay, lag reporting and the HTTP app, started and stopped in order.

A service builds its own adapters in its `bootstrap.py` on top of a `Platform`, registers its
subscribers on `platform.broker` and its routes on the app; nothing is created at import time.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from aiokafka import AIOKafkaProducer
from fastapi import APIRouter, FastAPI
from faststream.kafka import KafkaBroker
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.sdk.trace import TracerProvider
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from lr_shared import failpoints
from lr_shared.auth import OidcIdentityIssuer, TokenVerifier, key_set
from lr_shared.db import UnitOfWork, create_engine, create_sessionmaker, ping, run_migrations
from lr_shared.http import install_middleware, operational_router
from lr_shared.inbox import prune as prune_inbox
from lr_shared.kafka import DeadLetters, create_broker, create_producer
from lr_shared.lag import report_lag_forever
from lr_shared.logs import configure_logging
from lr_shared.outbox import OutboxRelay
from lr_shared.settings import ProcessSettings, ServiceSettings
from lr_shared.telemetry import setup_tracing

log = logging.getLogger(__name__)

BackgroundTask = Callable[[], Awaitable[None]]


@dataclass
class Platform:
    """The concrete infrastructure of one service process."""

    settings: ServiceSettings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    broker: KafkaBroker
    producer: AIOKafkaProducer
    relay: OutboxRelay
    dead_letters: DeadLetters
    verifier: TokenVerifier
    tracer_provider: TracerProvider
    consumer_groups: list[str] = field(default_factory=list)
    background: list[BackgroundTask] = field(default_factory=list)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    @classmethod
    def create(cls, settings: ServiceSettings) -> Platform:
        service = settings.service_name
        configure_logging(service, settings.log_level)
        failpoints.arm(settings.failpoints)
        tracer_provider = setup_tracing(
            service,
            settings.otel_exporter,
            endpoint=settings.otel_endpoint,
            file=settings.otel_file,
        )
        engine = create_engine(
            settings.database_url,
            pool_size=settings.db_pool_size,
            application_name=f"lr-{service}",
            pool_timeout=settings.db_pool_timeout_seconds,
            connect_timeout=settings.db_connect_timeout_seconds,
        )
        producer = create_producer(
            settings.kafka_bootstrap_servers,
            client_id=f"lr-{service}",
            security=settings.kafka_security,
        )
        return cls(
            settings=settings,
            engine=engine,
            sessions=create_sessionmaker(engine),
            broker=create_broker(
                settings.kafka_bootstrap_servers,
                service=service,
                tracer_provider=tracer_provider,
                security=settings.kafka_security,
            ),
            producer=producer,
            relay=OutboxRelay(
                engine,
                producer,
                lock_id=zlib.crc32(f"outbox:{service}".encode()),
                batch_size=settings.outbox_batch_size,
                idle_seconds=settings.outbox_poll_seconds,
            ),
            dead_letters=DeadLetters(producer, consumer=service),
            verifier=token_verifier(settings),
            tracer_provider=tracer_provider,
        )

    def group(self, name: str) -> str:
        """A consumer group id of this service, recorded for lag reporting."""
        group_id = f"lr-{self.settings.service_name}-{name}{self.settings.topic_suffix}"
        self.consumer_groups.append(group_id)
        return group_id

    async def start(self, migrations: Path) -> None:
        await run_migrations(migrations, self.settings.database_url)
        await self.verifier.prefetch()
        await self.producer.start()
        self._spawn(self.relay.run())
        await self.broker.start()
        self._spawn(
            report_lag_forever(
                self.settings.kafka_bootstrap_servers,
                self.consumer_groups,
                security=self.settings.kafka_security,
            )
        )
        self._spawn(self._prune_inbox_forever())
        for task in self.background:
            self._spawn(task())
        log.info("service started", extra={"port": self.settings.http_port})

    async def stop(self) -> None:
        # Consumers first, so nothing new is taken in; then the relay flushes what is committed.
        await self.broker.stop()
        self.relay.stop()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.producer.stop()
        await self.engine.dispose()
        self.tracer_provider.shutdown()
        log.info("service stopped")

    def _spawn(self, coroutine: Awaitable[None]) -> None:
        async def guarded() -> None:
            try:
                await coroutine
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("background task failed")

        self._tasks.append(asyncio.create_task(guarded()))

    async def _prune_inbox_forever(self, interval: float = 3600.0) -> None:
        while True:
            async with UnitOfWork(self.sessions) as uow:
                pruned = await prune_inbox(uow.session)
                await uow.commit()
            if pruned:
                log.info("inbox pruned", extra={"entries": pruned})
            await asyncio.sleep(interval)

    async def database_ready(self) -> None:
        await ping(self.engine)

    async def broker_ready(self) -> None:
        if not await self.broker.ping(timeout=2.0):
            raise ConnectionError("Kafka does not answer")


def token_verifier(
    settings: ServiceSettings, oidc_identity: OidcIdentityIssuer | None = None
) -> TokenVerifier:
    """The service's verifier: its key set (LR_JWKS_URL or LR_JWKS_FILE) and the issuers and
    audience of each kind (LR_TOKEN_RULES); an OpenID provider's ID tokens too, for the one
    service that takes them."""
    keys = key_set(jwks_file=settings.jwks_file, jwks_url=settings.jwks_url)
    return TokenVerifier.from_rules(keys, settings.tokens, oidc_identity)


def create_app(
    platform: Platform,
    *,
    title: str,
    description: str,
    migrations: Path,
    routers: Sequence[APIRouter] = (),
) -> FastAPI:
    """The service's ASGI app; its lifespan starts and stops the platform."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await platform.start(migrations)
        try:
            yield
        finally:
            await platform.stop()

    app = FastAPI(title=title, description=description, version="1.0.0", lifespan=lifespan)
    app.state.verifier = platform.verifier
    app.state.platform = platform
    install_middleware(
        app,
        trusted_proxies=platform.settings.trusted_proxies,
        hsts=platform.settings.behind_tls,
    )
    app.include_router(
        operational_router({"database": platform.database_ready, "kafka": platform.broker_ready})
    )
    for router in routers:
        app.include_router(router)
    tune_garbage_collection()
    # One span a request: ASGI's per-message "http send" and "http receive" spans (three more a
    # request) cost every traced page CPU that /health, untraced, does not pay (docs/portal.md).
    FastAPIInstrumentor.instrument_app(
        app,
        tracer_provider=platform.tracer_provider,
        excluded_urls="health,ready,metrics",
        exclude_spans=["receive", "send"],
    )
    return app


def tune_garbage_collection() -> None:
    """Batches make millions of short-lived tuples and dicts. With the default thresholds the
    cyclic collector scanned the whole heap (every module, model and route) over and over and
    took a quarter of intake's CPU on a national delivery. The heap built at start is frozen
    (never scanned), and young objects are collected less often."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


def serve(app_factory: str, settings: ProcessSettings) -> None:
    """Run the service's app factory under uvicorn (the `python -m lr_<service>` entry point)."""
    import uvicorn

    uvicorn.run(
        app_factory,
        factory=True,
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,
        access_log=False,
        # The client address is ours to take from X-Forwarded-For, from LR_TRUSTED_PROXIES only
        # (lr_shared.http), not uvicorn's (FORWARDED_ALLOW_IPS, which trusts 127.0.0.1).
        proxy_headers=False,
        timeout_graceful_shutdown=30,
        # Longer than a pooling client's idle expiry (httpx: 5 s, uvicorn's default too), so
        # the server does not close a kept-alive connection just as a client sends on it.
        timeout_keep_alive=75,
    )
