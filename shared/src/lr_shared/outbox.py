"""The transactional outbox: messages are written in the same transaction as the change that
causes them, and a relay publishes them to Kafka afterwards.

No dual writes: a crash after the commit and before the publish loses nothing (the relay sends the
row at its next pass); a crash after the publish and before the row is deleted sends it twice, with
the same `ce_id`, which consumers drop in their inbox.

One relay per service publishes at a time (a PostgreSQL advisory lock elects it), reading rows in
id order, so the messages of one key reach their partition in the order they were written, however
many replicas run.

Every insert into the outbox notifies `NOTIFY_CHANNEL` (a statement trigger, delivered at commit),
which wakes the relay of whichever replica leads; its timed poll is only the safety net. A poll
that finds nothing is not free: it walks the index entries of rows still being written by open
transactions (a national-sized upload holds hundreds of thousands of them).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter as Counter_
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

import orjson
from aiokafka import AIOKafkaProducer
from prometheus_client import Counter, Gauge
from pydantic import BaseModel
from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Identity,
    LargeBinary,
    MetaData,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSON
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from lr_shared.cloudevents import CloudEvent, encode
from lr_shared.partitioner import partition_for
from lr_shared.telemetry import current_trace_headers

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)

PUBLISHED = Counter("lr_outbox_published_total", "Messages relayed from the outbox", ["topic"])
PENDING = Gauge("lr_outbox_pending", "Messages waiting in the outbox (approximate)")


def outbox_table(metadata: MetaData) -> Table:
    return Table(
        "outbox",
        metadata,
        Column("id", BigInteger, Identity(always=False), primary_key=True),
        Column("topic", Text, nullable=False),
        Column("key", LargeBinary, nullable=False),
        Column("value", LargeBinary, nullable=True),  # null: a tombstone on a compacted topic
        Column("headers", JSON, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    )


@dataclass(frozen=True)
class OutboxMessage:
    """A Kafka record waiting to be published."""

    topic: str
    key: bytes
    value: bytes | None
    headers: list[tuple[str, bytes]]

    @classmethod
    def event(cls, topic: str, key: str, event: CloudEvent[M]) -> OutboxMessage:
        """An event, stamped with the current trace so the trace continues downstream."""
        if event.traceparent is None:
            trace = current_trace_headers()
            event = CloudEvent(
                type=event.type,
                source=event.source,
                data=event.data,
                subject=event.subject,
                id=event.id,
                time=event.time,
                traceparent=trace.get("traceparent"),
                tracestate=trace.get("tracestate"),
            )
        value, headers = encode(event)
        return cls(topic, key.encode(), value, headers)

    @classmethod
    def tombstone(cls, topic: str, key: str) -> OutboxMessage:
        return cls(topic, key.encode(), None, [])

    def outbox_row(self) -> OutboxRow:
        headers = orjson.dumps([[name, value.decode()] for name, value in self.headers])
        return OutboxRow(self.topic, self.key, self.value, headers.decode())


class OutboxRow(NamedTuple):
    """An outbox row as stored: the record with its headers as JSON text (a list of
    [name, value] pairs). Hot paths may build these directly instead of an OutboxMessage."""

    topic: str
    key: bytes
    value: bytes | None
    headers: str

    def record_headers(self) -> list[tuple[str, bytes]]:
        """The headers as the relay sends them."""
        return [(name, value.encode()) for name, value in orjson.loads(self.headers)]


NOTIFY_CHANNEL = "lr_outbox"
"""Notified by each service's outbox trigger (`lr_shared.outbox_migrations`) on every insert."""

_SELECT_BATCH = (
    "select id, topic, key, value, headers::text as headers from outbox "
    "order by id limit $1 for update skip locked"
)
_DELETE_BATCH = "delete from outbox where id = any($1::bigint[])"

_INSERT = text(
    "insert into outbox (topic, key, value, headers) "
    "values (:topic, :key, :value, cast(:headers as json))"
)


async def add(session: AsyncSession, messages: Sequence[OutboxMessage | OutboxRow]) -> None:
    """Write messages to the outbox in the session's transaction."""
    if not messages:
        return
    await session.execute(_INSERT, [row._asdict() for row in _rows(messages)])


async def copy_into_outbox(
    connection: object, messages: Sequence[OutboxMessage | OutboxRow]
) -> None:
    """Bulk variant for hot paths: COPY on the transaction's raw asyncpg connection.

    `connection` is the asyncpg connection behind a SQLAlchemy connection
    (`(await conn.get_raw_connection()).driver_connection`).
    """
    await connection.copy_records_to_table(  # type: ignore[attr-defined]
        "outbox", records=_rows(messages), columns=["topic", "key", "value", "headers"]
    )


def _rows(messages: Sequence[OutboxMessage | OutboxRow]) -> list[OutboxRow]:
    """Outbox rows as stored; hot paths hand ready rows, others messages."""
    return [m if isinstance(m, OutboxRow) else m.outbox_row() for m in messages]


class OutboxRelay:
    """Publishes outbox rows to Kafka in id order, then deletes them."""

    def __init__(
        self,
        engine: AsyncEngine,
        producer: AIOKafkaProducer,
        *,
        lock_id: int,
        batch_size: int = 2000,
        idle_seconds: float = 2.0,
    ) -> None:
        self._engine = engine
        self._producer = producer
        self._lock_id = lock_id
        self._batch_size = batch_size
        self._idle_seconds = idle_seconds
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self.is_leader = False

    def nudge(self) -> None:
        """Tell the relay that new rows were committed, so it need not wait for its next poll."""
        self._wake.set()

    def _notified(self, *_: object) -> None:
        """asyncpg's listener callback: rows were committed somewhere (connection, pid,
        channel and payload do not matter)."""
        self._wake.set()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()

    async def run(self) -> None:
        """Relay until stopped; on a lost connection, back off and start again."""
        while not self._stopping.is_set():
            try:
                await self._lead()
            except asyncio.CancelledError:
                raise
            except Exception:
                self.is_leader = False
                log.exception("outbox relay failed; retrying")
                await self._sleep(2.0)

    async def _lead(self) -> None:
        async with self._engine.connect() as lock_connection:
            while not self._stopping.is_set():
                acquired = await lock_connection.scalar(
                    text("select pg_try_advisory_lock(:id)"), {"id": self._lock_id}
                )
                await lock_connection.commit()
                if acquired:
                    break
                await self._sleep(1.0)
            else:
                return
            self.is_leader = True
            listening: Any = (await lock_connection.get_raw_connection()).driver_connection
            try:
                await listening.add_listener(NOTIFY_CHANNEL, self._notified)
                while not self._stopping.is_set():
                    sent = await self.relay_once()
                    if sent < self._batch_size:
                        await self._sleep(self._idle_seconds)
            finally:
                self.is_leader = False
                await listening.remove_listener(NOTIFY_CHANNEL, self._notified)
                await lock_connection.execute(
                    text("select pg_advisory_unlock(:id)"), {"id": self._lock_id}
                )
                await lock_connection.commit()

    async def relay_once(self) -> int:
        """Publish one batch of rows and delete them; returns how many were published.

        Rows are read and deleted on the raw asyncpg connection and sent as ready-made record
        batches per partition: per-row ORM processing and per-message `send` calls would make
        the relay, not the broker, the limit of a national delivery.
        """
        async with self._engine.connect() as connection:
            raw = await connection.get_raw_connection()
            driver: Any = raw.driver_connection
            async with driver.transaction():
                rows = await driver.fetch(_SELECT_BATCH, self._batch_size)
                if not rows:
                    PENDING.set(0)
                    return 0
                await self._publish(rows)
                await driver.execute(_DELETE_BATCH, [row["id"] for row in rows])
        for topic, count in Counter_(row["topic"] for row in rows).items():
            PUBLISHED.labels(topic).inc(count)
        await self._measure_backlog()
        return len(rows)

    async def _publish(self, rows: Sequence[Any]) -> None:
        """Send rows in id order; records of one partition keep their order."""
        partitions: dict[str, list[int]] = {}
        open_batches: dict[tuple[str, int], Any] = {}
        futures: list[asyncio.Future[Any]] = []
        for row in rows:
            topic = row["topic"]
            if topic not in partitions:
                partitions[topic] = sorted(await self._producer.partitions_for(topic))
            partition = partition_for(row["key"], partitions[topic])
            headers = [(name, value.encode()) for name, value in orjson.loads(row["headers"])]
            builder = open_batches.get((topic, partition))
            if builder is None:
                builder = open_batches[(topic, partition)] = self._producer.create_batch()
            if builder.append(key=row["key"], value=row["value"], timestamp=None, headers=headers):
                continue
            # The batch is full: send it and start the next one with this record.
            futures.append(await self._producer.send_batch(builder, topic, partition=partition))
            builder = open_batches[(topic, partition)] = self._producer.create_batch()
            builder.append(key=row["key"], value=row["value"], timestamp=None, headers=headers)
        for (topic, partition), builder in open_batches.items():
            futures.append(await self._producer.send_batch(builder, topic, partition=partition))
        await asyncio.gather(*futures)

    async def _measure_backlog(self) -> None:
        async with self._engine.connect() as connection:
            span = await connection.scalar(
                text("select coalesce(max(id) - min(id) + 1, 0) from outbox")
            )
        PENDING.set(span or 0)

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)
        self._wake.clear()
