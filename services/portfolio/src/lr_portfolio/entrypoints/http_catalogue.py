"""The provider catalogue, public and read-only: accredited activities with their register
hours (what a provider reports attendance with, what a teacher may choose)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from lr_portfolio.application import catalogue
from lr_portfolio.domain.catalogue import CatalogueEntry
from lr_portfolio.entrypoints.dependencies import Services
from lr_shared.problems import problem_responses

router = APIRouter(prefix="/v1", tags=["catalogue"], responses=problem_responses(422, 503))


class CatalogueEntryOut(BaseModel):
    activity_code: str = Field(examples=["PR-0000042"])
    provider_id: str
    provider_name: str
    title: str
    type: str
    subtype: str | None
    register_hours: Decimal
    core: bool
    criteria_version: int | None = Field(
        description="The criteria set of the teacher panel that accredited it; none for an "
        "entry loaded from a file."
    )

    @classmethod
    def of(cls, entry: CatalogueEntry) -> CatalogueEntryOut:
        return cls(
            activity_code=entry.activity_code,
            provider_id=entry.provider_id,
            provider_name=entry.provider_name,
            title=entry.title,
            type=entry.type.value,
            subtype=entry.subtype.value if entry.subtype else None,
            register_hours=entry.register_hours,
            core=entry.core,
            criteria_version=entry.criteria_version,
        )


class CataloguePage(BaseModel):
    items: list[CatalogueEntryOut]
    page: int
    page_size: int


@router.get("/catalogue")
async def list_catalogue(
    services: Services,
    provider_id: Annotated[
        str | None, Query(min_length=1, max_length=50, pattern=r"^[^\x00]*$")
    ] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> CataloguePage:
    """Accredited activities by activity code, optionally of one provider."""
    entries = await catalogue.page(services.uow, provider_id, (page - 1) * page_size, page_size)
    return CataloguePage(
        items=[CatalogueEntryOut.of(e) for e in entries], page=page, page_size=page_size
    )
