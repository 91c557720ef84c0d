"""The portal's settings (environment variables with the LR_ prefix), failing fast."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, model_validator

from lr_shared.settings import ProcessSettings


class Settings(ProcessSettings):
    service_name: str = "portal"
    http_port: int = Field(default=8005, ge=1, le=65535)
    registry_url: str = Field(
        pattern=r"^https?://", description="Where the registry's HTTP API answers."
    )
    portfolio_url: str = Field(
        pattern=r"^https?://", description="Where the portfolio's HTTP API answers."
    )
    session_idle_minutes: int = Field(
        default=30, ge=1, le=24 * 60, description="A session unused this long is signed out."
    )
    dev_idp_key_file: Path | None = Field(
        default=None,
        description="Development only: the development IdP's Ed25519 key, with which the "
        "development sign-in (/inloggen/ontwikkeling) mints identity tokens. Refused in "
        "production.",
    )
    dev_test_data_file: Path | None = Field(
        default=None,
        description="Development only: a CSV of delivered test data (a `bsn` column) whose BSNs "
        "the development sign-in offers to pick from.",
    )
    service_timeout_seconds: float = Field(default=10.0, gt=0, le=120)

    @property
    def cookie_secure(self) -> bool:
        """Secure cookies everywhere but development (which runs on plain http://127.0.0.1)."""
        return self.environment != "development"

    @property
    def dev_signin_enabled(self) -> bool:
        return self.is_development and self.dev_idp_key_file is not None

    @model_validator(mode="after")
    def _no_development_sign_in_in_production(self) -> Settings:
        if not self.is_development and (self.dev_idp_key_file or self.dev_test_data_file):
            raise ValueError("the development sign-in is refused in production")
        return self
