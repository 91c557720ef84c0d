"""FastAPI dependencies every page router uses: the container, the session, CSRF, the teacher.

- `CurrentSession`: the visitor's session or None (an idle one is ended here).
- `FormSession`: a session, started anonymously if needed, for pages that show a form (its
  CSRF token goes into the form through the `csrf_field()` macro).
- `Csrf`: put on every POST route (`dependencies=[Csrf]` or a parameter); a POST without the
  session's token is refused with a Dutch page (403).
- `SignedInTeacher`: the signed-in teacher; absent, the visitor is sent to /inloggen and back.
- `SignedInBoard`: the signed-in board or payroll bureau (board pages, /aanleveren); absent, the
  visitor is sent to /aanleveren/inloggen and back. `ActingBoard` also needs the board it acts
  for: a payroll bureau that has not chosen yet is sent to /aanleveren/bestuur first.
- `SignedInProvider`: the signed-in training provider (provider pages, /aanbieders); absent, the
  visitor is sent to /aanbieders/inloggen and back.

A teacher's session is no board's and a board's no teacher's: each dependency checks the kind,
so a board that opens a teacher's page is asked to sign in as a teacher (and vice versa).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request

from lr_portal.adapters.intake import IntakeClient
from lr_portal.adapters.registry_boards import RegistryBoardsClient
from lr_portal.bootstrap import Container
from lr_portal.domain import session as sessions
from lr_portal.domain.boards import Organisation
from lr_portal.domain.errors import NotFoundError, SignInRequiredError
from lr_portal.domain.session import Session
from lr_portal.entrypoints.cookies import SESSION_COOKIE, delete_cookie, set_cookie

TOUCH_EVERY = timedelta(seconds=60)
"""A session's last use is written at most once a minute, not on every page."""


class CsrfError(Exception):
    """A POST without this session's CSRF token."""


TEACHER_SIGN_IN = "/inloggen"
BOARD_SIGN_IN = "/aanleveren/inloggen"
BOARD_AREA = "/aanleveren"
PROVIDER_AREA = "/aanbieders"
PROVIDER_SIGN_IN = "/aanbieders/inloggen"


class SignInRedirectError(Exception):
    """Not signed in (or no longer): the handler sends the visitor to the sign-in (a teacher's,
    or a board's for the board pages) and back."""

    def __init__(
        self, return_to: str, expired: bool = False, sign_in_path: str = TEACHER_SIGN_IN
    ) -> None:
        super().__init__(return_to)
        self.return_to = return_to
        self.expired = expired
        self.sign_in_path = sign_in_path


class BoardChoiceRequiredError(Exception):
    """A payroll bureau has not chosen the board it acts for: to /aanleveren/bestuur and back."""

    def __init__(self, return_to: str) -> None:
        super().__init__(return_to)
        self.return_to = return_to


def in_board_area(path: str) -> bool:
    return path == BOARD_AREA or path.startswith(f"{BOARD_AREA}/")


def in_provider_area(path: str) -> bool:
    return path == PROVIDER_AREA or path.startswith(f"{PROVIDER_AREA}/")


async def get_container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


ContainerDep = Annotated[Container, Depends(get_container)]


async def current_session(request: Request, container: ContainerDep) -> Session | None:
    if hasattr(request.state, "session"):
        found: Session | None = request.state.session
        return found
    session: Session | None = None
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        session = await container.sessions.get(sessions.hash_session_id(cookie))
        now = container.clock()
        idle = timedelta(minutes=container.settings.session_idle_minutes)
        if session is not None and session.idle(now, idle):
            await container.sessions.delete(session.id_hash)
            request.state.session_expired = session.kind != "anonymous"
            session = None
        elif session is not None and now - session.last_seen_at > TOUCH_EVERY:
            await container.sessions.touch(session.id_hash, now)
            session = session.seen(now)
        if session is None:
            delete_cookie(request, SESSION_COOKIE)
    request.state.session = session
    return session


CurrentSession = Annotated[Session | None, Depends(current_session)]


async def form_session(
    request: Request, container: ContainerDep, session: CurrentSession
) -> Session:
    if session is not None:
        return session
    session_id = secrets.token_urlsafe(32)
    created = sessions.anonymous(session_id, container.clock())
    await container.sessions.save(created)
    start_cookie(request, session_id, created)
    return created


FormSession = Annotated[Session, Depends(form_session)]


def start_cookie(request: Request, session_id: str, session: Session) -> None:
    set_cookie(request, SESSION_COOKIE, session_id)
    request.state.session = session


async def verify_csrf(request: Request, session: Session | None) -> Session:
    """The session, if the form carries its CSRF token; CsrfError otherwise."""
    form = await request.form()
    sent = form.get("csrf_token")
    if (
        session is None
        or not isinstance(sent, str)
        or not hmac.compare_digest(sent.encode(), session.csrf_token.encode())
    ):
        raise CsrfError
    return session


async def check_csrf(
    request: Request, container: ContainerDep, session: CurrentSession
) -> AsyncIterator[None]:
    """Refuse a form without the session's CSRF token. Once a teacher's form is handled
    (whatever its outcome), her session's `data_version` goes up, so the pages she sees next
    read her data afresh instead of from the cache (adapters/readcache.py)."""
    checked = await verify_csrf(request, session)
    try:
        yield
    finally:
        if checked.kind == "teacher":
            await container.sessions.bump(checked.id_hash)


# scope="function": the exit code (the bump) runs when the route returns, before the response
# (a redirect the browser follows at once) is sent.
Csrf = Depends(check_csrf, scope="function")


@dataclass(frozen=True)
class Teacher:
    """The signed-in teacher: the register token is for calls on their behalf only."""

    registration_number: str
    token: str
    session: Session


def _return_path(request: Request) -> str:
    path = request.url.path
    if request.method == "GET" and request.url.query:
        path = f"{path}?{request.url.query}"
    if request.method == "GET":
        return path
    if in_provider_area(request.url.path):
        return PROVIDER_AREA
    return BOARD_AREA if in_board_area(request.url.path) else "/mijn-registratie"


async def signed_in_teacher(
    request: Request, container: ContainerDep, session: CurrentSession
) -> Teacher:
    if session is None or not session.teacher_signed_in(container.clock()):
        expired = bool(getattr(request.state, "session_expired", False)) or bool(
            session and session.registration_number
        )
        raise SignInRedirectError(_return_path(request), expired=expired)
    assert session.registration_number is not None
    assert session.register_token is not None
    return Teacher(session.registration_number, session.register_token, session)


SignedInTeacher = Annotated[Teacher, Depends(signed_in_teacher)]


def token_expired(request: Request) -> SignInRedirectError:
    """The registry (or, on a board page, intake; on a provider page, the profession) no longer
    accepts the token (401): sign in again."""
    path = request.url.path
    sign_in_path = TEACHER_SIGN_IN
    if in_board_area(path):
        sign_in_path = BOARD_SIGN_IN
    elif in_provider_area(path):
        sign_in_path = PROVIDER_SIGN_IN
    return SignInRedirectError(_return_path(request), expired=True, sign_in_path=sign_in_path)


async def boards_enabled(container: ContainerDep) -> IntakeClient:
    """The board pages exist only where intake is configured (LR_INTAKE_URL)."""
    if container.intake is None:
        raise NotFoundError
    return container.intake


BoardsEnabled = Depends(boards_enabled)
IntakeDep = Annotated[IntakeClient, Depends(boards_enabled)]


async def registry_boards(container: ContainerDep) -> RegistryBoardsClient:
    """The registry's board API, for the board pages about the board's teachers."""
    if container.registry_boards is None:
        raise NotFoundError
    return container.registry_boards


RegistryBoardsDep = Annotated[RegistryBoardsClient, Depends(registry_boards)]


@dataclass(frozen=True)
class BoardUser:
    """The signed-in board or payroll bureau: the board token is for calls to intake only."""

    organisation: Organisation
    token: str
    session: Session
    acting_board: str | None


async def signed_in_board(
    request: Request, container: ContainerDep, session: CurrentSession
) -> BoardUser:
    if session is None or not session.board_signed_in(container.clock()):
        expired = bool(getattr(request.state, "session_expired", False)) or bool(
            session and session.kind == "board"
        )
        raise SignInRedirectError(
            _return_path(request), expired=expired, sign_in_path=BOARD_SIGN_IN
        )
    organisation = session.organisation
    assert organisation is not None
    assert session.board_token is not None
    return BoardUser(organisation, session.board_token, session, session.acting_board)


SignedInBoard = Annotated[BoardUser, Depends(signed_in_board)]


@dataclass(frozen=True)
class Acting:
    """A signed-in board's page for the one board it acts for."""

    board: str
    token: str
    user: BoardUser


async def acting_board(request: Request, user: SignedInBoard) -> Acting:
    if user.acting_board is None or user.acting_board not in user.organisation.choices:
        raise BoardChoiceRequiredError(_return_path(request))
    return Acting(user.acting_board, user.token, user)


ActingBoard = Annotated[Acting, Depends(acting_board)]


@dataclass(frozen=True)
class ProviderUser:
    """The signed-in training provider: the provider token is for calls to the profession."""

    provider_id: str
    name: str
    token: str
    session: Session


async def signed_in_provider(
    request: Request, container: ContainerDep, session: CurrentSession
) -> ProviderUser:
    if session is None or not session.provider_signed_in(container.clock()):
        expired = bool(getattr(request.state, "session_expired", False)) or bool(
            session and session.kind == "provider"
        )
        raise SignInRedirectError(
            _return_path(request), expired=expired, sign_in_path=PROVIDER_SIGN_IN
        )
    assert session.provider_id is not None
    assert session.provider_token is not None
    return ProviderUser(
        session.provider_id,
        session.provider_name or session.provider_id,
        session.provider_token,
        session,
    )


SignedInProvider = Annotated[ProviderUser, Depends(signed_in_provider)]


__all__ = [
    "Acting",
    "ActingBoard",
    "BoardChoiceRequiredError",
    "BoardUser",
    "BoardsEnabled",
    "ContainerDep",
    "Csrf",
    "CsrfError",
    "CurrentSession",
    "FormSession",
    "ProviderUser",
    "SignInRedirectError",
    "SignInRequiredError",
    "SignedInBoard",
    "SignedInProvider",
    "SignedInTeacher",
    "Teacher",
]
