"""The keyed BSN hash of the rows the Python rules check (the compiled checks hash their own)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

# A BSN -> its keyed hash: the Kafka key, and what identities are built from.
Pseudonymizer = Callable[[str], str]

_BLOCK = 64  # SHA-256's block size


def keyed_hasher(key: bytes) -> Pseudonymizer:
    """`lr_shared.bsn.keyed_hash` (HMAC-SHA256, RFC 2104) with the key fixed: the inner and outer
    hash states that hold the padded key are computed once and copied per value. This is what
    `hmac` does inside, without its per-value Python wrapper objects and key hashing; a test
    holds it equal to `keyed_hash`."""
    if len(key) > _BLOCK:
        key = hashlib.sha256(key).digest()
    key = key.ljust(_BLOCK, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in key))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in key))

    def pseudonymize(bsn: str) -> str:
        i = inner.copy()
        i.update(bsn.encode())
        o = outer.copy()
        o.update(i.digest())
        return o.hexdigest()

    return pseudonymize
