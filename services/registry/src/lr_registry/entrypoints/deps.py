"""FastAPI dependencies shared by the registry's routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Path, Query, Request, status

from lr_registry.application.boards import Looker
from lr_registry.bootstrap import Container
from lr_shared.auth import Principal
from lr_shared.http import require_token

NO_NUL = r"^[^\x00]*$"
"""A pattern for text taken from a request: PostgreSQL text cannot hold a NUL character, so
one is refused here (422) instead of failing there (500)."""


async def get_container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


ContainerDep = Annotated[Container, Depends(get_container)]
Teacher = Annotated[Principal, Depends(require_token("register"))]
Identity = Annotated[Principal, Depends(require_token("identity"))]


async def rate_limited(request: Request, container: ContainerDep) -> None:
    client = request.client.host if request.client else "unknown"
    if not container.public_limiter.allow(client):
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            "Too many requests",
            headers={"Retry-After": str(container.public_limiter.retry_after())},
        )


def not_found() -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, "Not found")


BoardToken = Annotated[Principal, Depends(require_token("board"))]
BoardNumber = Annotated[str, Path(pattern=r"^[0-9]{5}$")]
Page = Annotated[int, Query(ge=1, le=1_000_000)]
PageSize = Annotated[int, Query(ge=1, le=1000)]


async def visible_board(bevoegd_gezag: BoardNumber, principal: BoardToken) -> Looker:
    """The board in the path, if the token may act for it; any other board does not exist."""
    if bevoegd_gezag not in principal.boards:
        raise not_found()
    return Looker(bevoegd_gezag, principal.subject)


VisibleBoard = Annotated[Looker, Depends(visible_board)]
