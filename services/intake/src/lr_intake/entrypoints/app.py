"""The uvicorn factory: `create_app()` builds the container, the consumers and the routes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi import FastAPI

from lr_intake.bootstrap import MIGRATIONS, Container
from lr_intake.entrypoints.http import build_router
from lr_intake.entrypoints.http_board_token import build_board_token_router
from lr_intake.entrypoints.http_corrections import build_corrections_router
from lr_intake.entrypoints.subscribers import register
from lr_intake.settings import Settings
from lr_shared import runtime

DESCRIPTION = """Boards and their payroll bureaus deliver their teachers' appointments here
(CSV or NDJSON upload, or batches on `lr.intake.submissions.v1`). Every row is checked; good rows
are passed on to the register, bad rows are answered with a code and a Dutch message."""


def create_app(
    settings: Settings | None = None, *, clock: Callable[[], datetime] | None = None
) -> FastAPI:
    container = Container.build(settings or Settings(), clock=clock)
    register(container.platform, container.intake)
    app = runtime.create_app(
        container.platform,
        title="Lerarenregister intake",
        description=DESCRIPTION,
        migrations=MIGRATIONS,
        routers=[
            build_router(container.intake),
            build_corrections_router(container.intake),
            *(
                [build_board_token_router(container.intake, container.settings, tokens)]
                if (tokens := container.board_tokens) is not None
                else []
            ),
        ],
    )
    app.state.container = container
    return app
