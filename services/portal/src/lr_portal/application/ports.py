"""What the use cases need from the outside world."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from lr_portal.domain.boards import Organisation
from lr_portal.domain.deliveries import (
    AbsentAppointment,
    CorrectionPage,
    CorrectionRequest,
    CorrectionStatus,
    Decision,
    Delivery,
    Issue,
)
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

    async def bump(self, id_hash: str) -> None:
        """The session's data may have changed: count up its `data_version`."""

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


# --- boards ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardGrant:
    """What a board's sign-in yields, however it was done (the development sign-in now,
    eHerkenning later): the board token for intake, its lifetime and who it is for."""

    access_token: str
    expires_in: int
    organisation: Organisation


@dataclass(frozen=True)
class ProviderGrant:
    """What a training provider's sign-in yields (the development sign-in; eHerkenning is not
    built for providers): the provider token for the profession, its lifetime and who it is."""

    access_token: str
    expires_in: int
    provider_id: str
    name: str


@dataclass(frozen=True)
class Uploaded:
    """Intake's answer to an upload: the delivery (rejected as a whole, or accepted row by
    row) and whether it is the first upload's answer replayed (the same Idempotency-Key)."""

    delivery: Delivery
    replayed: bool


class Intake(Protocol):
    """Intake's HTTP API on a board's behalf (its board token). A delivery of a board the
    token does not cover raises NotFoundError; an intake that does not answer,
    ServiceUnavailableError."""

    async def upload(
        self,
        token: str,
        board: str,
        *,
        idempotency_key: str,
        content_type: str,
        chunks: AsyncIterator[bytes],
    ) -> Uploaded: ...

    async def delivery(self, token: str, delivery_id: UUID) -> Delivery: ...

    async def no_longer_delivered(
        self, token: str, delivery_id: UUID, *, page_size: int
    ) -> list[AbsentAppointment]:
        """The first page of the board's appointments the delivery did not hold."""
        ...

    async def issues(
        self, token: str, delivery_id: UUID, *, page: int, page_size: int
    ) -> tuple[list[Issue], int]:
        """One page of the delivery's issues (row order) and how many it has in all."""
        ...

    async def deliveries(
        self, token: str, board: str, *, page: int, page_size: int
    ) -> list[Delivery]:
        """The board's deliveries, newest first."""
        ...

    async def correction_requests(
        self,
        token: str,
        board: str,
        *,
        status: CorrectionStatus | None,
        page: int,
        page_size: int,
    ) -> CorrectionPage:
        """What teachers dispute about the board's appointments, newest first; `status`
        filters (None: all)."""
        ...

    async def correction_request(
        self, token: str, board: str, request_id: UUID
    ) -> CorrectionRequest:
        """One request of this board; another board's raises NotFoundError."""
        ...

    async def answer_correction_request(
        self, token: str, board: str, request_id: UUID, decision: Decision, reason: str | None
    ) -> CorrectionRequest:
        """Answer it once (the same answer again is a replay); a refusal raises the adapter's
        AnswerRefusedError (a ServiceError with intake's problem `code`)."""
        ...


class BoardDirectory(Protocol):
    """Names of boards and payroll bureaus, where the portal knows them (in development from
    the reference files; intake has no HTTP API for its reference data yet)."""

    def name_of(self, number: str) -> str | None: ...
