"""Kafka clients: the FastStream broker for consuming, a tuned idempotent producer for publishing,
and the dead-letter path."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from aiokafka import AIOKafkaProducer, ConsumerRecord
from faststream.kafka import KafkaBroker
from faststream.kafka.opentelemetry import KafkaTelemetryMiddleware
from faststream.kafka.prometheus import KafkaPrometheusMiddleware
from opentelemetry.trace import TracerProvider
from prometheus_client import REGISTRY, Counter
from pydantic import BaseModel

from lr_shared.cloudevents import CloudEvent, EnvelopeError, decode

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)

DEAD_LETTERS = Counter("lr_dead_letters_total", "Messages sent to a dead-letter topic", ["topic"])


def create_broker(
    bootstrap_servers: str,
    *,
    service: str,
    tracer_provider: TracerProvider | None = None,
) -> KafkaBroker:
    """The FastStream broker a service consumes with (publishing goes through the outbox relay)."""
    return KafkaBroker(
        bootstrap_servers,
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
    bootstrap_servers: str, *, client_id: str, transactional_id: str | None = None
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
