"""The public lookup: no token, rate-limited, only what the register may show."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from lr_registry.domain.calendar import today
from lr_registry.entrypoints.deps import NO_NUL, ContainerDep, not_found, rate_limited
from lr_shared.problems import problem_responses

router = APIRouter(
    prefix="/v1/public",
    tags=["public"],
    dependencies=[Depends(rate_limited)],
    responses=problem_responses(422, 429, 503),
)


@router.get("/registrations")
async def search(
    container: ContainerDep,
    achternaam: Annotated[str, Query(min_length=2, max_length=100, pattern=NO_NUL)],
    voorletters: Annotated[str | None, Query(max_length=20, pattern=NO_NUL)] = None,
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 20,
) -> dict[str, Any]:
    """Registrations whose surname starts with `achternaam` (case-insensitive), optionally
    narrowed by initials; ordered by name."""
    size = min(page_size, container.settings.public_page_size_max)
    items = await container.views.search(
        achternaam, voorletters, size + 1, (page - 1) * size, today(container.clock())
    )
    return {
        "items": items[:size],
        "page": page,
        "page_size": size,
        "next_page": page + 1 if len(items) > size else None,
    }


@router.get("/registrations/{registration_number}", responses=problem_responses(404))
async def one(
    container: ContainerDep,
    registration_number: Annotated[str, Path(pattern=r"^LR[0-9]{8}$")],
) -> dict[str, Any]:
    entry = await container.views.public_registration(registration_number, today(container.clock()))
    if entry is None:
        raise not_found()
    return entry
