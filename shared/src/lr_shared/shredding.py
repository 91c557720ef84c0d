"""Crypto-shredding: a teacher's personal fields on a retained topic are sealed with a data key of
that teacher, kept outside Kafka; erasure destroys the key, so what the topic still holds can no
longer be read back to her (docs/privacy.md, "Crypto-shredding").

- `DataKey`: 32 random bytes and a random id. The id is what a record carries; it says nothing
  about the teacher.
- `KeyWrapper`: the key-encryption key. The custodian stores data keys wrapped, so a copy of its
  table without the service's secret reveals no data key. Derived from the service's
  `bsn_encryption_key` (HKDF, its own label), so no new secret has to be distributed.
- `seal` / `unseal`: AES-256-GCM (the primitive of `lr_shared.bsn`) over the JSON of the fields,
  bound to the key id and a context (the topic), so a sealed value cannot be replayed elsewhere.
  Sealed text: `lrs1.<key id hex>.<base64url(nonce + ciphertext)>`.
- `KeyCustody`: the port of the key store; every call takes a batch, never one row.
"""

from __future__ import annotations

import base64
import json
import os
import uuid
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PREFIX = "lrs1"
_NONCE = 12
_WRAP_LABEL = b"lr-data-key-wrapping-v1"

SealedFields = Mapping[str, str | None]


class KeyDestroyedError(LookupError):
    """The data key of a sealed value no longer exists: its teacher was erased."""


@dataclass(frozen=True)
class DataKey:
    key_id: UUID
    secret: bytes

    @classmethod
    def generate(cls) -> DataKey:
        return cls(uuid.uuid4(), os.urandom(32))

    def __repr__(self) -> str:  # never print the secret
        return f"DataKey({self.key_id})"


class KeyWrapper:
    """Wraps data keys for storage with the key-encryption key (AES-256-GCM, the key id as
    associated data, so a wrapped key cannot be moved to another id)."""

    def __init__(self, kek: bytes) -> None:
        if len(kek) != 32:
            raise ValueError("the key-encryption key must be 32 bytes")
        self._aead = AESGCM(kek)

    @classmethod
    def derived_from(cls, bsn_encryption_key: str) -> KeyWrapper:
        """The wrapping key derived from a service's base64 `bsn_encryption_key`."""
        hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_WRAP_LABEL)
        return cls(hkdf.derive(base64.b64decode(bsn_encryption_key)))

    def wrap(self, key: DataKey) -> bytes:
        nonce = os.urandom(_NONCE)
        return nonce + self._aead.encrypt(nonce, key.secret, key.key_id.bytes)

    def unwrap(self, key_id: UUID, wrapped: bytes) -> DataKey:
        secret = self._aead.decrypt(wrapped[:_NONCE], wrapped[_NONCE:], key_id.bytes)
        return DataKey(key_id, secret)


def seal(key: DataKey, fields: SealedFields, context: str) -> str:
    """The fields as one sealed text, readable only with `key` and in `context`."""
    plain = json.dumps(fields, separators=(",", ":"), ensure_ascii=False).encode()
    nonce = os.urandom(_NONCE)
    sealed = AESGCM(key.secret).encrypt(nonce, plain, _aad(key.key_id, context))
    body = base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")
    return f"{PREFIX}.{key.key_id.hex}.{body}"


def key_id_of(sealed: str) -> UUID:
    """The id of the data key a sealed text needs (ValueError when it is not one)."""
    prefix, key_hex, _ = sealed.split(".", 2)
    if prefix != PREFIX:
        raise ValueError("not a sealed value")
    return UUID(hex=key_hex)


def unseal(keys: Mapping[UUID, DataKey], sealed: str, context: str) -> dict[str, str | None]:
    """The fields of a sealed text; `KeyDestroyedError` when its key is not among `keys`."""
    key_id = key_id_of(sealed)
    key = keys.get(key_id)
    if key is None:
        raise KeyDestroyedError(str(key_id))
    body = sealed.split(".", 2)[2]
    raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    plain = AESGCM(key.secret).decrypt(raw[:_NONCE], raw[_NONCE:], _aad(key_id, context))
    fields: dict[str, str | None] = json.loads(plain)
    return fields


def _aad(key_id: UUID, context: str) -> bytes:
    return key_id.bytes + context.encode()


class KeyCustody(Protocol):
    """Where data keys live. Both calls take a whole batch: one round trip per delivery batch or
    consumed batch, never one per row."""

    async def keys_for(self, bsn_hashes: Collection[str]) -> dict[str, DataKey]:
        """The data key of each teacher (by keyed BSN hash), created when she has none yet."""
        ...

    async def keys_by_id(self, key_ids: Collection[UUID]) -> dict[UUID, DataKey]:
        """The keys that still exist among `key_ids`; a missing one was destroyed."""
        ...
