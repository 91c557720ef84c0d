"""The registry's settings (environment variables with the LR_ prefix)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, model_validator

from lr_shared.auth import REGISTRY_ISSUER
from lr_shared.settings import BsnSettings


class Settings(BsnSettings):
    service_name: str = "registry"
    http_port: int = Field(default=8002, ge=1, le=65535)
    register_signing_key_file: Path = Field(
        description="Ed25519 PEM key the registry signs register tokens with (kid registry-1)."
    )
    register_token_minutes: int = Field(default=60, ge=1, le=24 * 60)
    appointments_batch_size: int = Field(default=5000, ge=1, le=10_000)
    appointments_consumers: int = Field(default=2, ge=1, le=8)
    scheduler_enabled: bool = True
    scheduler_interval_seconds: float = Field(default=60.0, gt=0)
    scheduler_batch_size: int = Field(default=500, ge=1)
    deregistered_retention_days: int = Field(
        default=1461,
        ge=366,
        description="Days a teacher stays deregistered (no active appointment) before they are "
        "erased through the erasure saga: four years, one full registration period, after which "
        "no period of theirs can still continue (docs/privacy.md; the law names no term).",
    )
    correction_requests_retention_days: int = Field(
        default=365,
        ge=31,
        description="Days a correction request is kept once the board answered it or a "
        "redelivery resolved it (docs/privacy.md). Open requests are kept.",
    )
    board_lookups_retention_days: int = Field(
        default=730,
        ge=31,
        description="Days a board's look-up of its teachers (who looked, and the numbers shown) "
        "is kept for the teachers' 'who looked at my data' (docs/privacy.md).",
    )
    deregistered_purge_batch_size: int = Field(
        default=100,
        ge=1,
        le=1000,
        description="Deregistered teachers one purge round chooses; each is erased in a "
        "transaction of its own.",
    )
    public_rate_per_second: float = Field(
        default=5.0, gt=0, description="Public lookups per second per client IP, sustained."
    )
    public_burst: int = Field(default=20, ge=1, description="Public lookups a client may burst.")
    public_page_size_max: int = Field(default=50, ge=1, le=200)
    board_check_max_numbers: int = Field(
        default=5000,
        ge=1,
        le=50_000,
        description="Registration numbers a board may check in one request (more: 413). "
        "They are read in one statement and answered in one response.",
    )
    oidc_identity_issuer: str | None = Field(
        default=None,
        pattern=r"^https?://",
        description="DigiD through OpenID Connect: the provider whose ID tokens (subject = BSN) "
        "POST /v1/me/token accepts as identity tokens. With the two settings below, or none.",
    )
    oidc_identity_audience: str | None = Field(
        default=None, description="The audience those ID tokens name: the portal's client id."
    )
    oidc_identity_jwks_file: Path | None = Field(
        default=None,
        description="The provider's public keys (its JWKS document); they verify its ID tokens "
        "and nothing else.",
    )
    oidc_identity_jwks_url: str | None = Field(
        default=None,
        pattern=r"^https?://",
        description="Instead of the file: the provider's JWKS URL (its discovery's `jwks_uri`), "
        "fetched again when it rotates its keys (lr_shared.auth.RemoteKeySet).",
    )

    @model_validator(mode="after")
    def _oidc_identity_all_or_nothing(self) -> Settings:
        values = (
            self.oidc_identity_issuer,
            self.oidc_identity_audience,
            self.oidc_identity_jwks_file or self.oidc_identity_jwks_url,
        )
        if any(v is not None for v in values) and not all(v is not None for v in values):
            raise ValueError(
                "oidc_identity_issuer, oidc_identity_audience and oidc_identity_jwks_file "
                "(or _url) go together"
            )
        if self.oidc_identity_jwks_file is not None and self.oidc_identity_jwks_url is not None:
            raise ValueError("oidc_identity_jwks_file or oidc_identity_jwks_url, not both")
        if not self.is_development:
            for name in ("oidc_identity_issuer", "oidc_identity_jwks_url"):
                if not str(getattr(self, name) or "https://").startswith("https://"):
                    raise ValueError(f"{name} must be https:// in production")
        return self

    @model_validator(mode="after")
    def _trusts_the_register_tokens_it_signs(self) -> Settings:
        register = self.tokens.get("register")
        if register is None or REGISTRY_ISSUER not in register.issuers:
            raise ValueError("token_rules must trust the registry's register tokens")
        return self
