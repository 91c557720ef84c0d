"""Signed machine deliveries: who sent a Kafka record, told by a bearer token in its headers.

Kafka does not tell a consumer who produced a record, so a record on a topic that outsiders
write to (board submissions, provider attendance) carries its sender's token in the header
`authorization`, as `Bearer <jwt>`: the token the sender would send over HTTP, verified by
the same `TokenVerifier` with the same rules (`lr_shared.consumers.subscribe(...,
signed_by=kind)`). A consumer takes who sent it from the token, never from the body. A record
without a valid token goes to the dead-letter topic; its copy there has the token removed (a
dead letter is read by operators, and a token is a credential until it expires).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from aiokafka import ConsumerRecord

from lr_shared.auth import InvalidTokenError

SENDER_HEADER = "authorization"
"""The record header holding the sender's token, as HTTP's `Authorization` does."""

REJECTED_PREFIX = "invalid sender token"
"""How a dead letter's `dlq_reason` begins when its token was missing or refused."""


def sender_header(token: str) -> tuple[str, bytes]:
    """The header a producer adds to a record it sends with `token`."""
    return SENDER_HEADER, f"Bearer {token}".encode()


def bearer_token(headers: Iterable[tuple[str, bytes | None]] | None) -> str:
    """The token of a record's `authorization` header; exactly one header, `Bearer <jwt>`."""
    found = [value for name, value in headers or () if name.lower() == SENDER_HEADER]
    if not found:
        raise InvalidTokenError(f"no {SENDER_HEADER} header")
    if len(found) > 1:
        raise InvalidTokenError(f"more than one {SENDER_HEADER} header")
    scheme, _, token = (found[0] or b"").decode(errors="replace").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise InvalidTokenError(f"the {SENDER_HEADER} header is not `Bearer <token>`")
    return token.strip()


def rejection_reason(error: InvalidTokenError) -> str:
    """The dead letter's reason: why the token was refused (never the token itself)."""
    return f"{REJECTED_PREFIX}: {error}"


def without_token(record: ConsumerRecord) -> ConsumerRecord:
    """The record as it goes to a dead-letter topic: unchanged but for its token."""
    headers = tuple((k, v) for k, v in record.headers or () if k.lower() != SENDER_HEADER)
    return replace(record, headers=headers)
