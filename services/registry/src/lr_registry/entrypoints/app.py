"""The registry's ASGI app (uvicorn factory `lr_registry.entrypoints.app:create_app`)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from fastapi import FastAPI

import lr_registry
from lr_registry.application.ports import Clock
from lr_registry.bootstrap import bootstrap
from lr_registry.entrypoints import boards, http, http_requests, public, subscribers
from lr_registry.entrypoints.scheduler import run_scheduler
from lr_registry.settings import Settings
from lr_shared import runtime

MIGRATIONS = Path(lr_registry.__file__).parent / "migrations"


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    settings = settings or Settings()
    container = bootstrap(settings, clock=clock)
    subscribers.register(container)
    if settings.scheduler_enabled:
        container.platform.background.append(partial(run_scheduler, container))
        container.platform.background.append(container.purge_forever)
    app = runtime.create_app(
        container.platform,
        title="Lerarenregister registry",
        description="Who each teacher is and where their registration stands.",
        migrations=MIGRATIONS,
        routers=[http.router, http_requests.router, public.router, boards.router],
    )
    app.state.container = container
    return app
