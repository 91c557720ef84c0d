"""Intake's settings (environment variables with the LR_ prefix)."""

from __future__ import annotations

from pydantic import Field

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
    reference_check_seconds: float = Field(
        default=1.0,
        ge=0,
        description="How often deliveries look up whether the reference data was reloaded.",
    )
    publish_check_seconds: float = Field(
        default=0.2, gt=0, description="How often deliveries are checked for being published."
    )
