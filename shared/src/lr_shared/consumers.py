"""Subscribing the way every service does: batches, at-least-once, poison messages to the DLQ.

`subscribe` wires a handler to a topic so that subscribers stay thin:
- records are decoded into CloudEvents; those that are not valid go to `<topic>.dlq` with the
  reason, and the batch goes on without them;
- on a topic outsiders write to, `signed_by` names the token kind its records must carry
  (`lr_shared.signed`): a record without a valid one goes to the DLQ the same way (without its
  token), and each event reaches the handler with its `sender`, the token's principal;
- offsets are committed only after the handler returns (AckPolicy.NACK_ON_ERROR): when it raises
  (database or broker unavailable), the batch is retried after a pause, never skipped;
- handlers de-duplicate by `ce_id` with the inbox in their own transaction, so a retried batch
  changes nothing twice;
- on compacted topics a record without value is a tombstone and reaches the handler as one;
- the batch is handed over in runs of consecutive records that share a trace (`traceparent`),
  each run inside a span that continues that trace, so that what the handler writes to its
  outbox carries the trace on: one trace follows a delivery across services, batching or not.
  Runs keep the records' order; each run is its own call, hence its own transaction. A batch
  mixing more than MAX_TRACE_RUNS runs is handled whole (throughput first).
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from aiokafka import ConsumerRecord
from faststream import AckPolicy
from faststream.kafka.annotations import KafkaMessage
from opentelemetry import propagate, trace
from pydantic import BaseModel

from lr_shared import failpoints
from lr_shared.auth import InvalidTokenError, Principal, TokenKind, TokenVerifier
from lr_shared.cloudevents import CloudEvent, EnvelopeError, decode
from lr_shared.contracts.topics import Topic
from lr_shared.kafka import Rejected
from lr_shared.signed import bearer_token, rejection_reason, without_token

if TYPE_CHECKING:
    from lr_shared.runtime import Platform

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)

RETRY_PAUSE_SECONDS = 2.0
MAX_TRACE_RUNS = 8

_tracer = trace.get_tracer(__name__)


@dataclass(frozen=True)
class Event(Generic[M]):
    """A valid event and the record it came in."""

    event: CloudEvent[M]
    record: ConsumerRecord
    sender: Principal | None = None
    """Who sent it, by the token it carried; set on a `signed_by` subscription only."""

    @property
    def id(self) -> str:
        return self.event.id

    @property
    def data(self) -> M:
        return self.event.data

    @property
    def traceparent(self) -> str | None:
        return self.event.traceparent


@dataclass(frozen=True)
class Tombstone:
    """A deletion on a compacted topic."""

    key: str
    record: ConsumerRecord

    @property
    def id(self) -> str:
        # A tombstone has no ce_id; its position identifies it.
        return f"tombstone:{self.record.topic}:{self.record.partition}:{self.record.offset}"

    @property
    def traceparent(self) -> str | None:
        return None


Item = Event[M] | Tombstone
Handler = Callable[[Sequence[Event[M] | Tombstone]], Awaitable[None]]


@dataclass(frozen=True)
class Signed:
    """A subscription's senders: the token kinds accepted, and the verifier that checks them."""

    kinds: frozenset[TokenKind]
    verifier: TokenVerifier


def split(
    records: Sequence[ConsumerRecord],
    model: type[M],
    *,
    tombstones: bool,
    signed: Signed | None = None,
    verified: dict[str, Principal | InvalidTokenError] | None = None,
) -> tuple[list[Event[M] | Tombstone], list[Rejected]]:
    """Decode a batch, keeping record order; what cannot be decoded, or (`signed`) carries no
    valid token, is set apart. `verified` holds the batch's tokens checked already
    (`verify_senders`, which fetches a rotated key set); others are checked with the keys in
    hand."""
    items: list[Event[M] | Tombstone] = []
    rejected: list[Rejected] = []
    senders = _Senders(signed, verified) if signed is not None else None
    for record in records:
        if record.value is None and tombstones and record.key is not None:
            items.append(Tombstone(record.key.decode(), record))
            continue
        try:
            sender = senders.of(record) if senders is not None else None
            items.append(Event(decode(record.value, record.headers, model), record, sender))
        except InvalidTokenError as exc:
            rejected.append(Rejected(without_token(record), rejection_reason(exc)))
        except EnvelopeError as exc:
            rejected.append(Rejected(without_token(record), str(exc)))
    return items, rejected


class _Senders:
    """The batch's tokens verified once each: a sender signs its records of a batch with one
    token, and a signature check per record (~0.1 ms) would cost a bulk consumer its rate. The
    cache lives for one batch, so an expiry is seen by the next."""

    def __init__(
        self, signed: Signed, known: dict[str, Principal | InvalidTokenError] | None = None
    ) -> None:
        self._signed = signed
        self._known: dict[str, Principal | InvalidTokenError] = dict(known or {})

    def of(self, record: ConsumerRecord) -> Principal:
        token = bearer_token(record.headers)
        found = self._known.get(token)
        if found is None:
            try:
                found = self._signed.verifier.verify(token, kinds=set(self._signed.kinds))
            except InvalidTokenError as exc:
                found = exc
            self._known[token] = found
        if isinstance(found, InvalidTokenError):
            raise found
        return found


async def verify_senders(
    records: Sequence[ConsumerRecord], signed: Signed
) -> dict[str, Principal | InvalidTokenError]:
    """Each distinct token of a batch verified once, with the key set fetched where due (a key
    rotated at the issuer counts without a restart). An issuer whose keys cannot be fetched
    raises `KeySetUnavailableError`: the batch is retried, its records are not dead letters."""
    known: dict[str, Principal | InvalidTokenError] = {}
    for record in records:
        try:
            token = bearer_token(record.headers)
        except InvalidTokenError:
            continue  # `split` sends it to the dead-letter topic with the reason
        if token not in known:
            try:
                known[token] = await signed.verifier.verify_async(token, kinds=set(signed.kinds))
            except InvalidTokenError as exc:
                known[token] = exc
    return known


async def _undecoded(message: KafkaMessage) -> None:
    """Skip FastStream's JSON decoding: `split` decodes each record itself, so that one bad
    record goes to the DLQ instead of failing its whole batch."""
    return


async def _parse_lean(
    records: tuple[ConsumerRecord, ...],
    original: Callable[[tuple[ConsumerRecord, ...]], Awaitable[KafkaMessage]],
) -> KafkaMessage:
    """FastStream's batch parser turns every record's headers into a dict, and its telemetry
    middleware then reads baggage from each: 7 % of a bulk batch's CPU, for headers `split`
    reads again itself. FastStream parses the first record only (its middlewares take the
    batch's trace and baggage from it); the message carries the whole batch."""
    message = await original(records[:1])
    message.raw_message = records
    message.body = [record.value or b"" for record in records]
    return message


BULK_FETCH_BYTES = 8 * 1024 * 1024
"""Fetched ahead per partition by the bulk consumers (appointments, attendance): Kafka's 1 MiB
holds ~1,400 appointments, too few to fill a batch of 5,000. Not the default: with 8 MiB on
every partition, notifications took 321 MiB catching up with a backlog of 500,000 records."""


def subscribe(
    platform: Platform,
    topic: Topic,
    *,
    group: str,
    handler: Handler[M],
    model: type[M],
    max_records: int = 500,
    tombstones: bool = False,
    max_partition_fetch_bytes: int = 1024 * 1024,
    consumers: int = 1,
    signed_by: TokenKind | None = None,
) -> None:
    """Consume `topic` in batches with `handler`, as group `group` of this service.

    `signed_by`: every record must carry a valid token of this kind (`lr_shared.signed`),
    verified by the platform's verifier; the handler gets each event's `sender`.

    `max_partition_fetch_bytes` bounds what is fetched ahead per assigned partition, and so the
    consumer's memory with a backlog: a bulk consumer whose batches hold thousands of records
    raises it (`BULK_FETCH_BYTES`).

    `consumers` > 1 runs that many consumers of the group in this process, each with its share of
    the partitions and its own transaction, so that one's database wait is another's CPU time.
    They heartbeat every 0.5 s instead of 3 s: a member joining or leaving makes the others
    rejoin, and they only learn of it by heartbeat (a process's start waits for that)."""
    signed = Signed(frozenset({signed_by}), platform.verifier) if signed_by is not None else None
    for _ in range(consumers):
        _subscribe_one(
            platform,
            topic,
            group,
            handler,
            model,
            max_records=max_records,
            tombstones=tombstones,
            signed=signed,
            max_partition_fetch_bytes=max_partition_fetch_bytes,
            heartbeat_interval_ms=500 if consumers > 1 else 3000,
        )


def _subscribe_one(
    platform: Platform,
    topic: Topic,
    group: str,
    handler: Handler[M],
    model: type[M],
    *,
    max_records: int,
    tombstones: bool,
    signed: Signed | None,
    max_partition_fetch_bytes: int,
    heartbeat_interval_ms: int,
) -> None:
    settings = platform.settings

    @platform.broker.subscriber(
        settings.topic(topic.name),
        group_id=platform.group(group),
        batch=True,
        max_records=max_records,
        max_partition_fetch_bytes=max_partition_fetch_bytes,
        heartbeat_interval_ms=heartbeat_interval_ms,
        batch_timeout_ms=100,
        auto_offset_reset="earliest",
        isolation_level="read_committed",
        ack_policy=AckPolicy.NACK_ON_ERROR,
        parser=_parse_lean,
        decoder=_undecoded,
        title=f"{settings.service_name}:{group}",
        description=topic.description,
    )
    async def consume(message: KafkaMessage) -> None:
        raw = message.raw_message
        records: tuple[ConsumerRecord, ...] = raw if isinstance(raw, tuple) else (raw,)
        verified = await verify_senders(records, signed) if signed is not None else None
        items, rejected = split(
            records, model, tombstones=tombstones, signed=signed, verified=verified
        )
        if rejected:
            await platform.dead_letters.send(rejected)
        if not items:
            return
        try:
            for traceparent, run in _runs(items):
                await _handle_in_trace(handler, run, traceparent, topic.name)
        except Exception:
            log.exception("batch failed; it will be retried", extra={"topic": topic.name})
            await asyncio.sleep(RETRY_PAUSE_SECONDS)
            raise
        failpoints.hit("consumer.before-offset-commit")
        platform.relay.nudge()


def _runs(items: list[Event[M] | Tombstone]) -> list[tuple[str | None, list[Event[M] | Tombstone]]]:
    """Consecutive items of one trace; the whole batch as one run when traces are too mixed for
    runs to pay (then the batch is handled in one transaction, in a trace of its own)."""
    runs = [(tp, list(run)) for tp, run in itertools.groupby(items, key=lambda i: i.traceparent)]
    return runs if len(runs) <= MAX_TRACE_RUNS else [(None, items)]


async def _handle_in_trace(
    handler: Handler[M], items: list[Event[M] | Tombstone], traceparent: str | None, topic: str
) -> None:
    parent = propagate.extract({"traceparent": traceparent}) if traceparent else None
    with _tracer.start_as_current_span(
        f"{topic} process",
        context=parent,
        kind=trace.SpanKind.CONSUMER,
        attributes={
            "messaging.destination.name": topic,
            "messaging.batch.message_count": len(items),
        },
    ):
        await handler(items)
