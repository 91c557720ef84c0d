"""A request with a known Idempotency-Key: the same request again, or another one."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime
from uuid import uuid4

import pytest

from lr_intake.domain import codes
from lr_intake.domain.delivery import Delivery
from lr_intake.domain.idempotency import BodyDigest, batch_digest, same_request

FILE = b"bevoegd_gezag;bsn\n" + b"41234;123456782\n" * 100


def digest_of(body: bytes, limit: int, piece: int = 7) -> BodyDigest:
    digest = BodyDigest(limit)
    for start in range(0, len(body), piece):
        if not digest.update(body[start : start + piece]):
            break
    return digest


def stored(body: bytes, limit: int = 10_000, **changes: object) -> Delivery:
    digest = digest_of(body, limit)
    delivery = Delivery(
        uuid4(), "http", "41234", "41234", "csv", datetime(2026, 8, 20, tzinfo=UTC), "key-1"
    ).with_body(digest.digest(), digest.size)
    return replace(delivery, **({"status": "processing"} | changes))  # type: ignore[arg-type]


def ask(delivery: Delivery, body: bytes, **request: str) -> bool:
    digest = digest_of(body, delivery.body_bytes or 0, piece=13)
    return same_request(
        delivery,
        channel=request.get("channel", "http"),
        bevoegd_gezag=request.get("bevoegd_gezag", "41234"),
        format=request.get("format", "csv"),
        digest=digest.digest(),
        beyond=digest.beyond,
    )


def test_a_body_is_hashed_whole_however_it_arrives() -> None:
    assert digest_of(FILE, 10_000).digest() == hashlib.sha256(FILE).digest()
    assert digest_of(FILE, 10_000, piece=1000).size == len(FILE)


def test_only_the_first_limit_bytes_are_hashed_and_the_rest_is_noted() -> None:
    digest = digest_of(FILE, 100)
    assert digest.beyond
    assert digest.size == 100
    assert digest.digest() == hashlib.sha256(FILE[:100]).digest()
    exact = digest_of(FILE, len(FILE))
    assert not exact.beyond


def test_the_same_bytes_again_are_the_same_request() -> None:
    assert ask(stored(FILE), FILE)


@pytest.mark.parametrize(
    ("body", "request_"),
    [
        (FILE.replace(b"782", b"783", 1), {}),
        (FILE + b"41234;123456782\n", {}),
        (FILE[:-1], {}),
        (FILE, {"format": "ndjson"}),
        (FILE, {"bevoegd_gezag": "41235"}),
        (FILE, {"channel": "kafka"}),
    ],
    ids=["other-bytes", "longer", "shorter", "other-format", "other-board", "other-channel"],
)
def test_another_body_format_board_or_channel_is_another_request(
    body: bytes, request_: dict[str, str]
) -> None:
    assert not ask(stored(FILE), body, **request_)


def test_a_file_rejected_as_too_large_is_compared_over_what_was_read() -> None:
    too_large = stored(FILE, limit=100, status="rejected", rejection_code=codes.FILE_TOO_LARGE)
    assert too_large.body_bytes == 100
    assert ask(too_large, FILE)  # the same start, and longer than the limit again
    assert ask(too_large, FILE + b"more rows\n")  # not read beyond the limit either time
    assert not ask(too_large, FILE[:100])  # now within the limit: another file
    assert not ask(too_large, b"x" + FILE)


def test_a_delivery_without_a_digest_takes_any_request_as_a_retry() -> None:
    old = replace(stored(FILE), body_sha256=None, body_bytes=None)
    assert ask(replace(old, body_bytes=10_000), b"anything else", format="ndjson")


def test_a_batch_digest_depends_on_every_value_and_its_place() -> None:
    records = [["41234", "123456782", "Jansen"], ["41234", "", "de;Vries"]]
    digest, size = batch_digest(records)
    assert batch_digest([list(r) for r in records]) == (digest, size)
    assert batch_digest([records[1], records[0]])[0] != digest
    assert batch_digest([["41234", "123456782Jansen", ""], records[1]])[0] != digest
    assert size > 0
