"""A training provider's sign-in (the development sign-in; a production one is not built):
start a provider session."""

from __future__ import annotations

from datetime import datetime

from lr_portal.application.ports import ProviderGrant, SessionStore
from lr_portal.domain import session as sessions
from lr_portal.domain.session import Session


async def start_provider_session(
    store: SessionStore,
    grant: ProviderGrant,
    *,
    previous: Session | None,
    new_session_id: str,
    now: datetime,
) -> Session:
    """A fresh session (new id and CSRF token) for the provider; whatever session the visitor
    had is ended, so no session is ever two kinds at once."""
    if previous is not None:
        await store.delete(previous.id_hash)
    session = sessions.provider_signed_in(
        new_session_id, now, grant.provider_id, grant.name, grant.access_token, grant.expires_in
    )
    await store.save(session)
    return session
