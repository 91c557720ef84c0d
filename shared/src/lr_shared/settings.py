"""The settings base every service extends: typed, read from the environment, failing fast.

Required values (DSNs, secrets) have no defaults. Development placeholders (values that start
with `dev-` or contain `changeme`) are refused outside development, so a production deployment
cannot start on a development secret by accident.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, IPvAnyNetwork, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from lr_shared import failpoints
from lr_shared.auth import DEV_IDP_ISSUER, TokenKind, TokenRule, development_rules
from lr_shared.kafka import KafkaSecurity, SecurityProtocol

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


def _is_placeholder(secret: str) -> bool:
    return any(marker in secret for marker in _PLACEHOLDER_MARKERS)


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
    trusted_proxies: Annotated[tuple[IPvAnyNetwork, ...], NoDecode] = Field(
        default=(),
        description="Addresses and networks (comma-separated, e.g. `10.0.0.5,10.1.0.0/16`) "
        "of the reverse proxies in front of this service: only a request from one of them has "
        "its client address (the rate limit's key) taken from `X-Forwarded-For`, the right-most "
        "address there that is not itself a trusted proxy. Empty: no header is trusted.",
    )

    @property
    def is_development(self) -> bool:
        return self.environment != "production"

    @property
    def behind_tls(self) -> bool:
        """Every environment but development is served over https:// (HSTS, secure cookies)."""
        return self.environment != "development"

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @model_validator(mode="after")
    def _no_placeholders_in_production(self) -> ProcessSettings:
        if self.is_development:
            failpoints.parse(self.failpoints)
            return self
        if self.failpoints:
            raise ValueError("failpoints are for crash tests and refused in production")
        if _is_placeholder(urlsplit(self.database_url).password or ""):
            raise ValueError("database_url holds a development placeholder password")
        for name, value in self:
            if isinstance(value, SecretStr) and _is_placeholder(value.get_secret_value()):
                raise ValueError(f"{name} holds a development placeholder")
        return self


class ServiceSettings(ProcessSettings):
    """Settings of the services on Kafka: broker, topics, the outbox relay and bearer tokens."""

    kafka_bootstrap_servers: str
    kafka_security_protocol: SecurityProtocol = Field(
        default="PLAINTEXT",
        description="SASL_SSL (SCRAM-SHA-512 over TLS) wherever the broker is secured; "
        "PLAINTEXT only for a development broker without authentication, refused in production.",
    )
    kafka_username: str | None = Field(
        default=None, description="The service's own SCRAM principal, e.g. `lr-registry`."
    )
    kafka_password: SecretStr | None = None
    kafka_ca_file: Path | None = Field(
        default=None,
        description="The CA certificate (PEM) that signed the broker's; none: the system's.",
    )
    topic_suffix: str = Field(
        default="",
        description="Appended to every topic name; tests use it to give each run its own topics.",
    )
    jwks_file: Path | None = Field(
        default=None,
        description="The public keys of our own tokens' issuers (a JWKS document: the "
        "development IdP, the registry, intake). This or LR_JWKS_URL.",
    )
    jwks_url: str | None = Field(
        default=None,
        pattern=r"^https?://",
        description="Where that JWKS document is published (https:// in production): fetched "
        "when first needed, again for a token naming an unknown key (a rotated key counts "
        "without a restart; at most once a minute) and when ten minutes old.",
    )
    token_rules: dict[TokenKind, TokenRule] | None = Field(
        default=None,
        description="Per kind of token, the issuers that may sign it and the audience it must "
        'name, as JSON: {"register": {"issuers": ["urn:nl:lerarenregister:registry"], '
        '"audience": "lerarenregister"}, ...}. A kind not named is refused. Without it, '
        "development's (lr_shared.auth.development_rules); required in production, where "
        "the development IdP's issuer and the `identity` kind (DigiD's ID tokens, configured "
        "apart) are refused.",
    )
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
    purge_interval_seconds: float = Field(
        default=3600.0,
        gt=0,
        description="How often the retention purges run (lr_shared.retention; docs/privacy.md).",
    )
    purge_batch_size: int = Field(
        default=1000,
        ge=1,
        le=50_000,
        description="Rows one purge transaction removes at most (short locks, small WAL bursts).",
    )

    @property
    def kafka_security(self) -> KafkaSecurity:
        return KafkaSecurity(
            self.kafka_security_protocol,
            self.kafka_username,
            self.kafka_password,
            self.kafka_ca_file,
        )

    @model_validator(mode="after")
    def _kafka_is_secured(self) -> ServiceSettings:
        self.kafka_security  # noqa: B018 - fails on SASL_SSL without credentials
        if not self.is_development and self.kafka_security_protocol != "SASL_SSL":
            raise ValueError("production connects to Kafka with SASL_SSL only")
        return self

    @property
    def tokens(self) -> dict[TokenKind, TokenRule]:
        """The issuers and audience of each kind of token this service accepts."""
        return dict(self.token_rules) if self.token_rules is not None else development_rules()

    @model_validator(mode="after")
    def _identity_settings_fit_the_environment(self) -> ServiceSettings:
        check_identity_settings(self)
        return self
        if self.token_rules is None:
            raise ValueError("production needs LR_TOKEN_RULES (issuers and audience per kind)")
        if any(DEV_IDP_ISSUER in rule.issuers for rule in self.token_rules.values()):
            raise ValueError("the development IdP's issuer is refused in production")
        if "identity" in self.token_rules:
            raise ValueError("production takes identities from the OpenID provider only")
        if self.jwks_url is not None and not self.jwks_url.startswith("https://"):
            raise ValueError("jwks_url must be https:// in production")
        return self

    def topic(self, name: str) -> str:
        """The physical topic name for a catalogue topic name."""
        return f"{name}{self.topic_suffix}"

    def dead_letter_topic(self, name: str) -> str:
        """Where unprocessable messages of a catalogue topic go: `<physical topic>.dlq`."""
        return f"{self.topic(name)}.dlq"


def check_identity_settings(settings: ServiceSettings) -> None:
    """The key set and token rules fit the environment (docs/security.md, "Identity
    settings"); ValueError when not."""
    if (settings.jwks_file is None) == (settings.jwks_url is None):
        raise ValueError("set one of jwks_file and jwks_url")
    for kind, rule in (settings.token_rules or {}).items():
        if kind == "organisation":
            raise ValueError("organisation tokens are the eHerkenning broker's (intake's)")
        if not rule.issuers or not rule.audience:
            raise ValueError(f"token_rules[{kind}] needs issuers and an audience")
    if settings.is_development:
        return
    if settings.token_rules is None:
        raise ValueError("production needs LR_TOKEN_RULES (issuers and audience per kind)")
    if any(DEV_IDP_ISSUER in rule.issuers for rule in settings.token_rules.values()):
        raise ValueError("the development IdP's issuer is refused in production")
    if "identity" in settings.token_rules:
        raise ValueError("production takes identities from the OpenID provider only")
    if settings.jwks_url is not None and not settings.jwks_url.startswith("https://"):
        raise ValueError("jwks_url must be https:// in production")


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
