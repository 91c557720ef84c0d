"""The teacher's own pages ("Mijn registratie"), on the teacher's behalf with the register
token: overview, my data (confirm, dispute a field), my correction requests, preferences (with
the panel membership, pages_panel.py), privacy (erasure with a confirmation step, and its
status page).

Someone else's data does not exist for the caller: the registry answers 404 and so do these
pages; an appointment id that is not among the teacher's own is not found either."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response

from lr_portal.adapters.profession import SECTORS
from lr_portal.adapters.readcache import token_key
from lr_portal.domain.errors import NotFoundError, ServiceError, ServiceUnavailableError
from lr_portal.domain.progress import current_period
from lr_portal.domain.registration import (
    CORRECTABLE_FIELDS,
    EXPLANATION_MAX,
    appointment_of,
    check_correction,
    check_preferences,
)
from lr_portal.entrypoints.cookies import ERASURE_COOKIE, SESSION_COOKIE, delete_cookie, set_cookie
from lr_portal.entrypoints.deps import ContainerDep, Csrf, CurrentSession, SignedInTeacher
from lr_portal.entrypoints.profession_forms import MembershipForm
from lr_portal.entrypoints.templating import LANGUAGE_COOKIE, redirect, render

router = APIRouter(prefix="/mijn-registratie", tags=["teacher"])

ERASURE_COOKIE_SECONDS = 180 * 24 * 3600
"""The erasure reference is kept on the device for half a year: long after the register token
has expired, the status page still finds the request."""

DONE = ("bevestigd", "ingediend", "opgeslagen", "aangemeld", "afgemeld")
"""The messages a page shows after a redirect (`?gelukt=`); nothing personal."""


def _done(value: str | None) -> str | None:
    return value if value in DONE else None


@router.get("")
async def overview(
    request: Request,
    container: ContainerDep,
    me: SignedInTeacher,
    gelukt: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    registration = container.reads.peek(_mine(me, "registration"))
    periods = container.reads.peek(_mine(me, "periods"))
    if registration is None or periods is None:
        # The registry and the portfolio are asked at once: the page waits for the slower one
        # only. Both cached (the usual case), no task is started: each would cost the page a
        # turn of the event loop behind every other request.
        registration, periods = await asyncio.gather(
            _registration(container, me), _cached_periods(container, me)
        )
    return render(
        request,
        "overview.html.j2",
        {
            "registration": registration,
            "progress": current_period(periods),
            "done": _done(gelukt),
        },
    )


def _mine(me: SignedInTeacher, what: str) -> tuple[str, str, int]:
    """A cache key of the teacher's own data: new after every form she sent."""
    return (what, token_key(me.token), me.session.data_version)


async def _registration(container: ContainerDep, me: SignedInTeacher) -> dict[str, Any]:
    return await container.reads.get(
        _mine(me, "registration"), lambda: container.registry.own_registration(me.token)
    )


async def own_registration(container: ContainerDep, me: SignedInTeacher) -> dict[str, Any]:
    """Her registration from the read cache, for the teacher pages of other modules."""
    return await _registration(container, me)


async def _cached_periods(container: ContainerDep, me: SignedInTeacher) -> list[dict[str, Any]]:
    # No periods while the registry knows one: the portfolio has not learnt it yet (it comes
    # over Kafka), so ask again next time. No periods and none known (not confirmed): kept.
    async def ready(periods: list[dict[str, Any]]) -> bool:
        return bool(periods) or not (await _registration(container, me)).get("period")

    return await container.reads.get(
        _mine(me, "periods"), lambda: _periods(container, me.token), keep=ready
    )


async def _periods(container: ContainerDep, token: str) -> list[dict[str, Any]]:
    try:
        return await container.progress.periods(token)
    except NotFoundError:
        return []


async def _my_data(
    request: Request, container: ContainerDep, me: SignedInTeacher, *, confirm_page: bool
) -> Response:
    registration = await _registration(container, me)
    return render(
        request,
        "my_data.html.j2",
        {"registration": registration, "confirm_page": confirm_page},
    )


@router.get("/gegevens")
async def my_data(request: Request, container: ContainerDep, me: SignedInTeacher) -> Response:
    return await _my_data(request, container, me, confirm_page=False)


@router.get("/bevestigen")
async def confirm_page(request: Request, container: ContainerDep, me: SignedInTeacher) -> Response:
    """Where the invitation mail links to: the delivered data, with confirm and dispute."""
    return await _my_data(request, container, me, confirm_page=True)


@router.post("/bevestigen", dependencies=[Csrf])
async def confirm(
    request: Request,
    container: ContainerDep,
    me: SignedInTeacher,
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    try:
        await container.registry.confirm(me.token)
    except ServiceError as exc:
        if exc.status != 409:  # already confirmed: the overview says where it stands
            raise
    return redirect("/mijn-registratie?gelukt=bevestigd")


@router.get("/correcties")
async def corrections(
    request: Request,
    container: ContainerDep,
    me: SignedInTeacher,
    gelukt: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    registration = await container.registry.own_registration(me.token)
    requests = await container.registry.correction_requests(me.token)
    return render(
        request,
        "corrections.html.j2",
        {"registration": registration, "requests": requests, "done": _done(gelukt)},
    )


def _correction_form(
    request: Request,
    registration: dict[str, Any],
    appointment_id: int,
    *,
    field: str = "",
    explanation: str = "",
    errors: dict[str, str] | None = None,
) -> Response:
    found = appointment_of(registration, appointment_id)
    if found is None:
        raise NotFoundError
    school, appointment = found
    return render(
        request,
        "correction_form.html.j2",
        {
            "school": school,
            "appointment": appointment,
            "fields": CORRECTABLE_FIELDS,
            "field": field,
            "explanation": explanation,
            "explanation_max": EXPLANATION_MAX,
            "errors": errors or {},
        },
        status=400 if errors else 200,
    )


@router.get("/correcties/nieuw")
async def correction_form(
    request: Request,
    container: ContainerDep,
    me: SignedInTeacher,
    benoeming: Annotated[int, Query(ge=1, le=2**63 - 1)],
    veld: Annotated[str, Query(max_length=40)] = "",
) -> Response:
    registration = await container.registry.own_registration(me.token)
    chosen = veld if veld in CORRECTABLE_FIELDS else ""
    return _correction_form(request, registration, benoeming, field=chosen)


@router.post("/correcties/nieuw", dependencies=[Csrf])
async def correction_submit(
    request: Request,
    container: ContainerDep,
    me: SignedInTeacher,
    benoeming: Annotated[int, Form(ge=1, le=2**63 - 1)],
    veld: Annotated[str, Form(max_length=40)] = "",
    toelichting: Annotated[str, Form(max_length=20_000)] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    registration = await container.registry.own_registration(me.token)
    errors = check_correction(veld, toelichting)
    if errors:
        return _correction_form(
            request, registration, benoeming, field=veld, explanation=toelichting, errors=errors
        )
    if appointment_of(registration, benoeming) is None:
        raise NotFoundError
    await container.registry.request_correction(me.token, benoeming, [veld], toelichting.strip())
    return redirect("/mijn-registratie/correcties?gelukt=ingediend")


def registration_sectors(registration: dict[str, Any]) -> list[str]:
    """The sectors of her registration, as the profession knows them: those of her active
    appointments (all of them when none is active), in the profession's order."""
    appointments = [a for s in registration.get("schools") or [] for a in s["appointments"]]
    active = [a for a in appointments if a.get("active")] or appointments
    found = {str(a.get("sector") or "").upper() for a in active}
    return [s for s in SECTORS if s in found]


async def _panel_section(
    container: ContainerDep,
    me: SignedInTeacher,
    registration: dict[str, Any],
    form: MembershipForm | None,
) -> dict[str, Any]:
    """ "Meedoen in een lerarenpanel" (seed 003: teachers opt in under "account"): her
    membership, if any, and the form. The preferences stay usable while the profession does
    not answer: the section says so instead."""
    try:
        membership = await container.profession.membership(me.token)
    except ServiceUnavailableError:
        return {"available": False}
    sectors = registration_sectors(registration)
    if form is None:
        chosen = membership.sector if membership else (sectors[0] if len(sectors) == 1 else "")
        subjects = ", ".join(membership.subjects) if membership else ""
        form = MembershipForm({"sector": chosen, "subjects": subjects})
    return {
        "available": True,
        "membership": membership,
        "registered": registration.get("state") == "registered",
        "sectors": sectors,
        "form": form,
    }


async def preferences_page(
    request: Request,
    container: ContainerDep,
    me: SignedInTeacher,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    done: str | None = None,
    panel_form: MembershipForm | None = None,
    status: int | None = None,
) -> Response:
    """The preferences page, and on it the panel section (pages_panel.py posts its forms)."""
    registration = await container.registry.own_registration(me.token)
    if values is None:
        stored = registration.get("preferences") or {}
        values = {
            "email": stored.get("email") or "",
            "language": stored.get("language") or "nl",
            "show_qualifications": bool(stored.get("show_qualifications")),
        }
    panel = await _panel_section(container, me, registration, panel_form)
    invalid = bool(errors) or bool(panel_form and panel_form.errors)
    return render(
        request,
        "preferences.html.j2",
        {"values": values, "errors": errors or {}, "done": done, "panel": panel},
        status=status or (400 if invalid else 200),
    )


@router.get("/voorkeuren")
async def preferences(
    request: Request,
    container: ContainerDep,
    me: SignedInTeacher,
    gelukt: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    return await preferences_page(request, container, me, done=_done(gelukt))


@router.post("/voorkeuren", dependencies=[Csrf])
async def preferences_submit(
    request: Request,
    container: ContainerDep,
    me: SignedInTeacher,
    taal: Annotated[str, Form(max_length=10)] = "nl",
    email: Annotated[str, Form(max_length=400)] = "",
    kwalificaties: Annotated[str, Form(max_length=10)] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    show = kwalificaties == "ja"
    values: dict[str, Any] = {"email": email, "language": taal, "show_qualifications": show}
    errors = check_preferences(taal, email)
    if not errors:
        try:
            await container.registry.set_preferences(
                me.token,
                email=email.strip() or None,
                language=taal,
                show_qualifications=show,
            )
        except ServiceError as exc:
            if exc.status != 422:
                raise
            errors = {"email": "prefs.error_email"}
    if errors:
        return await preferences_page(request, container, me, values=values, errors=errors)
    set_cookie(request, LANGUAGE_COOKIE, taal, max_age=365 * 24 * 3600)
    return redirect("/mijn-registratie/voorkeuren?gelukt=opgeslagen")


@router.get("/privacy")
async def privacy(request: Request, container: ContainerDep, me: SignedInTeacher) -> Response:
    return render(request, "privacy.html.j2")


@router.get("/privacy/verwijderen")
async def erasure_confirm(
    request: Request, container: ContainerDep, me: SignedInTeacher
) -> Response:
    return render(request, "erasure_confirm.html.j2", {"errors": {}})


@router.post("/privacy/verwijderen", dependencies=[Csrf])
async def erasure_submit(
    request: Request,
    container: ContainerDep,
    me: SignedInTeacher,
    zeker: Annotated[str, Form(max_length=10)] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    if zeker != "ja":
        return render(
            request,
            "erasure_confirm.html.j2",
            {"errors": {"zeker": "privacy.error_confirm"}},
            status=400,
        )
    requested = await container.registry.request_erasure(me.token)
    set_cookie(request, ERASURE_COOKIE, requested["request_id"], max_age=ERASURE_COOKIE_SECONDS)
    # Nothing is left to be signed in to: the session ends with the registration.
    await container.sessions.delete(me.session.id_hash)
    request.state.session = None
    delete_cookie(request, SESSION_COOKIE)
    return redirect("/mijn-registratie/privacy/status")


@router.get("/privacy/status")
async def erasure_status(
    request: Request, container: ContainerDep, session: CurrentSession
) -> Response:
    """No sign-in: the reference the portal keeps in a cookie on this device finds the request
    (GET /v1/erasure-requests/{reference} at the registry, which needs no token)."""
    reference = request.cookies.get(ERASURE_COOKIE)
    status: dict[str, Any] | None = None
    if reference:
        try:
            status = await container.registry.erasure_status(reference)
        except (NotFoundError, ServiceError):
            status = None
    return render(request, "erasure_status.html.j2", {"status": status})
