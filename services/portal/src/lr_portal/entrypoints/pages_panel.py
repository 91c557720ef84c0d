"""A registered teacher on a teacher panel (docs/profession.md), with her register token:
joining or leaving the panel (a section of her preferences page: seed 003, "in het register
kun je dit aangeven bij 'account'"), her reviews ("Mijn beoordelingen") and the review form.

Someone else's review does not exist for her: the profession answers 404, and so do these
pages. Reviews are addressed by their UUID; nothing personal goes into a URL."""

from __future__ import annotations

import logging
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from lr_portal.adapters.profession import InvalidInputError, Review
from lr_portal.domain.errors import ServiceError
from lr_portal.entrypoints.deps import ContainerDep, Csrf, SignedInTeacher
from lr_portal.entrypoints.pages_teacher import preferences_page, registration_sectors
from lr_portal.entrypoints.profession_forms import MembershipForm, ReviewForm
from lr_portal.entrypoints.templating import redirect, render

router = APIRouter(prefix="/mijn-registratie", tags=["panel"])
log = logging.getLogger(__name__)

PREFERENCES = "/mijn-registratie/voorkeuren"
REVIEWS = "/mijn-registratie/beoordelingen"
WITHDRAWN_REASONS = ("stalled", "left_panel", "not_registered", "erased", "employer_conflict")
"""Why the profession took a review back (each has its text; another is "other")."""


@router.post("/voorkeuren/lerarenpanel", dependencies=[Csrf])
async def join_panel(request: Request, container: ContainerDep, me: SignedInTeacher) -> Response:
    form = MembershipForm.posted(await request.form())
    registration = await container.registry.own_registration(me.token)
    parsed = form.parse(registration_sectors(registration))
    if parsed is not None:
        sector, subjects = parsed
        try:
            await container.profession.join(me.token, sector, subjects)
        except InvalidInputError:
            form.errors["sector"] = "panel.error.sector"
        except ServiceError as exc:
            if exc.status != 409:
                raise
            # Not registered, or the profession has not learnt her registration yet.
            form.errors["sector"] = "panel.error.not_registered"
    if form.errors:
        return await preferences_page(request, container, me, panel_form=form)
    log.info("panel joined")
    return redirect(f"{PREFERENCES}?gelukt=aangemeld#lerarenpanel")


@router.post("/voorkeuren/lerarenpanel/stoppen", dependencies=[Csrf])
async def leave_panel(request: Request, container: ContainerDep, me: SignedInTeacher) -> Response:
    await container.profession.leave(me.token)
    log.info("panel left")
    return redirect(f"{PREFERENCES}?gelukt=afgemeld#lerarenpanel")


@router.get("/beoordelingen")
async def reviews(request: Request, container: ContainerDep, me: SignedInTeacher) -> Response:
    found = await container.profession.reviews(me.token)
    return render(
        request,
        "panel/reviews.html.j2",
        {
            "open": [r for r in found if r.state == "open"],
            "submitted": [r for r in found if r.state == "submitted"],
            "withdrawn": [r for r in found if r.state == "withdrawn"],
            "withdrawn_reasons": WITHDRAWN_REASONS,
        },
    )


@router.get("/beoordelingen/{review_id}")
async def review(
    request: Request,
    container: ContainerDep,
    me: SignedInTeacher,
    review_id: UUID,
    gelukt: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    """The offer and the criteria set it is scored with (or, once sent, her review)."""
    found = await container.profession.review(me.token, review_id)
    return render(request, "panel/review.html.j2", {"review": found, "done": gelukt == "verstuurd"})


def _form_page(
    request: Request,
    review: Review,
    form: ReviewForm,
    *,
    refused: bool = False,
    status: int | None = None,
) -> Response:
    return render(
        request,
        "panel/review_form.html.j2",
        {"review": review, "form": form, "refused": refused},
        status=status or (400 if form.errors else 200),
    )


@router.get("/beoordelingen/{review_id}/beoordelen")
async def review_form(
    request: Request, container: ContainerDep, me: SignedInTeacher, review_id: UUID
) -> Response:
    """The review form: per criterion a score of 1-5 and a reason, the verdict and the hours.
    Apart from the offer's page: six criteria and a long description would not fit 100 KB."""
    found = await container.profession.review(me.token, review_id)
    return _form_page(request, found, ReviewForm.empty(found.criteria))


@router.post("/beoordelingen/{review_id}/beoordelen", dependencies=[Csrf])
async def submit_review(
    request: Request, container: ContainerDep, me: SignedInTeacher, review_id: UUID
) -> Response:
    found = await container.profession.review(me.token, review_id)
    form = ReviewForm.posted(found.criteria, await request.form())
    if found.state != "open":
        # Sent before (a second tab, the back button) or withdrawn: nothing is sent again.
        return _form_page(request, found, form, refused=True, status=409)
    parsed = form.parse()
    if parsed is None:
        return _form_page(request, found, form)
    try:
        await container.profession.submit_review(me.token, review_id, parsed)
    except InvalidInputError as exc:
        form.refused(exc.problems)
        return _form_page(request, found, form)
    except ServiceError as exc:
        if exc.status != 409:
            raise
        now = await container.profession.review(me.token, review_id)
        return _form_page(request, now, form, refused=True, status=409)
    log.info("review submitted", extra={"review_id": str(review_id)})
    return redirect(f"{REVIEWS}/{review_id}?gelukt=verstuurd")
