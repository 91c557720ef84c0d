"""The portal's ASGI app (uvicorn factory `lr_portal.entrypoints.app:create_app`)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

import lr_portal
from lr_portal.application.ports import Clock
from lr_portal.bootstrap import Container, bootstrap
from lr_portal.entrypoints import (
    cookies,
    errors,
    pages_board_corrections,
    pages_board_teachers,
    pages_boards,
    pages_disclosures,
    pages_panel,
    pages_portfolio,
    pages_providers,
    pages_public,
    pages_teacher,
    signin,
    signin_board,
    signin_dev,
    signin_eherkenning,
    signin_oidc,
    signin_provider,
)
from lr_portal.settings import Settings
from lr_shared.db import ping, run_migrations
from lr_shared.http import PAGES_CONTENT_SECURITY_POLICY, install_middleware, operational_router
from lr_shared.runtime import tune_garbage_collection

MIGRATIONS = Path(lr_portal.__file__).parent / "migrations"
STATIC = Path(lr_portal.__file__).parent / "static"
PRUNE_EVERY_SECONDS = 600.0

log = logging.getLogger(__name__)


async def _prune_sessions_forever(container: Container) -> None:
    idle = timedelta(minutes=container.settings.session_idle_minutes)
    while True:
        try:
            pruned = await container.sessions.prune(container.clock() - idle)
            if pruned:
                log.info("idle sessions ended", extra={"sessions": pruned})
        except Exception:
            log.exception("pruning sessions failed")
        await asyncio.sleep(PRUNE_EVERY_SECONDS)


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    settings = settings or Settings()
    container = bootstrap(settings, clock=clock)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await run_migrations(MIGRATIONS, settings.database_url)
        pruner = asyncio.create_task(_prune_sessions_forever(container))
        # Each replica keeps a copy of a session for a few seconds while it hears of every
        # change (docs/portal.md, "Sessions"); the DSN is the driver's, without SQLAlchemy's.
        listener = asyncio.create_task(
            container.sessions.listen_forever(
                settings.database_url.replace("postgresql+asyncpg://", "postgresql://", 1)
            )
        )
        log.info("service started", extra={"port": settings.http_port})
        try:
            yield
        finally:
            for task in (pruner, listener):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await container.close()
            log.info("service stopped")

    async def database_ready() -> None:
        await ping(container.engine)

    app = FastAPI(
        title="Lerarenregister portal",
        description="The pages teachers, boards and the public use.",
        version="1.0.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.container = container
    app.state.digid_enabled = container.oidc is not None
    # Pages: a strict Content-Security-Policy (the CSS and boards.js are the portal's own files,
    # nothing inline); the static files may be cached, every page is no-store.
    install_middleware(
        app,
        trusted_proxies=settings.trusted_proxies,
        hsts=settings.behind_tls,
        content_security_policy=PAGES_CONTENT_SECURITY_POLICY,
        cacheable=("/static/",),
    )
    cookies.install(app, secure=settings.cookie_secure)
    errors.install(app)
    # Ready when its own database answers: with the registry down the portal still answers,
    # with a "probeer het later opnieuw" page, instead of leaving the load balancer.
    app.include_router(operational_router({"database": database_ready}))
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # One router per area; a new area adds its module here.
    for router in (
        pages_public.router,
        signin.router,
        signin_dev.router,
        signin_oidc.router,
        pages_teacher.router,
        pages_disclosures.router,
        pages_portfolio.router,
        pages_portfolio.shared_router,
        signin_board.router,
        signin_eherkenning.router,
        pages_boards.router,
        pages_board_teachers.router,
        pages_board_corrections.router,
        signin_provider.router,
        pages_providers.router,
        pages_panel.router,
    ):
        app.include_router(router)
    tune_garbage_collection()
    # One span a request: ASGI's per-message "http send" and "http receive" spans (three more a
    # request) cost every traced page CPU that /health, untraced, does not pay (docs/portal.md).
    FastAPIInstrumentor.instrument_app(
        app,
        tracer_provider=container.tracer_provider,
        excluded_urls="health,ready,metrics,static",
        exclude_spans=["receive", "send"],
    )
    return app
