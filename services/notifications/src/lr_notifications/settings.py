"""Settings of the notifications service (environment variables with the LR_ prefix)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr, model_validator

from lr_shared.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "notifications"
    http_port: int = Field(default=8004, ge=1, le=65535)

    portal_base_url: str = Field(
        default="http://127.0.0.1:8005",
        description="The portal (LR_PORTAL_BASE_URL): every mail links to a page of it "
        "(adapters/templates.py LINK_PATHS).",
    )
    mail_from: str = "Lerarenregister <noreply@lerarenregister.nl>"
    message_id_domain: str = "lerarenregister.nl"

    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=1025, ge=1, le=65535)
    smtp_security: Literal["none", "starttls", "tls"] = "none"
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_timeout_seconds: float = Field(default=30.0, gt=0)
    smtp_pool_size: int = Field(default=8, ge=1, le=100)
    smtp_rate_limit: float = Field(
        default=0.0, ge=0, description="Mails per second per replica; 0 means unlimited."
    )

    send_batch_size: int = Field(default=200, ge=1, le=5000)
    send_lease_seconds: float = Field(
        default=300.0, gt=0, description="How long a claimed mail is ours before others retry it."
    )
    send_poll_seconds: float = Field(default=1.0, gt=0)
    retry_base_seconds: float = Field(default=30.0, gt=0)
    retry_max_seconds: float = Field(default=3600.0, gt=0)
    retry_max_attempts: int = Field(default=12, ge=1)
    notifications_retention_days: int = Field(
        default=365,
        ge=60,
        description="Days a notification with a final outcome (sent, failed, no address, "
        "cancelled) and its recipient are kept (docs/privacy.md). At least 60: longer than the "
        "inbox remembers an event (45 days), so a redelivered event can never mail twice.",
    )

    @model_validator(mode="after")
    def _safe_in_production(self) -> Settings:
        if self.is_development:
            return self
        if not self.portal_base_url.startswith("https://"):
            raise ValueError("portal_base_url must be https outside development")
        if self.smtp_username and self.smtp_security == "none":
            raise ValueError("SMTP credentials must not travel without TLS")
        return self
