"""Signing in for a school board or payroll bureau, and a payroll bureau's choice of board.

- `/aanleveren/inloggen`: the board sign-in's choice page (eHerkenning when configured,
  entrypoints/signin_eherkenning.py; in development the development sign-in).
- `/aanleveren/inloggen/ontwikkeling`: a clearly marked development sign-in that stands in for
  eHerkenning: pick or type a board or payroll bureau (a bureau's boards come from the reference
  files intake loaded, `LR_DEV_REFERENCE_DIR`, or are typed); the portal mints a board token with
  the development key, as `lr dev-token board` does. Absent (404) unless the environment is
  development with a development key, like the teacher's `/inloggen/ontwikkeling`.
- `/aanleveren/bestuur`: a payroll bureau (or a board delivering for others) chooses the board
  it acts for; the choice is kept in the session.

Every board sign-in ends in `sign_in_board(request, container, grant, return_to)`: the
eHerkenning callback calls it with the grant intake's board-token exchange gave, as DigiD's
calls `sign_in`.
"""

from __future__ import annotations

import logging
import math
import secrets
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response

from lr_portal.adapters.devreference import DevReference
from lr_portal.application import board_signin
from lr_portal.application.ports import BoardGrant
from lr_portal.bootstrap import Container
from lr_portal.domain.boards import dev_sign_in, is_board_number
from lr_portal.domain.errors import NotFoundError
from lr_portal.domain.session import safe_return_path
from lr_portal.entrypoints.deps import (
    BOARD_AREA,
    BOARD_SIGN_IN,
    BoardsEnabled,
    ContainerDep,
    Csrf,
    CurrentSession,
    FormSession,
    SignedInBoard,
    in_board_area,
    start_cookie,
)
from lr_portal.entrypoints.templating import redirect, render

router = APIRouter(prefix=BOARD_AREA, tags=["board sign-in"], dependencies=[BoardsEnabled])
log = logging.getLogger(__name__)

CHOICES_PER_PAGE = 20
"""Boards on one page of the choice (a payroll bureau may serve hundreds)."""
PICK_LIMIT = 20
"""Boards the development sign-in offers to pick (all payroll bureaus are offered)."""

ReturnTo = Annotated[str | None, Query(max_length=300)]


def board_return_path(candidate: str | None) -> str:
    """After a board signs in: a board page on this site, never a sign-in page."""
    path = safe_return_path(candidate, default=BOARD_AREA)
    if not in_board_area(path.split("?")[0]) or path.startswith(BOARD_SIGN_IN):
        return BOARD_AREA
    return path


def directory(container: Container) -> DevReference:
    """Names of boards and bureaus where known (development's reference files only)."""
    return container.dev_reference or DevReference()


async def sign_in_board(
    request: Request, container: Container, grant: BoardGrant, return_to: str | None
) -> Response:
    """Start the board's session (a fresh one) and go on: to the page it came for, or first to
    the choice of board when it may act for several."""
    session_id = secrets.token_urlsafe(32)
    session = await board_signin.start_board_session(
        container.sessions,
        grant,
        previous=getattr(request.state, "session", None),
        new_session_id=session_id,
        now=container.clock(),
    )
    start_cookie(request, session_id, session)
    log.info(
        "board signed in",
        extra={"organisation_kind": grant.organisation.kind, "boards": len(session.boards)},
    )
    target = board_return_path(return_to)
    if session.acting_board is None:
        return redirect(f"{BOARD_AREA}/bestuur?{urlencode({'terug': target})}")
    return redirect(target)


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
        "boards/signin.html.j2",
        {
            "return_to": board_return_path(terug),
            "expired": bool(verlopen),
            "dev_board_signin": container.dev_board_signin,
            "eherkenning": container.eherkenning is not None,
        },
    )


def _dev_page(
    request: Request,
    container: Container,
    return_to: str,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    reference = directory(container)
    boards = sorted(reference.boards.items())[:PICK_LIMIT]
    return render(
        request,
        "boards/signin_dev.html.j2",
        {
            "return_to": return_to,
            "values": values or {"soort": "board", "nummer": "", "besturen": "", "gekozen": ""},
            "errors": errors or {},
            "pick_boards": boards,
            "pick_bureaus": sorted(reference.bureaus.items()),
            "mandates": {k: len(v) for k, v in reference.mandates.items()},
        },
        status=400 if errors else 200,
    )


@router.get("/inloggen/ontwikkeling")
async def dev_page(
    request: Request, container: ContainerDep, session: FormSession, terug: ReturnTo = None
) -> Response:
    if not container.dev_board_signin:
        raise NotFoundError
    return _dev_page(request, container, board_return_path(terug))


@router.post("/inloggen/ontwikkeling", dependencies=[Csrf])
async def dev_submit(
    request: Request,
    container: ContainerDep,
    session: FormSession,
    soort: Annotated[str, Form(max_length=40)] = "",
    nummer: Annotated[str, Form(max_length=40)] = "",
    besturen: Annotated[str, Form(max_length=4000)] = "",
    gekozen: Annotated[str, Form(max_length=60)] = "",
    terug: Annotated[str, Form(max_length=300)] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    if not container.dev_board_signin or container.dev_idp is None:
        raise NotFoundError
    kind, number = soort, nummer
    if gekozen:
        # A pick from the reference data ("board:12345", "payroll_bureau:90000") wins.
        kind, _, number = gekozen.partition(":")
    organisation, errors = dev_sign_in(kind, number, besturen, directory(container).mandates_of)
    if organisation is None:
        values = {"soort": soort, "nummer": nummer, "besturen": besturen, "gekozen": gekozen}
        return _dev_page(request, container, board_return_path(terug), values=values, errors=errors)
    return await sign_in_board(
        request, container, container.dev_idp.board_grant(organisation), terug
    )


def _choice_page(
    request: Request,
    container: Container,
    user: SignedInBoard,
    return_to: str,
    page: int,
    *,
    typed: str = "",
    errors: dict[str, str] | None = None,
) -> Response:
    choices = user.organisation.choices
    pages = max(1, math.ceil(len(choices) / CHOICES_PER_PAGE))
    page = min(max(1, page), pages)
    shown = choices[(page - 1) * CHOICES_PER_PAGE : page * CHOICES_PER_PAGE]
    names = directory(container)
    return render(
        request,
        "boards/choose.html.j2",
        {
            "user": user,
            "return_to": return_to,
            "boards": [(b, names.name_of(b)) for b in shown],
            "organisation_name": names.name_of(user.organisation.number),
            "page": page,
            "pages": pages,
            "typed": typed,
            "errors": errors or {},
        },
        status=400 if errors else 200,
    )


@router.get("/bestuur")
async def choose_board(
    request: Request,
    container: ContainerDep,
    user: SignedInBoard,
    terug: ReturnTo = None,
    pagina: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    return _choice_page(request, container, user, board_return_path(terug), pagina)


@router.post("/bestuur", dependencies=[Csrf])
async def choose_board_submit(
    request: Request,
    container: ContainerDep,
    user: SignedInBoard,
    bestuur: Annotated[str, Form(max_length=40)] = "",
    nummer: Annotated[str, Form(max_length=40)] = "",
    terug: Annotated[str, Form(max_length=300)] = "",
    pagina: Annotated[int, Form(ge=1, le=10_000)] = 1,
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    return_to = board_return_path(terug)
    typed = nummer.strip()
    chosen = typed or bestuur
    errors: dict[str, str] = {}
    if typed and not is_board_number(typed):
        errors["nummer"] = "boards.choose.error_number"
    elif typed and typed not in user.organisation.choices:
        errors["nummer"] = "boards.choose.error_not_yours"
    elif not chosen:
        errors["bestuur"] = "boards.choose.error_none"
    elif chosen not in user.organisation.choices:
        raise NotFoundError  # a tampered radio value: not one of this session's boards
    if errors:
        return _choice_page(
            request, container, user, return_to, pagina, typed=nummer, errors=errors
        )
    await board_signin.choose_board(container.sessions, user.session, chosen)
    log.info("board chosen", extra={"organisation_kind": user.organisation.kind})
    return redirect(return_to)
