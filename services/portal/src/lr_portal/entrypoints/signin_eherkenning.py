"""Signing in for a school board or payroll bureau with eHerkenning through OpenID Connect.

`/aanleveren/inloggen/eherkenning` starts the authorization code flow exactly as DigiD's
`/inloggen/digid` does (application/signin_oidc.py with the eHerkenning provider: state, nonce
and a PKCE verifier kept server-side with the visitor's session, in a namespace of their own);
`/aanleveren/inloggen/eherkenning/terug` is the callback: the state must be one this session
started here, the code is exchanged once, the ID token verified (adapters/oidc.py), and intake
exchanges it for a board token (`POST /v1/board-token`), which starts the board session as the
development sign-in does (`signin_board.sign_in_board`). Every failure is a page (400, Dutch or
English) and no session is started; the person's pseudonym and the KvK numbers in the ID token
are never kept, logged or shown.
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
from lr_portal.entrypoints.deps import (
    BOARD_AREA,
    BoardsEnabled,
    ContainerDep,
    CurrentSession,
    FormSession,
)
from lr_portal.entrypoints.signin_board import board_return_path, sign_in_board
from lr_portal.entrypoints.templating import redirect, render

router = APIRouter(prefix=BOARD_AREA, tags=["board sign-in"], dependencies=[BoardsEnabled])
log = logging.getLogger(__name__)

NAMESPACE = "eherkenning"
"""Its pending sign-ins' states are hashed apart from DigiD's (domain/oidc.hash_state)."""

Param = Annotated[str, Query(max_length=2048)]


@router.get("/inloggen/eherkenning")
async def start(
    request: Request,
    container: ContainerDep,
    session: FormSession,
    terug: Annotated[str | None, Query(max_length=300)] = None,
) -> Response:
    if container.eherkenning is None:
        raise NotFoundError
    url = await signin_oidc.begin(
        container.eherkenning,
        container.pending_sign_ins,
        session_id_hash=session.id_hash,
        return_to=board_return_path(terug),
        now=container.clock(),
        lifetime=timedelta(minutes=container.settings.oidc_login_minutes),
        namespace=NAMESPACE,
    )
    return redirect(url)


@router.get("/inloggen/eherkenning/terug")
async def callback(
    request: Request,
    container: ContainerDep,
    session: CurrentSession,
    state: Param = "",
    code: Param = "",
    error: Param = "",
) -> Response:
    if container.eherkenning is None or container.intake is None:
        raise NotFoundError
    try:
        completed = await signin_oidc.complete(
            container.eherkenning,
            container.pending_sign_ins,
            session_id_hash=session.id_hash if session is not None else None,
            state=state,
            code=code,
            error=error,
            now=container.clock(),
            lifetime=timedelta(minutes=container.settings.oidc_login_minutes),
            namespace=NAMESPACE,
        )
        grant = await container.intake.board_token(completed.identity_token)
    except SignInFailedError as failed:
        log.info("eherkenning sign-in failed", extra={"reason": failed.failure.value})
        return render(
            request,
            "boards/signin_eherkenning_failed.html.j2",
            {"reason": failed.failure.value},
            status=400,
        )
    return await sign_in_board(request, container, grant, completed.return_to)
