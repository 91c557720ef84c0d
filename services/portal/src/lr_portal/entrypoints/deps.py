"""FastAPI dependencies every page router uses: the container, the session, CSRF, the teacher.

- `CurrentSession`: the visitor's session or None (an idle one is ended here).
- `FormSession`: a session, started anonymously if needed, for pages that show a form (its
  CSRF token goes into the form through the `csrf_field()` macro).
- `Csrf`: put on every POST route (`dependencies=[Csrf]` or a parameter); a POST without the
  session's token is refused with a Dutch page (403).
- `SignedInTeacher`: the signed-in teacher; absent, the visitor is sent to /inloggen and back.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request

from lr_portal.bootstrap import Container
from lr_portal.domain import session as sessions
from lr_portal.domain.errors import SignInRequiredError
from lr_portal.domain.session import Session
from lr_portal.entrypoints.cookies import SESSION_COOKIE, delete_cookie, set_cookie

TOUCH_EVERY = timedelta(seconds=60)
"""A session's last use is written at most once a minute, not on every page."""


class CsrfError(Exception):
    """A POST without this session's CSRF token."""


class SignInRedirectError(Exception):
    """Not signed in (or no longer): the handler sends the visitor to /inloggen and back."""

    def __init__(self, return_to: str, expired: bool = False) -> None:
        super().__init__(return_to)
        self.return_to = return_to
        self.expired = expired


def get_container(request: Request) -> Container:
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
            request.state.session_expired = session.registration_number is not None
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


async def check_csrf(request: Request, session: CurrentSession) -> None:
    form = await request.form()
    sent = form.get("csrf_token")
    if (
        session is None
        or not isinstance(sent, str)
        or not hmac.compare_digest(sent.encode(), session.csrf_token.encode())
    ):
        raise CsrfError


Csrf = Depends(check_csrf)


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
    return path if request.method == "GET" else "/mijn-registratie"


async def signed_in_teacher(
    request: Request, container: ContainerDep, session: CurrentSession
) -> Teacher:
    if session is None or not session.signed_in(container.clock()):
        expired = bool(getattr(request.state, "session_expired", False)) or bool(
            session and session.registration_number
        )
        raise SignInRedirectError(_return_path(request), expired=expired)
    assert session.registration_number is not None
    assert session.register_token is not None
    return Teacher(session.registration_number, session.register_token, session)


SignedInTeacher = Annotated[Teacher, Depends(signed_in_teacher)]


def token_expired(request: Request) -> SignInRedirectError:
    """The registry no longer accepts the register token (401): sign in again."""
    return SignInRedirectError(_return_path(request), expired=True)


__all__ = [
    "ContainerDep",
    "Csrf",
    "CsrfError",
    "CurrentSession",
    "FormSession",
    "SignInRedirectError",
    "SignInRequiredError",
    "SignedInTeacher",
    "Teacher",
]
