"""Register tokens: what the registry signs after the identity-token exchange."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from lr_shared.auth import AUDIENCE, REGISTRY_ISSUER, REGISTRY_KID, mint_token


class RegisterTokens:
    def __init__(self, private_key_pem: bytes, ttl: timedelta, audience: str = AUDIENCE) -> None:
        self._key = private_key_pem
        self.ttl = ttl
        self.audience = audience
        """The register rule's audience (LR_TOKEN_RULES), so the services take what it signs."""

    @classmethod
    def from_file(cls, path: Path, ttl: timedelta, audience: str = AUDIENCE) -> RegisterTokens:
        return cls(path.read_bytes(), ttl, audience)

    def mint(self, registration_number: str) -> str:
        """Signed now by the wall clock (token expiry is checked against it, not the
        lifecycle's clock)."""
        return mint_token(
            self._key,
            kid=REGISTRY_KID,
            issuer=REGISTRY_ISSUER,
            subject=registration_number,
            kind="register",
            ttl=self.ttl,
            now=datetime.now(UTC),
            audience=self.audience,
        )
