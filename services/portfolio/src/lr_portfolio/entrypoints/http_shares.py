"""Expiring read-only links to a portfolio: made and revoked by the teacher, opened by anyone
holding the link until it expires."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.responses import HTMLResponse

from lr_portfolio.entrypoints import html_export
from lr_portfolio.entrypoints.dependencies import Services, Teacher
from lr_portfolio.entrypoints.schemas import CreatedShareOut, PortfolioOut, ShareIn, ShareOut
from lr_shared.problems import problem_responses

router = APIRouter(tags=["shares"], responses=problem_responses(422, 503))
OWN = problem_responses(401)

# The link is the secret: no caching, no referrer leaking it, no search engine indexing it.
SHARED_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
}


@router.post("/v1/me/shares", status_code=status.HTTP_201_CREATED, responses=OWN)
async def create_share(body: ShareIn, me: Teacher, services: Services) -> CreatedShareOut:
    created = await services.views.create_share(me, body.view, body.period_start, body.expires_at)
    base = services.settings.public_base_url.rstrip("/")
    return CreatedShareOut(
        **ShareOut.of(created.share).model_dump(),
        token=created.token,
        url=f"{base}/v1/shares/{created.token}",
    )


@router.get("/v1/me/shares", responses=OWN)
async def list_shares(me: Teacher, services: Services) -> list[ShareOut]:
    return [ShareOut.of(s) for s in await services.views.shares(me)]


@router.delete(
    "/v1/me/shares/{share_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={**OWN, **problem_responses(404)},
)
async def revoke_share(share_id: UUID, me: Teacher, services: Services) -> None:
    await services.views.revoke_share(me, share_id)


@router.get(
    "/v1/shares/{token}",
    response_model=PortfolioOut,
    responses={
        200: {"content": {"text/html": {"schema": {"type": "string"}}}},
        **problem_responses(404, _404="No such link, or it expired or was revoked."),
    },
)
async def open_share(
    token: str,
    request: Request,
    services: Services,
    format: Annotated[Literal["json", "html"] | None, Query()] = None,
) -> Response:
    """No login: the token is the key. HTML for browsers, JSON otherwise (or as `format` asks)."""
    view = await services.views.open_share(token)
    wants_html = format == "html" or (
        format is None and "text/html" in request.headers.get("accept", "")
    )
    if wants_html:
        return HTMLResponse(html_export.render(view, shared=True), headers=SHARED_HEADERS)
    body = PortfolioOut.of(view).model_dump_json()
    return Response(body, media_type="application/json", headers=SHARED_HEADERS)
