"""Signing in with DigiD through OpenID Connect: what the portal keeps between sending the
visitor to the provider and the provider sending them back."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


def hash_state(state: str, provider: str = "") -> str:
    """Pending sign-ins are found by the hash of their `state`, as sessions by their id's.
    A second provider (eHerkenning) hashes its states in a namespace of its own, so a sign-in
    started at one provider is unknown at the other's callback."""
    return hashlib.sha256(
        f"{provider}:{state}".encode() if provider else state.encode()
    ).hexdigest()


@dataclass(frozen=True)
class PendingSignIn:
    """One started sign-in, bound to the visitor's session; used once."""

    state_hash: str
    session_id_hash: str
    nonce: str
    code_verifier: str
    return_to: str
    created_at: datetime

    def expired(self, now: datetime, lifetime: timedelta) -> bool:
        return now - self.created_at > lifetime


class Failure(StrEnum):
    """Why a DigiD (or eHerkenning) sign-in did not complete (logged as is: no personal data
    in it)."""

    STATE = "state"
    """No sign-in of this session has this state: tampered, replayed, from another browser, or
    started too long ago."""
    CANCELLED = "cancelled"
    """The teacher stopped at DigiD (`error=access_denied`)."""
    REFUSED = "refused"
    """The provider answered with an error or refused the code (already used, expired)."""
    ID_TOKEN = "id_token"  # noqa: S105 - a reason code, not a token
    """The ID token failed verification: signature, issuer, audience, time or nonce."""
    UNKNOWN_ORGANISATION = "unknown_organisation"
    """eHerkenning only: intake knows no board or payroll bureau by the KvK number."""
    NO_MANDATE = "no_mandate"
    """eHerkenning only: a payroll bureau signed in for a board it holds no mandate of."""


class SignInFailedError(Exception):
    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.value)
        self.failure = failure
