"""The public pages: the start page, "Zoek een leraar" and "Criteria en aanbod" (no sign-in).

Results show only what DESIGN.md allows the public register to show (the registry's public
API gives nothing else): name, schools, public label, and qualifications if the teacher chose
so. The registry's rate limit holds per visitor: the portal forwards the visitor's address, and
a limited visitor gets a friendly page (429) with Retry-After.
"""

from __future__ import annotations

import asyncio
import re
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from lr_portal.domain.errors import NotFoundError
from lr_portal.entrypoints import pages_votes
from lr_portal.entrypoints.deps import ContainerDep, CurrentSession
from lr_portal.entrypoints.templating import redirect, render

router = APIRouter(tags=["public"])
# The votes' pages (`/stemmen`, a teacher's; `/stemmen/uitslagen`, public) are top-level paths
# like these: served with them (their routes as they are: the router has no prefix or
# dependencies of its own).
router.routes.extend(pages_votes.router.routes)

PAGE_SIZE = 20
CATALOGUE_PAGE_SIZE = 20
REGISTRATION_NUMBER = re.compile(r"^LR[0-9]{8}$")
PROVIDER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$")


def _visitor(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/")
async def home(request: Request, session: CurrentSession) -> Response:
    return render(request, "home.html.j2")


@router.get("/zoek-een-leraar")
async def search(
    request: Request,
    container: ContainerDep,
    session: CurrentSession,
    achternaam: Annotated[str, Query(max_length=200)] = "",
    voorletters: Annotated[str, Query(max_length=50)] = "",
    nummer: Annotated[str, Query(max_length=50)] = "",
    pagina: Annotated[int, Query(ge=1, le=1000)] = 1,
) -> Response:
    values = {"achternaam": achternaam, "voorletters": voorletters, "nummer": nummer}
    errors: dict[str, str] = {}
    searched = bool(achternaam or voorletters or nummer)
    number = nummer.strip().upper().replace(" ", "")
    if number:
        if REGISTRATION_NUMBER.match(number):
            return redirect(f"/zoek-een-leraar/{number}")
        errors["nummer"] = "public.error_number"
    elif (searched and len(achternaam.strip()) < 2) or "\x00" in achternaam + voorletters:
        errors["achternaam"] = "public.error_surname"
    result = None
    if searched and not errors:
        surname, initials = achternaam.strip(), voorletters.strip() or None
        # Public data, the same for every visitor (adapters/readcache.py says why the cache
        # does not weaken the registry's per-visitor rate limit).
        result = await container.reads.get(
            ("search", surname.lower(), (initials or "").lower(), pagina),
            lambda: container.registry.search(
                achternaam=surname,
                voorletters=initials,
                page=pagina,
                page_size=PAGE_SIZE,
                visitor=_visitor(request),
            ),
        )
    return render(
        request,
        "search.html.j2",
        {"values": values, "errors": errors, "result": result, "page": pagina},
        status=400 if errors else 200,
    )


@router.get("/zoek-een-leraar/{registratienummer}")
async def registration(
    request: Request, container: ContainerDep, session: CurrentSession, registratienummer: str
) -> Response:
    if not REGISTRATION_NUMBER.match(registratienummer):
        raise NotFoundError
    entry = await container.registry.public_registration(
        registratienummer, visitor=_visitor(request)
    )
    return render(request, "public_registration.html.j2", {"entry": entry})


@router.get("/criteria-en-aanbod")
async def criteria_and_offer(
    request: Request,
    container: ContainerDep,
    session: CurrentSession,
    pagina: Annotated[int, Query(ge=1, le=10_000)] = 1,
    aanbieder: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    """The criteria teacher panels score with now (the profession's) and the accredited
    activities with their register hours (the portfolio's provider catalogue), optionally of
    one provider (by its id)."""
    provider = aanbieder.strip()
    errors = (
        {}
        if not provider or PROVIDER_ID.match(provider)
        else {"aanbieder": "criteria.error_provider"}
    )
    criteria, entries = await asyncio.gather(
        container.profession.criteria(),
        container.portfolio.catalogue(
            page=pagina,
            page_size=CATALOGUE_PAGE_SIZE,
            provider_id=provider if provider and not errors else None,
        ),
    )
    return render(
        request,
        "criteria.html.j2",
        {
            "criteria": criteria,
            "entries": entries,
            "page": pagina,
            "has_next": len(entries) == CATALOGUE_PAGE_SIZE,
            "provider": aanbieder,
            "errors": errors,
        },
        status=400 if errors else 200,
    )
