"""The transactional outbox: messages are written in the same transaction as the change that
causes them, and a relay publishes them to Kafka afterwards.

No dual writes: a crash after the commit and before the publish loses nothing (the relay sends the
row at its next pass); a crash after the publish and before the row is deleted sends it twice, with
the same `ce_id`, which consumers drop in their inbox.

One relay per service publishes at a time (a PostgreSQL advisory lock elects it), reading rows in
id order, so the messages of one key reach their partition in the order they were written, however
many replicas run.

A row holds one record, or a *bundle*: many records of one topic written by a hot path as one
row (`bundle`), which the relay publishes as separate records, in their order: the
appointments of a 300,000-row file are 60 rows to insert, read and delete instead of 286,000.

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
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSON
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from lr_shared import failpoints
from lr_shared.cloudevents import CloudEvent, encode
from lr_shared.partitioner import partition_for
from lr_shared.settings import OUTBOX_BATCH_SIZE, OUTBOX_POLL_SECONDS
from lr_shared.telemetry import current_trace_headers

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)

PUBLISHED = Counter("lr_outbox_published_total", "Messages relayed from the outbox", ["topic"])
PENDING = Gauge(
    "lr_outbox_pending", "Rows waiting in the outbox (approximate; a bundle is one row)"
)


def outbox_table(metadata: MetaData) -> Table:
    return Table(
        "outbox",
        metadata,
        Column("id", BigInteger, Identity(always=False), primary_key=True),
        Column("topic", Text, nullable=False),
        Column("key", LargeBinary, nullable=False),
        Column("value", LargeBinary, nullable=True),  # null: a tombstone on a compacted topic
        Column("headers", JSON, nullable=False),
        # null: one record; n: a bundle of n records (`bundle`)
        Column("records", Integer, nullable=True),
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
    [name, value] pairs), or a bundle of records (`bundle`). Hot paths may build these
    directly instead of an OutboxMessage."""

    topic: str
    key: bytes
    value: bytes | None
    headers: str
    records: int | None = None  # a bundle's count of records

    def record_headers(self) -> list[tuple[str, bytes]]:
        """The headers as the relay sends them (a single record's; a bundle's: `unbundle`)."""
        return record_headers(self.headers)


def record_headers(stored: str) -> list[tuple[str, bytes]]:
    """Kafka record headers from the outbox's `headers` JSON text."""
    return [(name, value.encode()) for name, value in orjson.loads(stored)]


def bundle(
    topic: str, headers: Sequence[tuple[str, str | None]], records: Sequence[Sequence[bytes]]
) -> OutboxRow:
    """Records of one topic as one outbox row, for hot paths that write thousands at a time.

    `headers` are every record's headers, in order; a header whose value is None differs per
    record. Each record is its key, its value (empty: a tombstone) and the values of those
    headers, in order. Stored as the fields joined by NUL bytes (the relay splits them with one
    call), so a field must not contain one: keys, JSON values and header values are text.
    """
    if not records:
        raise ValueError("a bundle holds at least one record")
    stride = 2 + sum(value is None for _, value in headers)
    if any(len(record) != stride for record in records):
        raise ValueError(f"each bundled record needs {stride} fields")
    fields = [field for record in records for field in record]
    value = b"\0".join(fields)
    if value.count(b"\0") != len(fields) - 1:
        raise ValueError("a bundled field contains a NUL byte")
    return OutboxRow(topic, b"", value, orjson.dumps(headers).decode(), len(records))


def unbundle(
    value: bytes, headers: str, records: int
) -> list[tuple[bytes, bytes | None, list[tuple[str, bytes]]]]:
    """A bundle's records as the relay sends them: key, value (None: tombstone), headers."""
    template: list[tuple[str, bytes]] = []
    slots: list[tuple[int, str]] = []
    for name, header in orjson.loads(headers):
        if header is None:
            slots.append((len(template), name))
        template.append((name, b"" if header is None else header.encode()))
    fields = value.split(b"\0")
    stride = 2 + len(slots)
    if len(fields) != records * stride:
        raise ValueError(f"a bundle of {records} records has {len(fields)} fields")
    out = []
    if len(slots) == 1:  # the common case (the ce_id): no inner loop
        ((slot, name),) = slots
        for start in range(0, len(fields), stride):
            record_headers_ = template.copy()
            record_headers_[slot] = (name, fields[start + 2])
            out.append((fields[start], fields[start + 1] or None, record_headers_))
        return out
    for start in range(0, len(fields), stride):
        record_headers_ = template.copy()
        for offset, (slot, name) in enumerate(slots, start + 2):
            record_headers_[slot] = (name, fields[offset])
        out.append((fields[start], fields[start + 1] or None, record_headers_))
    return out


NOTIFY_CHANNEL = "lr_outbox"
"""Notified by each service's outbox trigger (`lr_shared.outbox_migrations`) on every insert."""

# The rows after $2 (the last id of the pass before, in one drain) that hold up to $1 records:
# rows are taken while their records fit (a bundle larger than a pass goes alone). Sized before
# locking: a row locked and not sent would let the next pass, which starts after this one's
# last row, overtake it.
_SELECT_BATCH = """
    select id, topic, key, value, headers::text as headers, records from outbox
    where id > $2 and id <= (
        select coalesce(max(id), $2) from (
            select id, sum(coalesce(records, 1)) over (order by id) as upto,
                coalesce(records, 1) as own
            from outbox where id > $2 order by id limit $1
        ) ahead
        where upto <= $1 or upto = own
    )
    order by id for update skip locked
"""

_DELETE_BATCH = "delete from outbox where id = any($1::bigint[])"

_INSERT = text(
    "insert into outbox (topic, key, value, headers, records) "
    "values (:topic, :key, :value, cast(:headers as json), :records)"
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
        "outbox", records=_rows(messages), columns=list(OutboxRow._fields)
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
        batch_size: int = OUTBOX_BATCH_SIZE,
        idle_seconds: float = OUTBOX_POLL_SECONDS,
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
                    await self.drain()
                    await self._sleep(self._idle_seconds)
            finally:
                self.is_leader = False
                await listening.remove_listener(NOTIFY_CHANNEL, self._notified)
                await lock_connection.execute(
                    text("select pg_advisory_unlock(:id)"), {"id": self._lock_id}
                )
                await lock_connection.commit()

    async def drain(self) -> int:
        """Publish until a pass finds nothing; returns how many records were published.

        Each pass reads a batch of records (rows, or bundles of them) in id order in its own
        transaction (locking them), encodes them as record batches per partition, and deletes
        them once the broker has acknowledged every record. Passes overlap, order kept: the
        next pass is read (the rows after this one's) while this one is encoded and sent, and
        its records go out only after this pass is acknowledged. A pass that fails leaves its
        rows, and those of the pass read behind it, for the next attempt.
        """
        published = 0
        previous: _Pass | None = None
        reading: asyncio.Task[_Pass] | None = asyncio.create_task(self._read_pass(after=0))
        try:
            while reading is not None:
                current = await reading
                reading = None
                if not current.rows:
                    await current.abandon()
                    break
                if not self._stopping.is_set():
                    after = current.rows[-1]["id"]
                    reading = asyncio.create_task(self._read_pass(after=after))
                try:
                    if previous is not None:
                        await previous.acknowledged
                    await current.send(self._producer)
                except BaseException:
                    await current.abandon()
                    raise
                if previous is not None:
                    published += await previous.finished
                previous = current
        finally:
            if reading is not None:  # left behind by a failure: its rows stay
                with contextlib.suppress(Exception):
                    await (await reading).abandon()
            if previous is not None:
                published += await previous.finished
        await self._measure_backlog()
        return published

    async def _read_pass(self, *, after: int) -> _Pass:
        """The rows after id `after`, locked in a transaction of their own, as record batches."""
        connection = await self._engine.connect()
        try:
            driver: Any = (await connection.get_raw_connection()).driver_connection
            transaction = driver.transaction()
            await transaction.start()
            rows = await driver.fetch(_SELECT_BATCH, self._batch_size, after)
            batches, records = await self._encode(rows)
        except BaseException:
            await connection.close()
            raise
        return _Pass(connection, driver, transaction, rows, batches, records)

    async def _encode(
        self, rows: Sequence[Any]
    ) -> tuple[list[tuple[str, int, Any]], Counter_[str]]:
        """Record batches per partition, in id order (records of one key keep their order),
        and the records per topic."""
        partitions: dict[str, list[int]] = {}
        open_batches: dict[tuple[str, int], Any] = {}
        batches: list[tuple[str, int, Any]] = []
        records: Counter_[str] = Counter_()
        for row in rows:
            topic = row["topic"]
            if topic not in partitions:
                partitions[topic] = sorted(await self._producer.partitions_for(topic))
            in_row = (
                [(row["key"], row["value"], record_headers(row["headers"]))]
                if row["records"] is None
                else unbundle(row["value"], row["headers"], row["records"])
            )
            records[topic] += len(in_row)
            for key, value, headers in in_row:
                partition = partition_for(key, partitions[topic])
                builder = open_batches.get((topic, partition))
                if builder is None or not builder.append(
                    key=key, value=value, timestamp=None, headers=headers
                ):
                    # No batch for this partition yet, or it is full: start the next one.
                    builder = open_batches[(topic, partition)] = self._producer.create_batch()
                    batches.append((topic, partition, builder))
                    builder.append(key=key, value=value, timestamp=None, headers=headers)
        return batches, records

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


class _Pass:
    """One batch of outbox rows, read and locked in its own transaction, on its way out."""

    acknowledged: asyncio.Future[Any]
    finished: asyncio.Task[int]

    def __init__(
        self,
        connection: AsyncConnection,
        driver: Any,
        transaction: Any,
        rows: list[Any],
        batches: list[tuple[str, int, Any]],
        records: Counter_[str],
    ) -> None:
        self.rows = rows
        self.records = sum(records.values())
        self._per_topic = records
        self._connection = connection
        self._driver = driver
        self._transaction = transaction
        self._batches = batches

    async def send(self, producer: AIOKafkaProducer) -> None:
        """Hand the records to the producer; `acknowledged` when the broker has them all,
        `finished` (the record count) when the rows are deleted."""
        futures = [
            await producer.send_batch(builder, topic, partition=partition)
            for topic, partition, builder in self._batches
        ]
        self.acknowledged = asyncio.gather(*futures)
        self.finished = asyncio.create_task(self._finish())

    async def _finish(self) -> int:
        try:
            await self.acknowledged
            failpoints.hit("relay.after-publish")
            await self._driver.execute(_DELETE_BATCH, [row["id"] for row in self.rows])
            await self._transaction.commit()
        except BaseException:
            await self.abandon()
            raise
        await self._connection.close()
        for topic, count in self._per_topic.items():
            PUBLISHED.labels(topic).inc(count)
        return self.records

    async def abandon(self) -> None:
        """Roll back: the rows stay in the outbox for the next pass."""
        try:
            await self._transaction.rollback()
        finally:
            await self._connection.close()
