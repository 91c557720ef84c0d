"""The pre-keyed hasher gives exactly the shared keyed hash (the registry computes it too)."""

from __future__ import annotations

import pytest

from lr_intake.adapters.pseudonyms import keyed_hasher
from lr_shared.bsn import keyed_hash


@pytest.mark.parametrize("key", [b"k", b"bench-bsn-hash-key-0123456789", bytes(range(200))])
def test_the_pre_keyed_hash_is_the_shared_keyed_hash(key: bytes) -> None:
    pseudonymize = keyed_hasher(key)
    for bsn in ("123456782", "012345672", "111222333"):
        assert pseudonymize(bsn) == keyed_hash(bsn, key)
