"""Evidence files: judged by their first bytes, never by the name or the declared type."""

from __future__ import annotations

import hashlib

from lr_portfolio.domain.activities import Evidence
from lr_portfolio.domain.errors import (
    EvidenceTooLargeError,
    InvalidInputError,
    Problem,
    UnsupportedEvidenceError,
)

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
MAX_FILENAME = 200


def sniff(content: bytes) -> str:
    for signature, content_type in _SIGNATURES:
        if content.startswith(signature):
            return content_type
    raise UnsupportedEvidenceError("evidence must be a PDF, PNG or JPEG file")


def check(filename: str, content: bytes, max_bytes: int) -> Evidence:
    """Metadata of an acceptable evidence file, or the reason it is refused."""
    if not content:
        raise InvalidInputError([Problem("file", "the file is empty", "empty")])
    if len(content) > max_bytes:
        raise EvidenceTooLargeError(max_bytes)
    content_type = sniff(content)
    safe_name = "".join(c for c in filename if c.isprintable() and c not in '"\\/')[:MAX_FILENAME]
    return Evidence(
        filename=safe_name or "evidence",
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
