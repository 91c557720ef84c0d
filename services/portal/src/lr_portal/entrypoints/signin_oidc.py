"""Signing in with DigiD through OpenID Connect.

`/inloggen/digid` starts the authorization code flow (state, nonce and a PKCE verifier kept
server-side with the visitor's session) and sends the visitor to the provider;
`/inloggen/digid/terug` is the callback: the state must be one this session started, the code
is exchanged once, the ID token verified (adapters/oidc.py), and the verified ID token goes to
the one sign-in function both sign-ins use (`signin.sign_in`), which exchanges it at the
registry. Every failure is a Dutch page (400) and no session is started; the BSN in the ID
token is never kept, logged or shown.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from lr_portal.application import signin_oidc
from lr_portal.domain.errors import NotFoundError
from lr_portal.domain.oidc import SignInFailedError
from lr_portal.domain.session import safe_return_path
from lr_portal.entrypoints.deps import ContainerDep, CurrentSession, FormSession
from lr_portal.entrypoints.signin import sign_in
from lr_portal.entrypoints.templating import redirect, render

router = APIRouter(tags=["sign-in"])
log = logging.getLogger(__name__)

# The provider's parameters are short; anything longer is not theirs (and not echoed).
Param = Annotated[str, Query(max_length=2048)]


@router.get("/inloggen/digid")
async def start(
    request: Request,
    container: ContainerDep,
    session: FormSession,
    terug: Annotated[str | None, Query(max_length=300)] = None,
) -> Response:
    if container.oidc is None:
        raise NotFoundError
    url = await signin_oidc.begin(
        container.oidc,
        container.pending_sign_ins,
        session_id_hash=session.id_hash,
        return_to=safe_return_path(terug),
        now=container.clock(),
        lifetime=timedelta(minutes=container.settings.oidc_login_minutes),
    )
    return redirect(url)


@router.get("/inloggen/digid/terug")
async def callback(
    request: Request,
    container: ContainerDep,
    session: CurrentSession,
    state: Param = "",
    code: Param = "",
    error: Param = "",
) -> Response:
    if container.oidc is None:
        raise NotFoundError
    try:
        completed = await signin_oidc.complete(
            container.oidc,
            container.pending_sign_ins,
            session_id_hash=session.id_hash if session is not None else None,
            state=state,
            code=code,
            error=error,
            now=container.clock(),
            lifetime=timedelta(minutes=container.settings.oidc_login_minutes),
        )
    except SignInFailedError as failed:
        log.info("digid sign-in failed", extra={"reason": failed.failure.value})
        return render(
            request, "signin_digid_failed.html.j2", {"reason": failed.failure.value}, status=400
        )
    return await sign_in(request, container, completed.identity_token, completed.return_to)
