"""FastAPI dependencies: the container and the teacher behind a register token."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from lr_portfolio.bootstrap import Container
from lr_shared.auth import Principal
from lr_shared.http import require_token


def container(request: Request) -> Container:
    found: Container = request.app.state.container
    return found


def teacher(principal: Annotated[Principal, Depends(require_token("register"))]) -> str:
    """The registration number of the signed-in teacher: a register token's subject."""
    return principal.subject


Services = Annotated[Container, Depends(container)]
Teacher = Annotated[str, Depends(teacher)]
