"""Who looked at my data (`/mijn-registratie/privacy/bekeken`): every time her data was shown
outside her own sessions, as the registry (a board's look-up) and the portfolio (an opened
share link) recorded it, newest first. Both are asked at once, with her own registration for
the names of her schools (the registry knows board numbers only)."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from lr_portal.domain.disclosures import merged, schools_by_board
from lr_portal.entrypoints.deps import ContainerDep, SignedInTeacher
from lr_portal.entrypoints.pages_teacher import own_registration
from lr_portal.entrypoints.templating import render, url_with

router = APIRouter(prefix="/mijn-registratie", tags=["teacher"])

PAGE_SIZE = 20
MAX_PAGES = 10
"""Each source is asked for its newest `page x PAGE_SIZE` (the portfolio gives at most 200 at
once), so the page's merge is exact; older records than ten pages are not shown here."""


@router.get("/privacy/bekeken")
async def disclosures(
    request: Request,
    container: ContainerDep,
    me: SignedInTeacher,
    pagina: Annotated[int, Query(ge=1, le=MAX_PAGES)] = 1,
) -> Response:
    newest = pagina * PAGE_SIZE
    registration, lookups, openings = await asyncio.gather(
        own_registration(container, me),
        container.disclosures.board_lookups(me.token, newest),
        container.disclosures.share_openings(me.token, newest),
    )
    total = lookups.total + openings.total
    more = newest < total and pagina < MAX_PAGES
    return render(
        request,
        "disclosures.html.j2",
        {
            "items": merged((lookups, openings), newest - PAGE_SIZE, PAGE_SIZE),
            "schools": schools_by_board(registration),
            "total": total,
            "page": pagina,
            "previous_url": url_with(request, pagina=pagina - 1) if pagina > 1 else None,
            "next_url": url_with(request, pagina=pagina + 1) if more else None,
        },
    )
