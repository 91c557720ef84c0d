"""A visitor's server-side session: the register token never leaves the server."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def hash_session_id(session_id: str) -> str:
    """The store keeps the hash: a copy of the table does not hand out usable cookies."""
    return hashlib.sha256(session_id.encode()).hexdigest()


@dataclass(frozen=True)
class Session:
    id_hash: str
    csrf_token: str
    created_at: datetime
    last_seen_at: datetime
    registration_number: str | None = None
    register_token: str | None = None
    token_expires_at: datetime | None = None

    def idle(self, now: datetime, timeout: timedelta) -> bool:
        return now - self.last_seen_at > timeout

    def signed_in(self, now: datetime) -> bool:
        return (
            self.registration_number is not None
            and self.register_token is not None
            and self.token_expires_at is not None
            and now < self.token_expires_at
        )

    def seen(self, now: datetime) -> Session:
        return replace(self, last_seen_at=now)


def anonymous(session_id: str, now: datetime) -> Session:
    return Session(hash_session_id(session_id), new_secret(), now, now)


def signed_in(
    session_id: str, now: datetime, registration_number: str, token: str, expires_in: int
) -> Session:
    return Session(
        hash_session_id(session_id),
        new_secret(),
        now,
        now,
        registration_number,
        token,
        now + timedelta(seconds=expires_in),
    )


def safe_return_path(candidate: str | None, default: str = "/mijn-registratie") -> str:
    """Where to go after signing in: only a path on this site (no `//host`, no scheme)."""
    if (
        not candidate
        or not candidate.startswith("/")
        or candidate.startswith("//")
        or "\\" in candidate
        or any(ord(c) < 32 for c in candidate)
        or len(candidate) > 300
    ):
        return default
    return candidate
