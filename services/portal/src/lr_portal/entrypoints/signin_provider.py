"""Signing in for a training provider (the accreditation pages, /aanbieders).

- `/aanbieders/inloggen`: the provider sign-in's choice page. A production sign-in for providers
  (eHerkenning, exchanged for a provider token) is not built (docs/profession.md), so outside
  development it says so.
- `/aanbieders/inloggen/ontwikkeling`: a clearly marked development sign-in: type a provider id,
  its name and, for a provider that is itself a school board, its board number; the portal mints
  a provider token with the development key, as `lr dev-token provider` does. Absent (404) unless
  the environment is development with a development key, like the other development sign-ins.
"""

from __future__ import annotations

import logging
import re
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response

from lr_portal.application import provider_signin
from lr_portal.domain.errors import NotFoundError
from lr_portal.domain.session import safe_return_path
from lr_portal.entrypoints.deps import (
    PROVIDER_AREA,
    PROVIDER_SIGN_IN,
    ContainerDep,
    Csrf,
    CurrentSession,
    FormSession,
    in_provider_area,
    start_cookie,
)
from lr_portal.entrypoints.templating import redirect, render

router = APIRouter(prefix=PROVIDER_AREA, tags=["provider sign-in"])
log = logging.getLogger(__name__)

PROVIDER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$")
"""What the profession and attendance reports take as a provider id."""
BOARD = re.compile(r"^[0-9]{5}$")
MAX_NAME = 200

ReturnTo = Annotated[str | None, Query(max_length=300)]


def provider_return_path(candidate: str | None) -> str:
    """After a provider signs in: a provider page on this site, never a sign-in page."""
    path = safe_return_path(candidate, default=PROVIDER_AREA)
    if not in_provider_area(path.split("?")[0]) or path.startswith(PROVIDER_SIGN_IN):
        return PROVIDER_AREA
    return path


@router.get("/inloggen")
async def choose_sign_in(
    request: Request,
    container: ContainerDep,
    session: CurrentSession,
    terug: ReturnTo = None,
    verlopen: Annotated[int, Query(ge=0, le=1)] = 0,
) -> Response:
    return render(
        request,
        "providers/signin.html.j2",
        {
            "return_to": provider_return_path(terug),
            "expired": bool(verlopen),
            "dev_provider_signin": container.dev_idp is not None,
        },
    )


def _dev_page(
    request: Request,
    return_to: str,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    return render(
        request,
        "providers/signin_dev.html.j2",
        {
            "return_to": return_to,
            "values": values or {"provider": "", "name": "", "board": ""},
            "errors": errors or {},
        },
        status=400 if errors else 200,
    )


@router.get("/inloggen/ontwikkeling")
async def dev_page(
    request: Request, container: ContainerDep, session: FormSession, terug: ReturnTo = None
) -> Response:
    if container.dev_idp is None:
        raise NotFoundError
    return _dev_page(request, provider_return_path(terug))


@router.post("/inloggen/ontwikkeling", dependencies=[Csrf])
async def dev_submit(
    request: Request,
    container: ContainerDep,
    session: FormSession,
    provider: Annotated[str, Form(max_length=100)] = "",
    name: Annotated[str, Form(max_length=400)] = "",
    board: Annotated[str, Form(max_length=40)] = "",
    terug: Annotated[str, Form(max_length=300)] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    if container.dev_idp is None:
        raise NotFoundError
    values = {"provider": provider, "name": name, "board": board}
    provider_id, typed_name, typed_board = provider.strip(), name.strip(), board.strip()
    errors: dict[str, str] = {}
    if not PROVIDER_ID.match(provider_id):
        errors["provider"] = "providers.dev.error_provider"
    if not typed_name or len(typed_name) > MAX_NAME or "\x00" in typed_name:
        errors["name"] = "providers.dev.error_name"
    if typed_board and not BOARD.match(typed_board):
        errors["board"] = "providers.dev.error_board"
    if errors:
        return _dev_page(request, provider_return_path(terug), values, errors)
    grant = container.dev_idp.provider_grant(provider_id, typed_name, typed_board or None)
    session_id = secrets.token_urlsafe(32)
    started = await provider_signin.start_provider_session(
        container.sessions,
        grant,
        previous=getattr(request.state, "session", None),
        new_session_id=session_id,
        now=container.clock(),
    )
    start_cookie(request, session_id, started)
    log.info("provider signed in", extra={"provider_id": provider_id})
    return redirect(provider_return_path(terug))
