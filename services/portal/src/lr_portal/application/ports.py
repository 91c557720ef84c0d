"""What the use cases need from the outside world."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

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
