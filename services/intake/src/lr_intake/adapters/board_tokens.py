"""Board tokens: what intake signs after the eHerkenning exchange (`POST /v1/board-token`),
with its own key (kid `intake-1`, issuer `urn:nl:lerarenregister:intake`), which every
service's JWKS trusts for board tokens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from lr_intake.domain.organisations import Grant
from lr_shared.auth import AUDIENCE, INTAKE_ISSUER, INTAKE_KID, mint_token


class BoardTokens:
    def __init__(self, private_key_pem: bytes, ttl: timedelta, audience: str = AUDIENCE) -> None:
        self._key = private_key_pem
        self.ttl = ttl
        self.audience = audience
        """The board rule's audience (LR_TOKEN_RULES), so the services take what intake signs."""

    @classmethod
    def from_file(cls, path: Path, ttl: timedelta, audience: str = AUDIENCE) -> BoardTokens:
        return cls(path.read_bytes(), ttl, audience)

    def mint(self, grant: Grant) -> str:
        return mint_token(
            self._key,
            kid=INTAKE_KID,
            issuer=INTAKE_ISSUER,
            subject=grant.subject,
            kind="board",
            boards=list(grant.boards),
            ttl=self.ttl,
            now=datetime.now(UTC),
            audience=self.audience,
        )
