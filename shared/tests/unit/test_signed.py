"""Signed machine deliveries: a record counts as its token's sender's, or goes to the DLQ with
the reason and without the token."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiokafka.structs import ConsumerRecord

from lr_shared.auth import (
    DEV_IDP_ISSUER,
    DEV_IDP_KEY_FILE,
    DEV_IDP_KID,
    JWKS_FILE,
    REGISTRY_ISSUER,
    REGISTRY_KEY_FILE,
    REGISTRY_KID,
    Principal,
    TokenKind,
    TokenVerifier,
    generate_dev_keys,
    mint_token,
)
from lr_shared.cloudevents import CloudEvent, encode
from lr_shared.consumers import Event, Signed, split
from lr_shared.contracts.portfolio import AttendanceV1
from lr_shared.signed import SENDER_HEADER, sender_header

REPORT = AttendanceV1(
    attendance_id="NSO-1",
    provider_id="P0042",
    activity_code="P0042-A017",
    registration_number="LR00012345",
    attended_on=datetime(2026, 2, 3, tzinfo=UTC).date(),
)


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("keys")
    generate_dev_keys(directory)
    return directory


class CountingVerifier(TokenVerifier):
    def __init__(self, jwks: dict[str, Any]) -> None:
        super().__init__(jwks)
        self.calls = 0

    def verify(self, token: str, *, kinds: set[TokenKind]) -> Principal:
        self.calls += 1
        return super().verify(token, kinds=kinds)


def verifier(keys: Path) -> CountingVerifier:
    return CountingVerifier(json.loads((keys / JWKS_FILE).read_text()))


def token(keys: Path, kind: TokenKind = "provider", **changes: Any) -> str:
    values: dict[str, Any] = {
        "kid": DEV_IDP_KID,
        "issuer": DEV_IDP_ISSUER,
        "subject": "P0042",
        "kind": kind,
        **changes,
    }
    return mint_token((keys / DEV_IDP_KEY_FILE).read_bytes(), **values)


def record(*extra: tuple[str, bytes], offset: int = 0) -> ConsumerRecord[bytes, bytes]:
    value, headers = encode(CloudEvent(type="t", source="s", data=REPORT))
    all_headers = [*headers, *extra]
    return ConsumerRecord("topic", 0, offset, 0, 0, b"k", value, None, 1, len(value), all_headers)


def signed(keys: Path, kind: TokenKind = "provider") -> tuple[Signed, CountingVerifier]:
    checker = verifier(keys)
    return Signed(frozenset({kind}), checker), checker


def test_a_record_with_a_valid_token_reaches_the_handler_with_its_sender(keys: Path) -> None:
    subscription, _ = signed(keys)
    [item], rejected = split(
        [record(sender_header(token(keys)))], AttendanceV1, tombstones=False, signed=subscription
    )
    assert rejected == []
    assert isinstance(item, Event)
    assert item.sender is not None
    assert (item.sender.kind, item.sender.subject) == ("provider", "P0042")


def test_an_unsigned_subscription_gives_no_sender() -> None:
    [item], _ = split([record()], AttendanceV1, tombstones=False)
    assert isinstance(item, Event)
    assert item.sender is None


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ((), "no authorization header"),
        (((SENDER_HEADER, b"Basic dXNlcjpwdw=="),), "is not `Bearer <token>`"),
        (((SENDER_HEADER, b"Bearer not-a-jwt"),), "DecodeError"),
    ],
)
def test_a_record_without_a_usable_token_goes_to_the_dlq_with_the_reason(
    keys: Path, headers: tuple[tuple[str, bytes], ...], reason: str
) -> None:
    subscription, _ = signed(keys)
    items, [rejected] = split(
        [record(*headers)], AttendanceV1, tombstones=False, signed=subscription
    )
    assert items == []
    assert rejected.reason.startswith("invalid sender token: ")
    assert reason in rejected.reason


def test_an_expired_token_a_token_of_another_kind_or_issuer_are_refused(keys: Path) -> None:
    subscription, _ = signed(keys)
    expired = token(keys, now=datetime.now(UTC) - timedelta(hours=2))
    board = token(keys, kind="board", subject="12345")
    # The registry's kid on the development IdP's signature: it does not match the key.
    forged = token(keys, kid=REGISTRY_KID, issuer=REGISTRY_ISSUER)
    # Signed by the registry, which may not vouch for a provider.
    registry = mint_token(
        (keys / REGISTRY_KEY_FILE).read_bytes(),
        kid=REGISTRY_KID,
        issuer=REGISTRY_ISSUER,
        subject="P0042",
        kind="provider",
    )
    tokens = (expired, board, forged, registry)
    records = [record(sender_header(t), offset=i) for i, t in enumerate(tokens)]
    items, rejected = split(records, AttendanceV1, tombstones=False, signed=subscription)
    assert items == []
    assert [r.reason for r in rejected] == [
        "invalid sender token: ExpiredSignatureError",
        "invalid sender token: token of the wrong kind",
        "invalid sender token: InvalidSignatureError",
        "invalid sender token: issuer may not issue this kind of token",
    ]


def test_a_dead_letter_keeps_its_headers_but_not_its_token(keys: Path) -> None:
    subscription, _ = signed(keys, kind="board")  # a provider's token on a board topic
    original = record(sender_header(token(keys)))
    _, [rejected] = split([original], AttendanceV1, tombstones=False, signed=subscription)
    names = [name for name, _ in rejected.record.headers]
    assert SENDER_HEADER not in names
    assert "ce_id" in names
    assert rejected.record.value == original.value
    assert SENDER_HEADER in [name for name, _ in original.headers]  # the record itself untouched


def test_a_batch_verifies_each_token_once(keys: Path) -> None:
    subscription, checker = signed(keys)
    one, other = token(keys), token(keys, subject="P0001")
    records = [record(sender_header(t), offset=i) for i, t in enumerate([one, one, other, one])]
    items, _ = split(records, AttendanceV1, tombstones=False, signed=subscription)
    assert [i.sender.subject for i in items if isinstance(i, Event) and i.sender] == [
        "P0042",
        "P0042",
        "P0001",
        "P0042",
    ]
    assert checker.calls == 2
