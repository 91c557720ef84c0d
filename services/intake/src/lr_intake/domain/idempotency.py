"""When a request with a known Idempotency-Key (HTTP) or delivery reference (Kafka) is the same
request again, to be answered with the first delivery, and when it is another request that
reused the key, to be refused (draft-ietf-httpapi-idempotency-key-header: 422).

The same request: the same channel, board and format, and the same body by its SHA-256 over
the same length. Intake keeps the digest of the bytes it read: the whole file, or, for a file
rejected as too large, its first `limit` bytes (the rest is never read); a retry of that file is
the same when its first `limit` bytes are and it, too, goes on beyond them. A delivery stored
before intake kept digests has none: any request with its key is taken as a retry, as before.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from uuid import UUID

from lr_intake.domain import codes
from lr_intake.domain.delivery import Delivery


class BodyDigest:
    """SHA-256 of a body's first `limit` bytes, and whether the body goes on beyond them."""

    def __init__(self, limit: int) -> None:
        self._hash = hashlib.sha256()
        self._limit = limit
        self.size = 0
        self.beyond = False

    def update(self, chunk: bytes) -> bool:
        """Hash the next piece; False once the body is longer than `limit` (only the bytes up
        to it are hashed)."""
        room = self._limit - self.size
        if len(chunk) > room:
            self._hash.update(chunk[:room])
            self.size = self._limit
            self.beyond = True
            return False
        self._hash.update(chunk)
        self.size += len(chunk)
        return True

    def digest(self) -> bytes:
        return self._hash.digest()


def batch_digest(records: Sequence[Sequence[str]]) -> tuple[bytes, int]:
    """The SHA-256 of a Kafka batch's records (their values in column order, as JSON) and the
    length of what was hashed."""
    body = json.dumps(records, ensure_ascii=False, separators=(",", ":")).encode()
    return hashlib.sha256(body).digest(), len(body)


def same_request(
    stored: Delivery,
    *,
    channel: str,
    bevoegd_gezag: str,
    format: str,
    digest: bytes,
    beyond: bool,
) -> bool:
    """Whether a request with `stored`'s key is `stored`'s request again."""
    if stored.body_sha256 is None:
        return True  # kept before digests were: a retry, as it always was taken
    if (stored.channel, stored.bevoegd_gezag, stored.format) != (channel, bevoegd_gezag, format):
        return False
    cut_off = stored.rejection_code == codes.FILE_TOO_LARGE
    return digest == stored.body_sha256 and beyond == cut_off


class KeyReusedError(Exception):
    """The key made `delivery_id` with another request; this one was not processed."""

    def __init__(self, delivery_id: UUID) -> None:
        super().__init__(str(delivery_id))
        self.delivery_id = delivery_id


class KeyInFlightError(Exception):
    """The first request with the key was still being read, then broke off: this one, read to
    compare it, was not processed and can be sent again."""
