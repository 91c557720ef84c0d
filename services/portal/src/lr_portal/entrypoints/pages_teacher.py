"""The teacher's own pages ("Mijn registratie"), on the teacher's behalf with the register
token. Someone else's data does not exist for the caller (the services answer 404)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from lr_portal.domain.errors import NotFoundError
from lr_portal.domain.progress import current_period
from lr_portal.entrypoints.deps import ContainerDep, SignedInTeacher
from lr_portal.entrypoints.templating import render

router = APIRouter(prefix="/mijn-registratie", tags=["teacher"])


@router.get("")
async def overview(request: Request, container: ContainerDep, me: SignedInTeacher) -> Response:
    registration = await container.registry.own_registration(me.token)
    try:
        periods = await container.progress.periods(me.token)
    except NotFoundError:
        periods = []
    return render(
        request,
        "overview.html.j2",
        {"registration": registration, "progress": current_period(periods)},
    )
