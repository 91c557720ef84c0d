"""Where the job finds the running system: the services, Kafka and the signing keys."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from lr_shared.auth import (
    DEV_IDP_ISSUER,
    DEV_IDP_KEY_FILE,
    DEV_IDP_KID,
    TokenKind,
    mint_token,
)
from lr_shared.kafka import KafkaSecurity


@dataclass(frozen=True)
class Endpoints:
    intake: str
    registry: str
    portfolio: str
    notifications: str
    kafka_bootstrap: str
    keys: Path
    topic_suffix: str = ""
    kafka_security: KafkaSecurity | None = None
    """How the job's own Kafka clients connect; none: the `LR_KAFKA_*` environment's."""

    def topic(self, name: str) -> str:
        return f"{name}{self.topic_suffix}"

    def token(
        self, kind: TokenKind, subject: str, extra_claims: Mapping[str, Any] | None = None
    ) -> str:
        """A development token from the development identity provider."""
        return mint_token(
            (self.keys / DEV_IDP_KEY_FILE).read_bytes(),
            kid=DEV_IDP_KID,
            issuer=DEV_IDP_ISSUER,
            subject=subject,
            kind=kind,
            ttl=timedelta(hours=2),
            extra_claims=extra_claims,
        )
