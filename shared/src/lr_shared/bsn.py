"""BSN handling: the 11-proof, the keyed hash that identifies a teacher without revealing the
BSN, and encryption at rest."""

from __future__ import annotations

import base64
import hmac
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from stdnum.nl import bsn as stdnum_bsn


def normalize(value: str) -> str | None:
    """The nine-digit form of a BSN (eight digits get a leading zero), or None if malformed."""
    digits = value.strip()
    if not digits.isascii() or not digits.isdigit() or len(digits) not in (8, 9):
        return None
    return digits.zfill(9)


def is_valid(value: str) -> bool:
    """Nine digits (or eight, padded) passing the 11-proof, and not all zeros."""
    normalized = normalize(value)
    return (
        normalized is not None
        and normalized != "000000000"
        and bool(stdnum_bsn.is_valid(normalized))
    )


def keyed_hash(bsn: str, key: bytes) -> str:
    """HMAC-SHA256 of the BSN: the same teacher gives the same value, and without the key the
    value says nothing about the BSN (a plain hash of nine digits would be reversed in seconds)."""
    return hmac.digest(key, bsn.encode(), "sha256").hex()


class BsnCipher:
    """AES-256-GCM encryption of a BSN at rest; each value carries its own random nonce."""

    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("the BSN encryption key must be 32 bytes")
        self._aead = AESGCM(key)

    @classmethod
    def from_base64(cls, key: str) -> BsnCipher:
        return cls(base64.b64decode(key))

    def encrypt(self, bsn: str) -> bytes:
        nonce = os.urandom(12)
        return nonce + self._aead.encrypt(nonce, bsn.encode(), b"bsn")

    def decrypt(self, blob: bytes) -> str:
        return self._aead.decrypt(blob[:12], blob[12:], b"bsn").decode()
