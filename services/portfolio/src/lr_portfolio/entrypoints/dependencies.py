"""FastAPI dependencies: the container, the teacher behind a register token and the training
provider behind a provider token."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from lr_portfolio.bootstrap import Container
from lr_shared.auth import Principal
from lr_shared.http import require_token


async def container(request: Request) -> Container:
    found: Container = request.app.state.container
    return found


async def teacher(principal: Annotated[Principal, Depends(require_token("register"))]) -> str:
    """The registration number of the signed-in teacher: a register token's subject."""
    return principal.subject


async def provider(principal: Annotated[Principal, Depends(require_token("provider"))]) -> str:
    """The provider behind a provider token: its subject, the `provider_id` of its catalogue
    entries."""
    return principal.subject


Services = Annotated[Container, Depends(container)]
Teacher = Annotated[str, Depends(teacher)]
Provider = Annotated[str, Depends(provider)]
