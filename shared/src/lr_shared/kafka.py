"""Kafka clients: how they authenticate, the FastStream broker for consuming, a tuned idempotent
producer for publishing, and the dead-letter path."""

from __future__ import annotations

import logging
import os
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar, cast

from aiokafka import AIOKafkaProducer, ConsumerRecord
from aiokafka.helpers import create_ssl_context
from faststream.kafka import KafkaBroker
from faststream.kafka.opentelemetry import KafkaTelemetryMiddleware
from faststream.kafka.prometheus import KafkaPrometheusMiddleware
from faststream.security import SASLScram512
from opentelemetry.trace import TracerProvider
from prometheus_client import REGISTRY, Counter
from pydantic import BaseModel, SecretStr

from lr_shared.cloudevents import CloudEvent, EnvelopeError, decode

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)

DEAD_LETTERS = Counter("lr_dead_letters_total", "Messages sent to a dead-letter topic", ["topic"])


SecurityProtocol = Literal["PLAINTEXT", "SASL_SSL"]
SASL_MECHANISM = "SCRAM-SHA-512"


@dataclass(frozen=True)
class KafkaSecurity:
    """How a client proves who it is to the broker: SASL/SCRAM-SHA-512 over TLS, or PLAINTEXT
    for a development broker without authentication. Every Kafka client of the register (the
    services, the relay, tools, benches, test fixtures) is built with `client_options()`, so the
    choice is made in one place: the settings (`LR_KAFKA_*`)."""

    protocol: SecurityProtocol = "PLAINTEXT"
    username: str | None = None
    password: SecretStr | None = None
    ca_file: Path | None = None
    """The CA that signed the broker's certificate; none means the system's trust store."""

    def __post_init__(self) -> None:
        if self.protocol == "SASL_SSL" and not (self.username and self.password):
            raise ValueError("SASL_SSL needs a Kafka username and password")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> KafkaSecurity:
        """The `LR_KAFKA_*` variables that ServiceSettings reads, for tools and test fixtures."""
        env = os.environ if environ is None else environ
        protocol = env.get("LR_KAFKA_SECURITY_PROTOCOL") or "PLAINTEXT"
        if protocol not in ("PLAINTEXT", "SASL_SSL"):
            raise ValueError(
                f"LR_KAFKA_SECURITY_PROTOCOL must be PLAINTEXT or SASL_SSL: {protocol}"
            )
        password = env.get("LR_KAFKA_PASSWORD")
        ca_file = env.get("LR_KAFKA_CA_FILE")
        return cls(
            protocol=cast(SecurityProtocol, protocol),
            username=env.get("LR_KAFKA_USERNAME") or None,
            password=SecretStr(password) if password else None,
            ca_file=Path(ca_file) if ca_file else None,
        )

    def ssl_context(self) -> ssl.SSLContext:
        """Verifies the broker's certificate and host name (TLS 1.2 at least)."""
        context: ssl.SSLContext = create_ssl_context(cafile=self.ca_file)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        return context

    def client_options(self) -> dict[str, Any]:
        """Keyword arguments for any aiokafka client (producer, consumer, admin)."""
        if self.protocol == "PLAINTEXT":
            return {"security_protocol": "PLAINTEXT"}
        assert self.password is not None
        return {
            "security_protocol": "SASL_SSL",
            "sasl_mechanism": SASL_MECHANISM,
            "sasl_plain_username": self.username,
            "sasl_plain_password": self.password.get_secret_value(),
            "ssl_context": self.ssl_context(),
        }

    def faststream(self) -> SASLScram512 | None:
        """The same, for FastStream's `KafkaBroker(security=...)`."""
        if self.protocol == "PLAINTEXT":
            return None
        assert self.username is not None  # checked in __post_init__
        assert self.password is not None
        return SASLScram512(
            username=self.username,
            password=self.password.get_secret_value(),
            ssl_context=self.ssl_context(),
            use_ssl=True,
        )


def client_options(security: KafkaSecurity | None = None) -> dict[str, Any]:
    """`security`'s client options, or those of the `LR_KAFKA_*` environment variables."""
    return (security or KafkaSecurity.from_env()).client_options()


def create_broker(
    bootstrap_servers: str,
    *,
    service: str,
    tracer_provider: TracerProvider | None = None,
    security: KafkaSecurity | None = None,
) -> KafkaBroker:
    """The FastStream broker a service consumes with (publishing goes through the outbox relay).
    Without `security`, the `LR_KAFKA_*` environment's (tools and tests)."""
    return KafkaBroker(
        bootstrap_servers,
        security=(security or KafkaSecurity.from_env()).faststream(),
        client_id=f"lr-{service}",
        middlewares=[
            KafkaTelemetryMiddleware(tracer_provider=tracer_provider),
            KafkaPrometheusMiddleware(registry=REGISTRY, app_name=f"lr-{service}"),
        ],
        logger=logging.getLogger(f"lr.{service}.kafka"),
        # Per-batch "Received"/"Processed" lines at DEBUG: at INFO they drown the service log.
        log_level=logging.DEBUG,
        graceful_timeout=30.0,
    )


def create_producer(
    bootstrap_servers: str,
    *,
    client_id: str,
    transactional_id: str | None = None,
    security: KafkaSecurity | None = None,
) -> AIOKafkaProducer:
    """An idempotent producer (acks=all) batching for throughput: records of one partition
    travel together, and a retried send never duplicates or reorders them.

    Batches of up to 1,000,000 bytes (just under the broker's default message.max.bytes of
    1,048,588): aiokafka has one request in flight per broker, so bigger batches mean fewer
    round trips; the relay sent 300,000 messages in 3.96-4.34 s instead of 4.38-4.91 s with
    512 KiB (`shared/bench/bench_relay.py`, alternating runs)."""
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap_servers,
        client_id=client_id,
        enable_idempotence=True,
        acks="all",
        linger_ms=5,
        max_batch_size=1_000_000,
        max_request_size=8 * 1024 * 1024,
        request_timeout_ms=30_000,
        transactional_id=transactional_id,
        **client_options(security),
    )


@dataclass(frozen=True)
class Received(Generic[M]):
    """A decoded message with where it came from."""

    event: CloudEvent[M]
    record: ConsumerRecord


@dataclass(frozen=True)
class Rejected:
    """A message that cannot be processed, with the reason (no personal data in it)."""

    record: ConsumerRecord
    reason: str


def decode_records(
    records: Sequence[ConsumerRecord], model: type[M]
) -> tuple[list[Received[M]], list[Rejected]]:
    """Split a batch into valid events and messages for the dead-letter topic."""
    good: list[Received[M]] = []
    bad: list[Rejected] = []
    for record in records:
        try:
            good.append(Received(decode(record.value, record.headers, model), record))
        except EnvelopeError as exc:
            bad.append(Rejected(record, str(exc)))
    return good, bad


class DeadLetters:
    """Sends unprocessable messages to `<topic>.dlq`, unchanged, with the reason in headers."""

    def __init__(self, producer: AIOKafkaProducer, *, consumer: str) -> None:
        self._producer = producer
        self._consumer = consumer

    async def send(self, rejected: Sequence[Rejected]) -> None:
        futures = []
        for item in rejected:
            record = item.record
            headers = [
                *(record.headers or ()),
                ("dlq_reason", item.reason.encode()),
                ("dlq_source_topic", record.topic.encode()),
                ("dlq_source_partition", str(record.partition).encode()),
                ("dlq_source_offset", str(record.offset).encode()),
                ("dlq_consumer", self._consumer.encode()),
            ]
            futures.append(
                await self._producer.send(
                    f"{record.topic}.dlq", record.value, key=record.key, headers=headers
                )
            )
            DEAD_LETTERS.labels(record.topic).inc()
            log.warning(
                "message sent to dead-letter topic",
                extra={
                    "topic": record.topic,
                    "partition": record.partition,
                    "offset": record.offset,
                    "reason": item.reason,
                },
            )
        for future in futures:
            await future
