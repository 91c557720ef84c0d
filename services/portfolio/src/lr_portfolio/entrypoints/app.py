"""The uvicorn factory of the portfolio: `create_app()` builds everything, nothing at import."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from lr_portfolio.application.ports import Clock
from lr_portfolio.bootstrap import bootstrap
from lr_portfolio.entrypoints import (
    errors,
    http,
    http_attendance,
    http_catalogue,
    http_disclosures,
    http_ratings,
    http_shares,
    subscribers,
)
from lr_portfolio.settings import Settings
from lr_shared import runtime
from lr_shared.runtime import Platform

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"

DESCRIPTION = """The teacher's private record of professional development and progress to the
norm. Only the teacher (a register token) sees their activities; someone else's activity is
answered with 404. Only progress totals leave the service, on `lr.portfolio.progress.v1`."""


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    settings = settings or Settings()
    platform = Platform.create(settings)
    container = bootstrap(settings, platform, clock)
    subscribers.register(platform, container)
    platform.background.append(container.purge_forever)
    app = runtime.create_app(
        platform,
        title="Lerarenregister portfolio",
        description=DESCRIPTION,
        migrations=MIGRATIONS,
        routers=[
            http.router,
            http_ratings.teacher_router,
            http_shares.router,
            http_disclosures.router,
            http_catalogue.router,
            http_ratings.provider_router,
            http_attendance.router,
        ],
    )
    errors.install(app)
    app.state.container = container
    return app
