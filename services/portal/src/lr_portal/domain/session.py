"""A visitor's server-side session: the register token (or board or provider token) never leaves
the server.

A session is of one kind: anonymous (a form's CSRF token only), a teacher's (registration number
and register token), a board's (the signed-in organisation, the boards it may act for, the
one it acts for now, and its board token) or a training provider's (its id, name and provider
token). A teacher's session opens no board or provider page and the others no teacher page: each
kind has its own `..._signed_in` check.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Literal

from lr_portal.domain.boards import Organisation, OrganisationKind

SessionKind = Literal["anonymous", "teacher", "board", "provider"]


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
    kind: SessionKind = "anonymous"
    # A board's session: who signed in (a board or a payroll bureau, by number), the boards it
    # may act for, the one chosen, and the board token calls to intake carry.
    organisation_number: str | None = None
    organisation_kind: OrganisationKind | None = None
    boards: tuple[str, ...] = ()
    acting_board: str | None = None
    board_token: str | None = None
    # Bumped after every form the session sends: cached reads of its data are keyed by it.
    data_version: int = 0
    # A training provider's session: its id and name (an organisation's, not a person's) and the
    # provider token calls to the profession carry.
    provider_id: str | None = None
    provider_name: str | None = None
    provider_token: str | None = None

    def idle(self, now: datetime, timeout: timedelta) -> bool:
        return now - self.last_seen_at > timeout

    def _token_valid(self, now: datetime) -> bool:
        return self.token_expires_at is not None and now < self.token_expires_at

    def signed_in(self, now: datetime) -> bool:
        """Signed in as anyone (teacher, board or provider), with a token that has not expired."""
        return (
            self.teacher_signed_in(now) or self.board_signed_in(now) or self.provider_signed_in(now)
        )

    def teacher_signed_in(self, now: datetime) -> bool:
        return (
            self.kind == "teacher"
            and self.registration_number is not None
            and self.register_token is not None
            and self._token_valid(now)
        )

    def board_signed_in(self, now: datetime) -> bool:
        return (
            self.kind == "board"
            and self.organisation_number is not None
            and self.board_token is not None
            and self._token_valid(now)
        )

    def provider_signed_in(self, now: datetime) -> bool:
        return (
            self.kind == "provider"
            and self.provider_id is not None
            and self.provider_token is not None
            and self._token_valid(now)
        )

    @property
    def organisation(self) -> Organisation | None:
        """The signed-in board or payroll bureau (a board's session only)."""
        if self.kind != "board" or self.organisation_number is None:
            return None
        others = tuple(b for b in self.boards if b != self.organisation_number)
        return Organisation(self.organisation_number, self.organisation_kind or "board", others)

    def seen(self, now: datetime) -> Session:
        return replace(self, last_seen_at=now)

    def acting_for(self, board: str) -> Session:
        """The board this session acts for from now on (one of its own boards only)."""
        organisation = self.organisation
        if organisation is None or board not in organisation.choices:
            raise ValueError("not a board this session may act for")
        return replace(self, acting_board=board)


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
        kind="teacher",
    )


def board_signed_in(
    session_id: str, now: datetime, organisation: Organisation, token: str, expires_in: int
) -> Session:
    """A fresh board session. An organisation with one board acts for it at once; a payroll
    bureau with several chooses first (`acting_for`)."""
    return Session(
        hash_session_id(session_id),
        new_secret(),
        now,
        now,
        token_expires_at=now + timedelta(seconds=expires_in),
        kind="board",
        organisation_number=organisation.number,
        organisation_kind=organisation.kind,
        boards=organisation.choices,
        acting_board=organisation.only_choice,
        board_token=token,
    )


def provider_signed_in(
    session_id: str, now: datetime, provider_id: str, name: str, token: str, expires_in: int
) -> Session:
    """A fresh session of a training provider."""
    return Session(
        hash_session_id(session_id),
        new_secret(),
        now,
        now,
        token_expires_at=now + timedelta(seconds=expires_in),
        kind="provider",
        provider_id=provider_id,
        provider_name=name,
        provider_token=token,
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
