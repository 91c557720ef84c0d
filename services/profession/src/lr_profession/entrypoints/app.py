"""The profession's ASGI app (uvicorn factory `lr_profession.entrypoints.app:create_app`)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from fastapi import FastAPI

import lr_profession
from lr_profession.application.ports import Clock
from lr_profession.bootstrap import bootstrap
from lr_profession.entrypoints import (
    http_provider,
    http_public,
    http_teacher,
    http_votes,
    subscribers,
)
from lr_profession.entrypoints.errors import install
from lr_profession.entrypoints.scheduler import run_sweeps
from lr_profession.settings import Settings
from lr_shared import runtime

MIGRATIONS = Path(lr_profession.__file__).parent / "migrations"

DESCRIPTION = """Teacher panels accredit training providers' activities. A provider submits an
offer; a panel of registered teachers of its sector (none employed by the provider's board)
scores it against the criteria set in force and proposes register hours; the decision goes to
the provider catalogue on `lr.profession.accreditations.v1`. Providers never learn who
reviewed."""


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    settings = settings or Settings()
    container = bootstrap(settings, clock=clock)
    subscribers.register(container)
    if settings.sweep_enabled:
        container.platform.background.append(partial(run_sweeps, container))
    app = runtime.create_app(
        container.platform,
        title="Lerarenregister profession",
        description=DESCRIPTION,
        migrations=MIGRATIONS,
        routers=[
            http_provider.router,
            http_teacher.router,
            http_public.router,
            http_votes.public,
            http_votes.teacher,
        ],
    )
    install(app)
    app.state.container = container
    return app
