"""Signing in and out, shared by both sign-ins.

`sign_in(request, container, identity_token, return_to)` is the one function the development
sign-in (signin_dev.py) and DigiD through OpenID Connect (signin_oidc.py) call with the identity
token they obtained: it exchanges it at the registry (`POST /v1/me/token`), starts a fresh
session (new id, new CSRF token) and redirects to `return_to` (a local path, checked).
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response

from lr_portal.application import signin
from lr_portal.bootstrap import Container
from lr_portal.domain.session import safe_return_path
from lr_portal.entrypoints.cookies import SESSION_COOKIE, delete_cookie
from lr_portal.entrypoints.deps import ContainerDep, Csrf, CurrentSession, start_cookie
from lr_portal.entrypoints.templating import redirect, render

router = APIRouter(tags=["sign-in"])


async def sign_in(
    request: Request, container: Container, identity_token: str, return_to: str | None
) -> Response:
    """Start the teacher's session from an identity token; a teacher the register does not
    know gets a page that says so (404)."""
    previous = getattr(request.state, "session", None)
    session_id = secrets.token_urlsafe(32)
    try:
        session = await signin.start_session(
            container.registry,
            container.sessions,
            identity_token,
            previous=previous,
            new_session_id=session_id,
            now=container.clock(),
        )
    except signin.UnknownTeacherError:
        return render(request, "signin_unknown.html.j2", status=404)
    start_cookie(request, session_id, session)
    return redirect(safe_return_path(return_to))


@router.get("/inloggen")
async def choose(
    request: Request,
    container: ContainerDep,
    session: CurrentSession,
    terug: Annotated[str | None, Query(max_length=300)] = None,
    verlopen: Annotated[int, Query(ge=0, le=1)] = 0,
) -> Response:
    return render(
        request,
        "signin.html.j2",
        {
            "return_to": safe_return_path(terug),
            "expired": bool(verlopen),
            "digid": getattr(request.app.state, "digid_enabled", False),
        },
    )


@router.post("/uitloggen", dependencies=[Csrf])
async def sign_out(
    request: Request,
    container: ContainerDep,
    session: CurrentSession,
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    await signin.sign_out(container.sessions, session)
    request.state.session = None
    delete_cookie(request, SESSION_COOKIE)
    return render(request, "signed_out.html.j2")
