"""What the use cases need from the outside world."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from lr_portal.domain.oidc import PendingSignIn
from lr_portal.domain.session import Session


@dataclass(frozen=True)
class RegisterToken:
    access_token: str
    expires_in: int
    registration_number: str


class SessionStore(Protocol):
    async def get(self, id_hash: str) -> Session | None: ...

    async def save(self, session: Session) -> None: ...

    async def touch(self, id_hash: str, now: datetime) -> None: ...

    async def delete(self, id_hash: str) -> None: ...

    async def prune(self, idle_before: datetime) -> int: ...


class TokenExchange(Protocol):
    async def exchange(self, identity_token: str) -> RegisterToken | None:
        """The register token for the teacher of this identity token; None if unknown."""
        ...


class Clock(Protocol):
    def __call__(self) -> datetime: ...


class OpenIdProvider(Protocol):
    """DigiD through OpenID Connect (authorization code flow with PKCE, state and nonce)."""

    async def authorization_url(self, *, state: str, nonce: str, code_verifier: str) -> str:
        """Where to send the visitor to sign in."""
        ...

    async def identity_token(self, *, code: str, nonce: str, code_verifier: str) -> str:
        """Exchange the code once and return the ID token after verifying it (signature,
        issuer, audience, exp/iat, nonce); raises SignInFailedError."""
        ...


class PendingSignIns(Protocol):
    async def add(self, pending: PendingSignIn, *, started_before: datetime) -> None:
        """Keep a started sign-in (and forget those started before `started_before`)."""
        ...

    async def take(self, state_hash: str, session_id_hash: str) -> PendingSignIn | None:
        """The sign-in of this session with this state, removed: each is used at most once."""
        ...
