"""The teacher's own list of when her portfolio was disclosed outside her sessions: every
opening of one of her share links (docs/privacy.md, "Who looked at my data"). The portal merges
it with the registry's board look-ups (`GET /v1/me/lookups` there)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from lr_portfolio.domain.shares import ShareOpening, ShareView
from lr_portfolio.entrypoints.dependencies import Services, Teacher
from lr_shared.problems import problem_responses

router = APIRouter(tags=["disclosures"], responses=problem_responses(401, 422, 503))


class DisclosureOut(BaseModel):
    kind: Literal["share_opened"] = Field(
        description="`share_opened`: someone opened one of her share links (who is not known: "
        "whoever holds the link).",
        examples=["share_opened"],
    )
    share_id: UUID = Field(description="The share (`GET /v1/me/shares`); it may be revoked since.")
    view: ShareView = Field(description="What the link showed: `all` or one `period`.")
    period_start: date | None = Field(description="The period's start of a `period` view.")
    at: datetime

    @classmethod
    def of(cls, opening: ShareOpening) -> DisclosureOut:
        return cls(
            kind="share_opened",
            share_id=opening.share_id,
            view=opening.view,
            period_start=opening.period_start,
            at=opening.opened_at,
        )


class DisclosurePage(BaseModel):
    page: int
    page_size: int
    total: int
    items: list[DisclosureOut] = Field(description="Newest first.")


@router.get("/v1/me/disclosures", summary="When my share links were opened")
async def disclosures(
    me: Teacher,
    services: Services,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> DisclosurePage:
    found, total = await services.views.share_openings(me, page_size, (page - 1) * page_size)
    return DisclosurePage(
        page=page,
        page_size=page_size,
        total=total,
        items=[DisclosureOut.of(opening) for opening in found],
    )
