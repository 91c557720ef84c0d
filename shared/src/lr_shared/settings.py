"""The settings base every service extends: typed, read from the environment, failing fast.

Required values (DSNs, secrets) have no defaults. Development placeholders (values that start
with `dev-` or contain `changeme`) are refused outside development, so a production deployment
cannot start on a development secret by accident.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from lr_shared import failpoints

OUTBOX_BATCH_SIZE = 10_000
"""Records per relay pass (a bundle counts its records): 10,000 relayed 300,000 messages fastest
(84,000-87,000/s against 68,000-69,000 with 2,500 and 75,000 with 20,000;
`shared/bench/bench_relay.py --batch N`), at ~10 MB a pass with two passes in hand (one being
sent, the next read)."""

OUTBOX_POLL_SECONDS = 2.0
"""The relay's safety-net poll: a commit to the outbox notifies the relay at once."""

Environment = Literal["development", "test", "production"]
TraceExporter = Literal["none", "console", "file", "otlp"]

_PLACEHOLDER_MARKERS = ("dev-", "changeme")


class ProcessSettings(BaseSettings):
    """What every service process has, with or without Kafka (the portal has none).
    Environment variables carry the `LR_` prefix."""

    model_config = SettingsConfigDict(env_prefix="LR_", extra="ignore", frozen=True)

    environment: Environment = "development"
    service_name: str
    database_url: str = Field(pattern=r"^postgresql\+asyncpg://")
    http_host: str = "127.0.0.1"
    http_port: int = Field(ge=1, le=65535)
    log_level: str = "INFO"
    otel_exporter: TraceExporter = "none"
    otel_endpoint: str | None = None
    otel_file: str = "var/traces/{service}.jsonl"
    db_pool_size: int = Field(default=10, ge=1)
    db_pool_timeout_seconds: float = Field(
        default=10.0,
        gt=0,
        description="How long a request waits for a free database connection before it is "
        "answered 503 (pool exhausted).",
    )
    db_connect_timeout_seconds: float = Field(
        default=10.0,
        gt=0,
        description="How long opening a database connection may take (an unreachable "
        "database is a 503 after this, not a minute later).",
    )

    failpoints: str = Field(
        default="",
        description="Crash tests only: `name[:n],...` from lr_shared.failpoints.POINTS; the "
        "process exits at once at the n-th hit. Refused in production.",
    )

    @property
    def is_development(self) -> bool:
        return self.environment != "production"

    @model_validator(mode="after")
    def _no_placeholders_in_production(self) -> ProcessSettings:
        if self.is_development:
            failpoints.parse(self.failpoints)
            return self
        if self.failpoints:
            raise ValueError("failpoints are for crash tests and refused in production")
        for name, value in self:
            if isinstance(value, SecretStr):
                secret = value.get_secret_value()
                if any(marker in secret for marker in _PLACEHOLDER_MARKERS):
                    raise ValueError(f"{name} holds a development placeholder")
        return self


class ServiceSettings(ProcessSettings):
    """Settings of the services on Kafka: broker, topics, the outbox relay and bearer tokens."""

    kafka_bootstrap_servers: str
    topic_suffix: str = Field(
        default="",
        description="Appended to every topic name; tests use it to give each run its own topics.",
    )
    jwks_file: Path
    outbox_batch_size: int = Field(
        default=OUTBOX_BATCH_SIZE,
        ge=1,
        description="Records per relay pass (a bundle counts its records).",
    )
    outbox_poll_seconds: float = Field(
        default=OUTBOX_POLL_SECONDS,
        gt=0,
        description="The relay's safety-net poll; a commit to the outbox wakes it at once.",
    )

    def topic(self, name: str) -> str:
        """The physical topic name for a catalogue topic name."""
        return f"{name}{self.topic_suffix}"

    def dead_letter_topic(self, name: str) -> str:
        """Where unprocessable messages of a catalogue topic go: `<physical topic>.dlq`."""
        return f"{self.topic(name)}.dlq"


class BsnSettings(ServiceSettings):
    """Settings of services that handle BSNs: the keyed-hash key and the encryption key."""

    bsn_hash_key: SecretStr = Field(min_length=16)
    bsn_encryption_key: SecretStr

    @field_validator("bsn_encryption_key")
    @classmethod
    def _encryption_key_is_32_bytes(cls, value: SecretStr) -> SecretStr:
        raw = base64.b64decode(value.get_secret_value(), validate=True)
        if len(raw) != 32:
            raise ValueError("bsn_encryption_key must be 32 bytes, base64-encoded")
        return value
