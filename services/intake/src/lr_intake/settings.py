"""Intake's settings (environment variables with the LR_ prefix)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, model_validator

from lr_intake.domain.organisations import INTERMEDIARY_CLAIM, LEGAL_SUBJECT_CLAIM
from lr_shared.auth import EH3_OR_HIGHER, INTAKE_ISSUER
from lr_shared.settings import BsnSettings


class Settings(BsnSettings):
    service_name: str = "intake"
    http_port: int = Field(default=8001, ge=1, le=65535)
    chunk_rows: int = Field(
        default=5000, ge=1, description="Rows checked and written per round of a delivery."
    )
    compiled_row_checks: bool = Field(
        default=True,
        description="Check ordinary rows with the compiled checks (lr_intake_native); false "
        "checks every row with the Python rules they are held equal to (~6x the CPU).",
    )
    max_upload_mb: int = Field(default=512, ge=1, description="Largest accepted delivery file.")
    deliveries_retention_days: int = Field(
        default=400,
        ge=31,
        description="Days a finished delivery (its feedback, per-row issues and the appointments "
        "it no longer held) is kept after it was completed: one yearly delivery round and a "
        "month to compare with the next (docs/privacy.md). At least 31: longer than the "
        "delivery-reports topic keeps a report.",
    )
    correction_requests_retention_days: int = Field(
        default=365,
        ge=31,
        description="Days a correction request is kept once the board answered it or a "
        "redelivery resolved it (docs/privacy.md). Open requests are kept.",
    )
    reference_check_seconds: float = Field(
        default=1.0,
        ge=0,
        description="How often deliveries look up whether the reference data was reloaded.",
    )
    publish_check_seconds: float = Field(
        default=0.2, gt=0, description="How often deliveries are checked for being published."
    )
    # The board-token exchange (POST /v1/board-token, entrypoints/http_board_token.py): the
    # eHerkenning broker's ID tokens in, board tokens signed with intake's key out. All four
    # or none (the broker's keys from a file or its JWKS URL); required in production, where it
    # is the only source of board tokens.
    eherkenning_issuer: str | None = Field(
        default=None,
        pattern=r"^https?://",
        description="eHerkenning through OpenID Connect: the broker whose ID tokens "
        "POST /v1/board-token accepts (and nothing else does).",
    )
    eherkenning_audience: str | None = Field(
        default=None, description="The audience those ID tokens name: the portal's client id."
    )
    eherkenning_jwks_file: Path | None = Field(
        default=None,
        description="The broker's public keys (its JWKS document); they verify its ID tokens "
        "and nothing else.",
    )
    eherkenning_jwks_url: str | None = Field(
        default=None,
        pattern=r"^https?://",
        description="Instead of the file: the broker's JWKS URL (its discovery's `jwks_uri`), "
        "fetched again when it rotates its keys (lr_shared.auth.RemoteKeySet).",
    )
    board_signing_key_file: Path | None = Field(
        default=None,
        description="Ed25519 PEM key intake signs board tokens with (kid intake-1); its public "
        "key is in every service's LR_JWKS_FILE.",
    )
    board_token_minutes: int = Field(
        default=60, ge=1, le=24 * 60, description="How long a board token from the exchange lasts."
    )
    eherkenning_acr_values: list[str] = Field(
        default=list(EH3_OR_HIGHER),
        description="The levels of assurance an ID token's `acr` may name (eHerkenning EH3 or "
        "higher: the register holds personal data). Empty accepts any: tests only.",
    )
    eherkenning_legal_subject_claim: str = Field(
        default=LEGAL_SUBJECT_CLAIM,
        min_length=1,
        description="The ID token claim with the KvK number of the organisation acted for.",
    )
    eherkenning_intermediary_claim: str = Field(
        default=INTERMEDIARY_CLAIM,
        min_length=1,
        description="The claim with the KvK number of the intermediary (a payroll bureau) in a "
        "ketenmachtiging.",
    )

    @property
    def board_token_exchange(self) -> bool:
        return self.eherkenning_issuer is not None

    @model_validator(mode="after")
    def _exchange_complete_and_required_in_production(self) -> Settings:
        values = (
            self.eherkenning_issuer,
            self.eherkenning_audience,
            self.eherkenning_jwks_file or self.eherkenning_jwks_url,
            self.board_signing_key_file,
        )
        if any(v is not None for v in values) and not all(v is not None for v in values):
            raise ValueError(
                "eherkenning_issuer, eherkenning_audience, eherkenning_jwks_file (or _url) and "
                "board_signing_key_file go together"
            )
        if self.eherkenning_jwks_file is not None and self.eherkenning_jwks_url is not None:
            raise ValueError("eherkenning_jwks_file or eherkenning_jwks_url, not both")
        board = self.tokens.get("board")
        if self.board_token_exchange and (board is None or INTAKE_ISSUER not in board.issuers):
            raise ValueError("token_rules must trust intake's board tokens (its exchange's)")
        if not self.is_development:
            if self.eherkenning_issuer is None:
                raise ValueError("production needs eHerkenning: set the LR_EHERKENNING_* settings")
            for name in ("eherkenning_issuer", "eherkenning_jwks_url"):
                if not str(getattr(self, name) or "https://").startswith("https://"):
                    raise ValueError(f"{name} must be https:// in production")
            if not self.eherkenning_acr_values:
                raise ValueError("production needs a level of assurance: LR_EHERKENNING_ACR_VALUES")
        return self
