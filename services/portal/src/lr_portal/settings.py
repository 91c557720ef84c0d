"""The portal's settings (environment variables with the LR_ prefix), failing fast."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, model_validator

from lr_shared.auth import EH3
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
    profession_url: str = Field(
        default="http://127.0.0.1:8006",
        pattern=r"^https?://",
        description="Where the profession's HTTP API answers (teacher panels: providers' "
        "accreditation requests, panel membership and reviews, the criteria in force).",
    )
    intake_url: str | None = Field(
        default=None,
        pattern=r"^https?://",
        description="Where intake's HTTP API answers. Without it the board pages (/aanleveren) "
        "and the board sign-in are not served (404).",
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
    dev_reference_dir: Path | None = Field(
        default=None,
        description="Development only: the reference files intake loaded (besturen.csv, "
        "administratiekantoren.csv, mandaten.csv), so the development board sign-in offers "
        "boards and payroll bureaus to pick and knows a bureau's mandated boards.",
    )
    service_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    read_cache_seconds: float = Field(
        default=30.0,
        ge=0,
        le=300,
        description="How long the portal reuses a backend's answer: a teacher's overview and "
        "data (her own changes show at once) and public searches. 0 turns the cache off.",
    )
    board_upload_timeout_seconds: float = Field(
        default=600.0,
        gt=0,
        le=3600,
        description="How long an upload may take at intake (it answers once every row is "
        "checked and stored).",
    )
    board_upload_max_mb: int = Field(
        default=512,
        ge=1,
        le=4096,
        description="A larger upload is refused before it is read (intake's own limit is "
        "LR_MAX_UPLOAD_MB there, 512 by default).",
    )
    # DigiD through OpenID Connect (adapters/oidc.py, entrypoints/signin_oidc.py); required in
    # production, where it is the only sign-in.
    oidc_issuer: str | None = Field(
        default=None,
        pattern=r"^https?://",
        description="The OpenID provider's issuer; its discovery document is "
        "{issuer}/.well-known/openid-configuration (endpoints and the JWKS URL).",
    )
    oidc_client_id: str | None = Field(default=None, min_length=1)
    oidc_client_secret: SecretStr | None = Field(
        default=None, description="Absent for a public client (PKCE alone)."
    )
    oidc_redirect_url: str | None = Field(
        default=None,
        pattern=r"^https?://[^?#]+/inloggen/digid/terug$",
        description="The callback registered at the provider: <portal>/inloggen/digid/terug.",
    )
    oidc_scopes: str = Field(default="openid", pattern=r"(^| )openid( |$)")
    oidc_leeway_seconds: int = Field(
        default=60, ge=0, le=300, description="Clock skew allowed on the ID token's exp and iat."
    )
    oidc_login_minutes: int = Field(
        default=10, ge=1, le=60, description="How long a started DigiD sign-in may take."
    )
    # eHerkenning through OpenID Connect for the board pages (entrypoints/signin_eherkenning.py,
    # the same adapters/oidc.py with a configuration of its own); required in production when
    # the board pages are served. Intake exchanges its ID token for a board token.
    eherkenning_issuer: str | None = Field(
        default=None,
        pattern=r"^https?://",
        description="The eHerkenning broker's issuer (an OpenID provider); discovery and its "
        "JWKS URL come from it.",
    )
    eherkenning_client_id: str | None = Field(default=None, min_length=1)
    eherkenning_client_secret: SecretStr | None = Field(
        default=None, description="Absent for a public client (PKCE alone)."
    )
    eherkenning_redirect_url: str | None = Field(
        default=None,
        pattern=r"^https?://[^?#]+/aanleveren/inloggen/eherkenning/terug$",
        description="The callback registered at the broker: "
        "<portal>/aanleveren/inloggen/eherkenning/terug.",
    )
    eherkenning_scopes: str = Field(default="openid", pattern=r"(^| )openid( |$)")
    eherkenning_acr_values: str = Field(
        default=EH3,
        description="The level of assurance asked of the broker (`acr_values`); intake checks "
        "the ID token's `acr` against its own LR_EHERKENNING_ACR_VALUES.",
    )

    @property
    def cookie_secure(self) -> bool:
        """Secure cookies everywhere but development (which runs on plain http://127.0.0.1)."""
        return self.environment != "development"

    @property
    def dev_signin_enabled(self) -> bool:
        return self.is_development and self.dev_idp_key_file is not None

    @property
    def boards_enabled(self) -> bool:
        return self.intake_url is not None

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id and self.oidc_redirect_url)

    @model_validator(mode="after")
    def _oidc_complete_and_required_in_production(self) -> Settings:
        given = (self.oidc_issuer, self.oidc_client_id, self.oidc_redirect_url)
        if any(given) and not all(given):
            raise ValueError("oidc_issuer, oidc_client_id and oidc_redirect_url go together")
        if self.is_development:
            return self
        if not self.oidc_enabled:
            raise ValueError("production needs DigiD: set the LR_OIDC_* settings")
        for name in ("oidc_issuer", "oidc_redirect_url"):
            if not str(getattr(self, name)).startswith("https://"):
                raise ValueError(f"{name} must be https:// in production")
        return self

    @property
    def eherkenning_enabled(self) -> bool:
        return bool(
            self.eherkenning_issuer and self.eherkenning_client_id and self.eherkenning_redirect_url
        )

    @model_validator(mode="after")
    def _eherkenning_complete_and_required_in_production(self) -> Settings:
        given = (self.eherkenning_issuer, self.eherkenning_client_id, self.eherkenning_redirect_url)
        if any(given) and not all(given):
            raise ValueError(
                "eherkenning_issuer, eherkenning_client_id and eherkenning_redirect_url go together"
            )
        if self.is_development or not self.boards_enabled:
            return self
        if not self.eherkenning_enabled:
            raise ValueError("production board pages need eHerkenning: set LR_EHERKENNING_*")
        for name in ("eherkenning_issuer", "eherkenning_redirect_url"):
            if not str(getattr(self, name)).startswith("https://"):
                raise ValueError(f"{name} must be https:// in production")
        return self

    @model_validator(mode="after")
    def _no_development_sign_in_in_production(self) -> Settings:
        development_only = (self.dev_idp_key_file, self.dev_test_data_file, self.dev_reference_dir)
        if not self.is_development and any(development_only):
            raise ValueError("the development sign-in is refused in production")
        return self
