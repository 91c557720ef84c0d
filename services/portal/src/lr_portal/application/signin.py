"""Signing in: one use case for both sign-ins (development and DigiD through OpenID Connect).

The identity token's subject is a BSN. It is handed to the registry (`POST /v1/me/token`) and
forgotten: the session keeps the register token and the registration number, never the BSN.
"""

from __future__ import annotations

from datetime import datetime

from lr_portal.application.ports import SessionStore, TokenExchange
from lr_portal.domain import session as sessions
from lr_portal.domain.session import Session


class UnknownTeacherError(Exception):
    """The registry has no registration for this identity."""


async def start_session(
    registry: TokenExchange,
    store: SessionStore,
    identity_token: str,
    *,
    previous: Session | None,
    new_session_id: str,
    now: datetime,
) -> Session:
    """Exchange the identity token and start a fresh session (a new id and CSRF token, so a
    session id planted before signing in is worth nothing after it)."""
    token = await registry.exchange(identity_token)
    if token is None:
        raise UnknownTeacherError
    if previous is not None:
        await store.delete(previous.id_hash)
    session = sessions.signed_in(
        new_session_id, now, token.registration_number, token.access_token, token.expires_in
    )
    await store.save(session)
    return session


async def sign_out(store: SessionStore, current: Session | None) -> None:
    if current is not None:
        await store.delete(current.id_hash)
