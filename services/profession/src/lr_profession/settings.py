"""The profession's settings (environment variables with the LR_ prefix)."""

from __future__ import annotations

from pydantic import Field, SecretStr

from lr_shared.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "profession"
    http_port: int = Field(default=8006, ge=1, le=65535)
    panel_size: int = Field(
        default=3, ge=3, le=15, description="Reviewers per panel: at least three."
    )
    reviewer_open_cap: int = Field(
        default=3, ge=1, le=50, description="Open reviews a teacher holds at most at a time."
    )
    review_stall_days: float = Field(
        default=14.0,
        gt=0,
        description="A review still open this long after its assignment is withdrawn and the "
        "request gets another reviewer.",
    )
    sweep_enabled: bool = True
    sweep_interval_seconds: float = Field(
        default=300.0, gt=0, description="How often the panel sweep runs in each replica."
    )
    sweep_batch_size: int = Field(
        default=200, ge=1, description="Requests one sweep looks at for reviewers, at most."
    )
    page_size_max: int = Field(default=100, ge=1, le=500)
    vote_roll_key: SecretStr = Field(
        min_length=32,
        description="The key of the voter roll's keyed hash (HMAC-SHA256 of vote and "
        "registration number): without it no roll entry names a teacher. Kept like the BSN "
        "hash key; changing it during an open vote would let a teacher vote twice.",
    )
    vote_invitation_batch_size: int = Field(
        default=2000,
        ge=1,
        le=50_000,
        description="Invitations to an open vote written to the outbox per transaction.",
    )
