"""DigiD through OpenID Connect: start a sign-in, and complete it when the provider sends the
visitor back. The ID token it yields goes to `signin.start_session` like any identity token.
The board sign-in (eHerkenning) uses the same two steps with its own provider and `namespace`;
its ID token goes to intake's board-token exchange."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from lr_portal.application.ports import OpenIdProvider, PendingSignIns
from lr_portal.domain.oidc import Failure, PendingSignIn, SignInFailedError, hash_state

CANCELLED_ERRORS = frozenset({"access_denied", "login_required", "consent_required"})


@dataclass(frozen=True)
class Completed:
    identity_token: str
    return_to: str


async def begin(
    provider: OpenIdProvider,
    pending: PendingSignIns,
    *,
    session_id_hash: str,
    return_to: str,
    now: datetime,
    lifetime: timedelta,
    namespace: str = "",
) -> str:
    """A fresh state, nonce and PKCE verifier, kept server-side with this session; the URL of
    the provider's authorization endpoint to send the visitor to."""
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    code_verifier = secrets.token_urlsafe(64)  # 86 characters, within RFC 7636's 43-128
    await pending.add(
        PendingSignIn(
            hash_state(state, namespace), session_id_hash, nonce, code_verifier, return_to, now
        ),
        started_before=now - lifetime,
    )
    return await provider.authorization_url(state=state, nonce=nonce, code_verifier=code_verifier)


async def complete(
    provider: OpenIdProvider,
    pending: PendingSignIns,
    *,
    session_id_hash: str | None,
    state: str,
    code: str,
    error: str,
    now: datetime,
    lifetime: timedelta,
    namespace: str = "",
) -> Completed:
    """Check the state against this session's started sign-in (used up here, whatever comes
    next), then exchange the code and verify the ID token."""
    found = (
        await pending.take(hash_state(state, namespace), session_id_hash)
        if state and session_id_hash
        else None
    )
    if found is None or found.expired(now, lifetime):
        raise SignInFailedError(Failure.STATE)
    if error:
        raise SignInFailedError(Failure.CANCELLED if error in CANCELLED_ERRORS else Failure.REFUSED)
    if not code:
        raise SignInFailedError(Failure.REFUSED)
    token = await provider.identity_token(
        code=code, nonce=found.nonce, code_verifier=found.code_verifier
    )
    return Completed(token, found.return_to)
