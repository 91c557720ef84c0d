"""A training provider's pages (/aanbieders): its accreditation requests, a new one, one request
with its decision and the panel's verdicts, each reviewer's scores and reasons on a page of
their own (no reviewer named), and the appeal of a rejection.
Every call is the profession's, with the provider token of the session (docs/profession.md).

Another provider's request does not exist for the caller: the profession answers 404, and so do
these pages. Requests are addressed by their UUID; nothing personal goes into a URL."""

from __future__ import annotations

import asyncio
import logging
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from lr_portal.adapters.profession import SECTORS, InvalidInputError
from lr_portal.domain.errors import NotFoundError, ServiceError
from lr_portal.entrypoints.deps import PROVIDER_AREA, ContainerDep, Csrf, SignedInProvider
from lr_portal.entrypoints.portfolio_forms import kinds
from lr_portal.entrypoints.profession_forms import OfferForm
from lr_portal.entrypoints.templating import redirect, render

router = APIRouter(prefix=PROVIDER_AREA, tags=["providers"])
log = logging.getLogger(__name__)

PAGE_SIZE = 10
FEEDBACK_PAGE_SIZE = 20
DONE = ("ingediend", "bezwaar")


@router.get("")
async def requests_list(
    request: Request,
    container: ContainerDep,
    provider: SignedInProvider,
    pagina: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    found = await container.profession.requests(provider.token, page=pagina, page_size=PAGE_SIZE)
    return render(
        request,
        "providers/requests.html.j2",
        {
            "provider": provider,
            "requests": found,
            "page": pagina,
            "has_next": len(found) == PAGE_SIZE,
        },
    )


def _offer_page(request: Request, form: OfferForm, status: int | None = None) -> Response:
    return render(
        request,
        "providers/offer_form.html.j2",
        {"form": form, "kinds": kinds(), "sectors": SECTORS},
        status=status or (400 if form.errors else 200),
    )


@router.get("/aanvragen/nieuw")
async def new_offer(request: Request, provider: SignedInProvider) -> Response:
    return _offer_page(request, OfferForm.empty())


@router.post("/aanvragen/nieuw", dependencies=[Csrf])
async def new_offer_submit(
    request: Request, container: ContainerDep, provider: SignedInProvider
) -> Response:
    form = OfferForm.posted(await request.form())
    offer = form.parse()
    if offer is None:
        return _offer_page(request, form)
    try:
        created = await container.profession.submit(provider.token, offer)
    except InvalidInputError as exc:
        form.refused(exc.problems)
        return _offer_page(request, form)
    except ServiceError as exc:
        if exc.status != 409:
            raise
        form.sent_before()
        return _offer_page(request, form, status=409)
    log.info("accreditation requested", extra={"request_id": str(created.id)})
    return redirect(f"{PROVIDER_AREA}/aanvragen/{created.id}?gelukt=ingediend")


async def _detail_page(
    request: Request,
    container: ContainerDep,
    provider: SignedInProvider,
    request_id: UUID,
    *,
    done: str | None = None,
    refused: bool = False,
) -> Response:
    found, criteria = await asyncio.gather(
        container.profession.request(provider.token, request_id),
        container.profession.criteria(),
    )
    rounds = sorted({r.round for r in found.reviews})
    return render(
        request,
        "providers/request.html.j2",
        {
            "found": found,
            "provider": provider,
            "criteria": criteria,
            "rounds": [(n, [r for r in found.reviews if r.round == n]) for n in rounds],
            "done": done,
            "refused": refused,
        },
        status=409 if refused else 200,
    )


@router.get("/aanvragen/{request_id}")
async def request_detail(
    request: Request,
    container: ContainerDep,
    provider: SignedInProvider,
    request_id: UUID,
    gelukt: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    done = gelukt if gelukt in DONE else None
    return await _detail_page(request, container, provider, request_id, done=done)


@router.get("/aanvragen/{request_id}/ronde/{round_number}/beoordelaar/{number}")
async def reviewer_reasons(
    request: Request,
    container: ContainerDep,
    provider: SignedInProvider,
    request_id: UUID,
    round_number: Annotated[int, Path(ge=1, le=2)],
    number: Annotated[int, Path(ge=1, le=50)],
) -> Response:
    """One reviewer's scores and reasons (no reviewer named: "Beoordelaar 2" is a position
    in the profession's answer, which says nothing about who). A page of its own: a round's
    reasons together (3 reviewers, 6 criteria, up to 500 characters each) would not fit a page
    of 100 KB."""
    found, criteria = await asyncio.gather(
        container.profession.request(provider.token, request_id),
        container.profession.criteria(),
    )
    of_round = [r for r in found.reviews if r.round == round_number]
    if number > len(of_round):
        raise NotFoundError
    return render(
        request,
        "providers/review.html.j2",
        {
            "found": found,
            "criteria": criteria,
            "round": round_number,
            "number": number,
            "review": of_round[number - 1],
        },
    )


@router.get("/aanvragen/{request_id}/beoordelingen")
async def activity_feedback(
    request: Request,
    container: ContainerDep,
    provider: SignedInProvider,
    request_id: UUID,
    pagina: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    """Teachers' ratings of the accredited activity (the portfolio's, with the provider token):
    count, average, distribution and comments, nobody named; nothing below 5 ratings."""
    found = await container.profession.request(provider.token, request_id)
    if found.state != "accepted" or not found.activity_code:
        raise NotFoundError
    feedback = await container.portfolio.provider_feedback(
        provider.token, found.activity_code, page=pagina, page_size=FEEDBACK_PAGE_SIZE
    )
    total = feedback.comments_total or 0
    return render(
        request,
        "providers/feedback.html.j2",
        {
            "found": found,
            "feedback": feedback,
            "page": pagina,
            "has_next": total > pagina * FEEDBACK_PAGE_SIZE,
        },
    )


@router.post("/aanvragen/{request_id}/bezwaar", dependencies=[Csrf])
async def appeal(
    request: Request, container: ContainerDep, provider: SignedInProvider, request_id: UUID
) -> Response:
    try:
        await container.profession.appeal(provider.token, request_id)
    except ServiceError as exc:
        if exc.status != 409:
            raise
        # Not rejected (any more), or appealed before: the page as it stands, and why.
        return await _detail_page(request, container, provider, request_id, refused=True)
    log.info("accreditation appealed", extra={"request_id": str(request_id)})
    return redirect(f"{PROVIDER_AREA}/aanvragen/{request_id}?gelukt=bezwaar")
