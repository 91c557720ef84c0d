"""The teacher's portfolio pages (activities, evidence, shares, export) and the shared view a
link opens for anyone holding it.

Every call goes to the portfolio service with the teacher's register token: another teacher's
activity or share is answered there as not found, and here with the portal's 404 page."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse
from starlette.background import BackgroundTask

from lr_portal.adapters.portfolio import (
    Activity,
    EvidenceRejectedError,
    InvalidActivityError,
    NotEditableError,
    PortfolioClient,
    PortfolioExport,
    RatingRefusedError,
)
from lr_portal.domain.errors import NotFoundError
from lr_portal.domain.progress import PeriodProgress
from lr_portal.entrypoints.deps import ContainerDep, Csrf, SignedInTeacher
from lr_portal.entrypoints.portfolio_forms import (
    ActivityForm,
    RatingForm,
    ShareForm,
    activity_error,
    kinds,
    uploaded_file,
)
from lr_portal.entrypoints.templating import redirect, render

router = APIRouter(prefix="/mijn-registratie", tags=["portfolio"])
shared_router = APIRouter(tags=["portfolio"])

LIST = "/mijn-registratie/portfolio"
SHARES = "/mijn-registratie/delen"
DONE = ("created", "saved", "deleted", "evidence", "evidence_deleted", "revoked", "rated")
"""The messages a page shows after a redirect (`?gelukt=`), never anything personal."""

SHARED_HEADERS = {
    # The link is the key: no caching, no referrer carrying it away, no search engine.
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
}


def _client(container: ContainerDep) -> PortfolioClient:
    client: PortfolioClient = container.portfolio
    return client


def _activity_path(activity_id: UUID) -> str:
    return f"{LIST}/activiteiten/{activity_id}"


def _done(request: Request) -> str | None:
    value = request.query_params.get("gelukt")
    return value if value in DONE else None


def _period(period: Any) -> PeriodProgress:
    return PeriodProgress.from_portfolio(period.model_dump(mode="json"))


# --- the list and one activity ---------------------------------------------------------------


@router.get("/portfolio")
async def portfolio(request: Request, container: ContainerDep, me: SignedInTeacher) -> Response:
    client = _client(container)
    activities = await client.activities(me.token)
    progress = (await client.progress(me.token)).current
    return render(
        request,
        "portfolio/list.html.j2",
        {
            "activities": activities,
            "progress": _period(progress) if progress else None,
            "done": _done(request),
        },
    )


@router.get("/portfolio/activiteiten/nieuw")
async def new_activity(request: Request, me: SignedInTeacher) -> Response:
    return _activity_form(request, ActivityForm.empty(), activity=None)


@router.post("/portfolio/activiteiten/nieuw", dependencies=[Csrf])
async def create_activity(
    request: Request, container: ContainerDep, me: SignedInTeacher
) -> Response:
    posted = await request.form()
    form = ActivityForm.posted(posted)
    entered = form.parse()
    if entered is None:
        return _activity_form(request, form, activity=None, status=422)
    client = _client(container)
    try:
        created = await client.create_activity(me.token, entered)
    except InvalidActivityError as refused:
        form.refused(refused.problems)
        return _activity_form(request, form, activity=None, status=422)
    upload = uploaded_file(posted)
    if upload is not None:
        error = await _put_evidence(client, me.token, created.id, upload)
        if error is not None:
            return _activity_page(request, created, evidence_error=error, partly=True)
    return redirect(f"{_activity_path(created.id)}?gelukt=created")


@router.get("/portfolio/activiteiten/{activity_id}")
async def activity(
    request: Request, activity_id: UUID, container: ContainerDep, me: SignedInTeacher
) -> Response:
    found = await _client(container).activity(me.token, activity_id)
    return _activity_page(request, found)


@router.get("/portfolio/activiteiten/{activity_id}/wijzigen")
async def edit_activity(
    request: Request, activity_id: UUID, container: ContainerDep, me: SignedInTeacher
) -> Response:
    found = await _client(container).activity(me.token, activity_id)
    if not found.editable:
        return _activity_page(request, found, status=409)
    return _activity_form(request, ActivityForm.of(found), activity=found)


@router.post("/portfolio/activiteiten/{activity_id}/wijzigen", dependencies=[Csrf])
async def update_activity(
    request: Request, activity_id: UUID, container: ContainerDep, me: SignedInTeacher
) -> Response:
    client = _client(container)
    found = await client.activity(me.token, activity_id)
    if not found.editable:
        return _activity_page(request, found, status=409)
    form = ActivityForm.posted(await request.form())
    entered = form.parse()
    if entered is None:
        return _activity_form(request, form, activity=found, status=422)
    try:
        await client.update_activity(me.token, activity_id, entered)
    except InvalidActivityError as refused:
        form.refused(refused.problems)
        return _activity_form(request, form, activity=found, status=422)
    except NotEditableError:
        return _activity_page(request, found, status=409)
    return redirect(f"{_activity_path(activity_id)}?gelukt=saved")


@router.get("/portfolio/activiteiten/{activity_id}/verwijderen")
async def confirm_delete(
    request: Request, activity_id: UUID, container: ContainerDep, me: SignedInTeacher
) -> Response:
    found = await _client(container).activity(me.token, activity_id)
    if not found.editable:
        return _activity_page(request, found, status=409)
    return render(request, "portfolio/delete.html.j2", {"activity": found})


@router.post("/portfolio/activiteiten/{activity_id}/verwijderen", dependencies=[Csrf])
async def delete_activity(
    request: Request, activity_id: UUID, container: ContainerDep, me: SignedInTeacher
) -> Response:
    client = _client(container)
    try:
        await client.delete_activity(me.token, activity_id)
    except NotEditableError:
        return _activity_page(request, await client.activity(me.token, activity_id), status=409)
    return redirect(f"{LIST}?gelukt=deleted")


# --- evidence --------------------------------------------------------------------------------


@router.post("/portfolio/activiteiten/{activity_id}/bewijsstuk", dependencies=[Csrf])
async def upload_evidence(
    request: Request, activity_id: UUID, container: ContainerDep, me: SignedInTeacher
) -> Response:
    client = _client(container)
    upload = uploaded_file(await request.form())
    if upload is None:
        error: str | None = "portfolio.error.file_required"
    else:
        error = await _put_evidence(client, me.token, activity_id, upload)
    if error is not None:
        found = await client.activity(me.token, activity_id)
        return _activity_page(request, found, evidence_error=error, status=422)
    return redirect(f"{_activity_path(activity_id)}?gelukt=evidence")


@router.get("/portfolio/activiteiten/{activity_id}/bewijsstuk")
async def download_evidence(
    activity_id: UUID, container: ContainerDep, me: SignedInTeacher
) -> Response:
    """Streamed from the portfolio as it arrives, not held in the portal's memory."""
    download = await _client(container).open_evidence(me.token, activity_id)
    ascii_name = download.filename.encode("ascii", "replace").decode().replace("?", "_")
    headers = {
        "Content-Disposition": f'attachment; filename="{ascii_name}"; '
        f"filename*=UTF-8''{quote(download.filename)}",
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
    }
    if download.size is not None:
        headers["Content-Length"] = str(download.size)
    return StreamingResponse(
        download.chunks(),
        media_type=download.content_type,
        headers=headers,
        background=BackgroundTask(download.aclose),
    )


@router.post("/portfolio/activiteiten/{activity_id}/bewijsstuk/verwijderen", dependencies=[Csrf])
async def delete_evidence(
    activity_id: UUID, container: ContainerDep, me: SignedInTeacher
) -> Response:
    await _client(container).delete_evidence(me.token, activity_id)
    return redirect(f"{_activity_path(activity_id)}?gelukt=evidence_deleted")


async def _put_evidence(
    client: PortfolioClient, token: str, activity_id: UUID, upload: Any
) -> str | None:
    """None when stored, else the text key of the error beside the file field."""
    upload.file.seek(0)
    try:
        await client.put_evidence(
            token,
            activity_id,
            upload.filename or "",
            upload.file,
            upload.content_type or "application/octet-stream",
        )
    except EvidenceRejectedError as refused:
        return f"portfolio.error.file_{refused.reason}"
    except InvalidActivityError as refused:
        return activity_error(refused.problems[0])[1]
    return None


# --- shares ----------------------------------------------------------------------------------


@router.get("/delen")
async def shares(request: Request, container: ContainerDep, me: SignedInTeacher) -> Response:
    return await _shares_page(request, container, me, ShareForm.empty(container.clock().date()))


@router.post("/delen", dependencies=[Csrf])
async def create_share(request: Request, container: ContainerDep, me: SignedInTeacher) -> Response:
    client = _client(container)
    form = ShareForm.posted(await request.form())
    periods = (await client.progress(me.token)).periods
    parsed = form.parse([p.period_start for p in periods])
    if parsed is None:
        return await _shares_page(request, container, me, form, status=422)
    expires_at, period_start = parsed
    try:
        created = await client.create_share(
            me.token, expires_at=expires_at, period_start=period_start
        )
    except InvalidActivityError as refused:
        form.refused(refused.problems)
        return await _shares_page(request, container, me, form, status=422)
    url = str(request.url_for("shared_view", token=created.token))
    return render(
        request, "portfolio/share_created.html.j2", {"share": created, "url": url}, status=201
    )


@router.post("/delen/{share_id}/intrekken", dependencies=[Csrf])
async def revoke_share(share_id: UUID, container: ContainerDep, me: SignedInTeacher) -> Response:
    await _client(container).revoke_share(me.token, share_id)
    return redirect(f"{SHARES}?gelukt=revoked")


async def _shares_page(
    request: Request,
    container: ContainerDep,
    me: SignedInTeacher,
    form: ShareForm,
    status: int = 200,
) -> Response:
    client = _client(container)
    existing = await client.shares(me.token)
    periods = (await client.progress(me.token)).periods
    return render(
        request,
        "portfolio/shares.html.j2",
        {"shares": existing, "periods": periods, "form": form, "done": _done(request)},
        status=status,
    )


@shared_router.get("/gedeeld/{token}", name="shared_view")
async def shared_view(request: Request, token: str, container: ContainerDep) -> Response:
    """For whoever opens the link: no session needed. Expired, revoked or mistyped links get
    one friendly page (the portfolio does not say which, and neither do we)."""
    try:
        view = await _client(container).shared_view(token)
    except NotFoundError:
        response = render(request, "portfolio/shared_gone.html.j2", status=404)
    else:
        response = render(request, "portfolio/shared.html.j2", _document(view, shared=True))
    response.headers.update(SHARED_HEADERS)
    return response


# --- export ----------------------------------------------------------------------------------


@router.get("/export")
async def export(request: Request, container: ContainerDep, me: SignedInTeacher) -> Response:
    view = await _client(container).export(me.token)
    return render(request, "portfolio/export.html.j2", _document(view, shared=False))


@router.get("/export/json")
async def export_json(container: ContainerDep, me: SignedInTeacher) -> Response:
    body = await _client(container).export_json(me.token)
    name = f"portfolio-{me.registration_number}.json"
    return Response(
        body,
        media_type="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "private, no-store",
        },
    )


def _document(view: PortfolioExport, *, shared: bool) -> dict[str, Any]:
    return {
        "view": view,
        "periods": [(_period(p), p.current) for p in view.progress],
        "shared": shared,
    }


# --- rendering -------------------------------------------------------------------------------


def _activity_form(
    request: Request, form: ActivityForm, *, activity: Activity | None, status: int = 200
) -> Response:
    return render(
        request,
        "portfolio/activity_form.html.j2",
        {"form": form, "activity": activity, "kinds": kinds()},
        status=status,
    )


def _activity_page(
    request: Request,
    activity: Activity,
    *,
    evidence_error: str | None = None,
    partly: bool = False,
    status: int = 200,
    rating_form: RatingForm | None = None,
    rating_refused: str | None = None,
) -> Response:
    return render(
        request,
        "portfolio/activity.html.j2",
        {
            "activity": activity,
            "errors": {"file": evidence_error} if evidence_error else {},
            "partly": partly,
            "not_editable": status == 409 and rating_refused is None,
            "done": _done(request),
            "rating": rating_form or RatingForm.empty(),
            "rating_refused": rating_refused,
        },
        status=status,
    )


# --- feedback afterwards: her rating of an accredited activity, once ------------------------


@router.post("/portfolio/activiteiten/{activity_id}/beoordeling", dependencies=[Csrf])
async def rate_activity(
    request: Request, activity_id: UUID, container: ContainerDep, me: SignedInTeacher
) -> Response:
    client = _client(container)
    form = RatingForm.posted(await request.form())
    parsed = form.parse()
    if parsed is None:
        found = await client.activity(me.token, activity_id)
        return _activity_page(request, found, rating_form=form, status=400)
    try:
        await client.rate(me.token, activity_id, *parsed)
    except RatingRefusedError as refused:
        found = await client.activity(me.token, activity_id)
        return _activity_page(request, found, rating_refused=refused.code, status=409)
    except InvalidActivityError as refused:
        form.refused(refused.problems)
        found = await client.activity(me.token, activity_id)
        return _activity_page(request, found, rating_form=form, status=400)
    return redirect(f"{_activity_path(activity_id)}?gelukt=rated#beoordeling")
