"""The provider catalogue, public and read-only: accredited activities with their register
hours (what a provider reports attendance with, what a teacher may choose)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from lr_portfolio.application import catalogue
from lr_portfolio.domain.catalogue import CatalogueEntry
from lr_portfolio.domain.ratings import Feedback
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
    ratings_count: int | None = Field(
        default=None,
        description="Teachers' ratings (1-5) after attending; null: fewer than 5 (none "
        "included): nothing is shown before 5 ratings.",
    )
    average_rating: Decimal | None = Field(
        default=None, description="Mean rating, two decimals; null below 5 ratings."
    )

    @classmethod
    def of(cls, entry: CatalogueEntry, feedback: Feedback | None = None) -> CatalogueEntryOut:
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
            ratings_count=feedback.count if feedback else None,
            average_rating=feedback.average if feedback else None,
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
    """Accredited activities by activity code, optionally of one provider, with teachers'
    average rating from 5 ratings on."""
    entries = await catalogue.page(services.uow, provider_id, (page - 1) * page_size, page_size)
    feedback = await services.ratings.for_catalogue([e.activity_code for e in entries])
    return CataloguePage(
        items=[CatalogueEntryOut.of(e, feedback.get(e.activity_code)) for e in entries],
        page=page,
        page_size=page_size,
    )
