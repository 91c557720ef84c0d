"""A board's sign-in, whichever way the board token was obtained (the development sign-in
now; eHerkenning through OpenID Connect later, see docs/boards.md): start a board session, and
let a payroll bureau choose the board it acts for."""

from __future__ import annotations

from datetime import datetime

from lr_portal.application.ports import BoardGrant, SessionStore
from lr_portal.domain import session as sessions
from lr_portal.domain.errors import NotFoundError
from lr_portal.domain.session import Session


async def start_board_session(
    store: SessionStore,
    grant: BoardGrant,
    *,
    previous: Session | None,
    new_session_id: str,
    now: datetime,
) -> Session:
    """A fresh session (new id and CSRF token) for the board; a teacher's or an anonymous
    session the visitor had is ended, so no session is ever both."""
    if previous is not None:
        await store.delete(previous.id_hash)
    session = sessions.board_signed_in(
        new_session_id, now, grant.organisation, grant.access_token, grant.expires_in
    )
    await store.save(session)
    return session


async def choose_board(store: SessionStore, session: Session, board: str) -> Session:
    """Act for `board` from now on; a board the session may not act for is not found."""
    try:
        chosen = session.acting_for(board)
    except ValueError:
        raise NotFoundError from None
    await store.save(chosen)
    return chosen
