"""FastAPI dependencies shared by the profession's routers."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request, status

from lr_profession.bootstrap import Container
from lr_profession.domain.offers import Provider
from lr_shared.auth import PROVIDER_BOARD_CLAIM, PROVIDER_NAME_CLAIM, Principal
from lr_shared.http import require_token

NO_NUL = r"^[^\x00]*$"
"""Text from a request: PostgreSQL text cannot hold a NUL character (422 here, not a 500)."""

PROVIDER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$")
"""What the catalogue and attendance reports take as a provider id (at most 50 characters)."""
BOARD = re.compile(r"^[0-9]{5}$")
MAX_NAME = 200


async def get_container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


ContainerDep = Annotated[Container, Depends(get_container)]
Teacher = Annotated[Principal, Depends(require_token("register"))]
ProviderToken = Annotated[Principal, Depends(require_token("provider"))]


def _invalid_token(reason: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED,
        f"Invalid token: {reason}",
        headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
    )


async def provider_of(principal: ProviderToken) -> Provider:
    """The provider the token names: its id, its name, and its board when it is one."""
    if not PROVIDER_ID.match(principal.subject):
        raise _invalid_token("provider id not usable")
    board = principal.claims.get(PROVIDER_BOARD_CLAIM)
    if board is not None and not (isinstance(board, str) and BOARD.match(board)):
        raise _invalid_token("bevoegd_gezag not five digits")
    name = principal.claims.get(PROVIDER_NAME_CLAIM)
    if not isinstance(name, str) or not name.strip() or "\x00" in name:
        name = principal.subject
    return Provider(principal.subject, name.strip()[:MAX_NAME], board)


CurrentProvider = Annotated[Provider, Depends(provider_of)]
Page = Annotated[int, Query(ge=1, le=1_000_000)]
PageSize = Annotated[int, Query(ge=1, le=500)]
