"""Settings of the portfolio (environment variables with the `LR_` prefix)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, Field

from lr_shared.settings import ServiceSettings


class NormSetting(BaseModel):
    total_hours: Decimal = Field(gt=0)
    core_hours: Decimal = Field(ge=0)


class Settings(ServiceSettings):
    service_name: str = "portfolio"
    http_port: int = Field(default=8003, ge=1, le=65535)
    evidence_max_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    norm_total_hours: Decimal = Field(default=Decimal(160), gt=0)
    norm_core_hours: Decimal = Field(default=Decimal(100), ge=0)
    norms_by_sector: dict[str, NormSetting] = Field(
        default_factory=dict,
        description='Per-sector norm, JSON: {"MBO": {"total_hours": 160, "core_hours": 100}}.',
    )
    share_max_days: int = Field(default=90, ge=1, le=366)
    share_openings_retention_days: int = Field(
        default=730,
        ge=31,
        description="Days the record of an opened share link is kept for the teacher's list of "
        "who looked at her data (docs/privacy.md, 'Who looked at my data').",
    )
    public_base_url: str = Field(
        default="http://127.0.0.1:8003", description="Where share links point to."
    )
    attendance_batch_size: int = Field(default=5000, ge=1, le=20000)
    attendance_consumers: int = Field(default=2, ge=1, le=8)
