"""The uvicorn factory: `create_app()` builds the platform, the container and the app."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from lr_notifications.bootstrap import bootstrap
from lr_notifications.entrypoints.http import stats_router
from lr_notifications.entrypoints.subscribers import register
from lr_notifications.settings import Settings
from lr_shared.runtime import Platform
from lr_shared.runtime import create_app as create_platform_app

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()  # required values come from the environment
    platform = Platform.create(settings)
    container = bootstrap(platform, settings)
    register(platform, container)
    platform.background.append(container.run_sender)
    platform.background.append(container.purge_forever)
    return create_platform_app(
        platform,
        title="Lerarenregister notifications",
        description="Mails teachers exactly once per occasion. Health, readiness, metrics, stats.",
        migrations=MIGRATIONS,
        routers=[stats_router(container.uow_factory)],
    )
