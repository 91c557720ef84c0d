"""FastAPI dependencies shared by the registry's routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request, status

from lr_registry.bootstrap import Container
from lr_shared.auth import Principal
from lr_shared.http import require_token

NO_NUL = r"^[^\x00]*$"
"""A pattern for text taken from a request: PostgreSQL text cannot hold a NUL character, so
one is refused here (422) instead of failing there (500)."""


def get_container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


ContainerDep = Annotated[Container, Depends(get_container)]
Teacher = Annotated[Principal, Depends(require_token("register"))]
Identity = Annotated[Principal, Depends(require_token("identity"))]


def rate_limited(request: Request, container: ContainerDep) -> None:
    client = request.client.host if request.client else "unknown"
    if not container.public_limiter.allow(client):
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            "Too many requests",
            headers={"Retry-After": str(container.public_limiter.retry_after())},
        )


def not_found() -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, "Not found")
