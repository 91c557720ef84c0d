"""The outbox: what commits is published, even when the process dies right after the commit."""

import asyncio
import subprocess
import sys
import textwrap
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from lr_shared.cloudevents import decode
from lr_shared.contracts.privacy import ErasureConfirmationV1
from lr_shared.db import UnitOfWork, create_sessionmaker
from lr_shared.kafka import client_options, create_producer
from lr_shared.outbox import (
    OutboxMessage,
    OutboxRelay,
    OutboxRow,
    add,
    bundle,
    copy_into_outbox,
)
from lr_tools.testing import consume

from .conftest import notes

pytestmark = pytest.mark.integration

# A separate process writes a note and its outbox message in one transaction, then dies hard
# (os._exit) before any relay could publish: the crash between commit and publish.
CRASHING_WRITER = textwrap.dedent(
    """
    import asyncio, os, sys, uuid
    from datetime import UTC, datetime
    from sqlalchemy import insert
    from lr_shared.cloudevents import CloudEvent
    from lr_shared.contracts.privacy import ErasureConfirmationV1
    from lr_shared.db import UnitOfWork, create_engine, create_sessionmaker
    from lr_shared.outbox import OutboxMessage, add
    from sqlalchemy import Table, Column, Integer, Text, MetaData

    notes = Table(
        "notes", MetaData(), Column("id", Integer, primary_key=True), Column("text", Text)
    )

    async def main(url, topic, count):
        engine = create_engine(url, pool_size=1)
        async with UnitOfWork(create_sessionmaker(engine)) as uow:
            for i in range(count):
                await uow.session.execute(insert(notes).values(id=i, text="erased"))
            await add(uow.session, [
                OutboxMessage.event(topic, f"LR{i:08d}", CloudEvent(
                    type="nl.lerarenregister.test.erased", source="urn:test",
                    data=ErasureConfirmationV1(
                        request_id=uuid.uuid4(), registration_number=f"LR{i:08d}",
                        service="portfolio", erased_at=datetime.now(UTC))))
                for i in range(count)])
            await uow.commit()
        os._exit(17)

    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
    """
)


async def test_messages_committed_before_a_crash_are_published_once_the_relay_runs(
    engine: AsyncEngine, database_url: str, kafka_bootstrap: str, topic_suffix: str
) -> None:
    topic = f"test.outbox{topic_suffix}"
    crashed = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-c", CRASHING_WRITER, database_url, topic, "50"],
        capture_output=True,
        check=False,
    )
    assert crashed.returncode == 17, crashed.stderr.decode()[-2000:]
    async with engine.connect() as connection:
        assert await connection.scalar(select(func.count()).select_from(notes)) == 50
        assert await connection.scalar(text("select count(*) from outbox")) == 50

    producer = create_producer(kafka_bootstrap, client_id="test-relay")
    await producer.start()
    try:
        relay = OutboxRelay(engine, producer, lock_id=1)
        assert await relay.drain() == 50
        assert await relay.drain() == 0
    finally:
        await producer.stop()

    records = await consume(kafka_bootstrap, topic, count=50)
    events = [decode(r.value, r.headers, ErasureConfirmationV1) for r in records]
    assert sorted(e.data.registration_number for e in events) == [f"LR{i:08d}" for i in range(50)]
    assert len({e.id for e in events}) == 50
    async with engine.connect() as connection:
        assert await connection.scalar(text("select count(*) from outbox")) == 0


async def test_only_one_relay_publishes_at_a_time(
    engine: AsyncEngine, kafka_bootstrap: str
) -> None:
    producer = create_producer(kafka_bootstrap, client_id="test-relay")
    await producer.start()
    first = OutboxRelay(engine, producer, lock_id=424242, idle_seconds=0.05)
    second = OutboxRelay(engine, producer, lock_id=424242, idle_seconds=0.05)
    tasks = [asyncio.create_task(first.run()), asyncio.create_task(second.run())]
    try:
        await asyncio.sleep(1.5)
        assert [first.is_leader, second.is_leader].count(True) == 1
    finally:
        first.stop()
        second.stop()
        await asyncio.gather(*tasks)
        await producer.stop()


async def test_a_tombstone_is_relayed_as_a_record_without_value(
    engine: AsyncEngine, kafka_bootstrap: str, topic_suffix: str
) -> None:
    topic = f"test.outbox{topic_suffix}"
    async with UnitOfWork(create_sessionmaker(engine)) as uow:
        await add(uow.session, [OutboxMessage.tombstone(topic, "LR00000001")])
        await uow.commit()
    producer = create_producer(kafka_bootstrap, client_id="test-relay")
    await producer.start()
    try:
        assert await OutboxRelay(engine, producer, lock_id=2).drain() == 1
    finally:
        await producer.stop()

    [record] = await consume(kafka_bootstrap, topic, count=1)
    assert record.key == b"LR00000001"
    assert record.value is None


async def write_rows(engine: AsyncEngine, topic: str, count: int) -> None:
    """`count` rows over ten keys, each value its row's position."""
    async with engine.begin() as connection:
        driver = (await connection.get_raw_connection()).driver_connection
        rows = [OutboxRow(topic, b"k%d" % (i % 10), b"%d" % i, "[]") for i in range(count)]
        await copy_into_outbox(driver, rows)


async def outbox_size(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int(await connection.scalar(text("select count(*) from outbox")) or 0)


async def open_transactions(engine: AsyncEngine) -> int:
    """Other sessions of this database inside a transaction (holding row locks, if any)."""
    async with engine.connect() as connection:
        found = await connection.scalar(
            text(
                "select count(*) from pg_stat_activity where datname = current_database() "
                "and pid <> pg_backend_pid() and state like 'idle in transaction%'"
            )
        )
    return int(found or 0)


async def one_partition_topic(kafka_bootstrap: str, topic: str) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap, **client_options())
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, 1, 1)])
    finally:
        await admin.close()


def values_by_key(records: list[Any]) -> dict[bytes, list[int]]:
    grouped: dict[bytes, list[int]] = {}
    for record in records:
        grouped.setdefault(record.key, []).append(int(record.value))
    return grouped


async def test_overlapping_passes_publish_every_row_once_and_each_key_in_order(
    engine: AsyncEngine, kafka_bootstrap: str, topic_suffix: str
) -> None:
    topic = f"test.outbox-passes{topic_suffix}"
    await write_rows(engine, topic, 1000)
    producer = create_producer(kafka_bootstrap, client_id="test-relay")
    await producer.start()
    try:
        assert await OutboxRelay(engine, producer, lock_id=3, batch_size=100).drain() == 1000
    finally:
        await producer.stop()

    assert await outbox_size(engine) == 0
    records = await consume(kafka_bootstrap, topic, count=1001, timeout=5)
    assert sorted(int(r.value) for r in records) == list(range(1000))
    for key, values in values_by_key(records).items():
        assert values == sorted(values), key


class FailingFrom:
    """The real producer, except that every batch from the `n`-th on fails to be sent."""

    def __init__(self, producer: AIOKafkaProducer, n: int) -> None:
        self._producer = producer
        self._left = n - 1

    async def send_batch(self, batch: Any, topic: str, *, partition: int) -> Any:
        if self._left == 0:
            raise ConnectionError("broker unreachable")
        self._left -= 1
        return await self._producer.send_batch(batch, topic, partition=partition)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._producer, name)


async def test_a_pass_that_fails_leaves_its_rows_and_those_read_behind_it(
    engine: AsyncEngine, kafka_bootstrap: str, topic_suffix: str
) -> None:
    topic = f"test.outbox-failing{topic_suffix}"
    await one_partition_topic(kafka_bootstrap, topic)  # one record batch per pass
    await write_rows(engine, topic, 1000)
    producer = create_producer(kafka_bootstrap, client_id="test-relay")
    await producer.start()
    try:
        failing = FailingFrom(producer, 3)
        with pytest.raises(ConnectionError):
            await OutboxRelay(engine, failing, lock_id=4, batch_size=100).drain()  # type: ignore[arg-type]
        assert await outbox_size(engine) == 800
        assert await open_transactions(engine) == 0  # nothing left locked
        sent = await consume(kafka_bootstrap, topic, count=201, timeout=3)
        assert [int(r.value) for r in sent] == list(range(200))

        assert await OutboxRelay(engine, producer, lock_id=4, batch_size=100).drain() == 800
    finally:
        await producer.stop()

    records = await consume(kafka_bootstrap, topic, count=1001, timeout=5)
    assert [int(r.value) for r in records] == list(range(1000))
    assert await outbox_size(engine) == 0


async def test_bundles_and_single_rows_are_published_as_records_in_their_order(
    engine: AsyncEngine, kafka_bootstrap: str, topic_suffix: str
) -> None:
    """Rows 0-49 single, 50-249 a bundle (crossing passes of 100), 250-299 single, 300-999 one
    bundle larger than a pass: one partition, so the whole order is seen."""
    topic = f"test.outbox-bundles{topic_suffix}"
    await one_partition_topic(kafka_bootstrap, topic)

    def records(numbers: range) -> list[tuple[bytes, bytes, bytes]]:
        return [(b"k%d" % (i % 10), b"%d" % i, b"id-%d" % i) for i in numbers]

    headers: list[tuple[str, str | None]] = [("ce_id", None), ("ce_type", "test")]
    rows: list[OutboxRow] = []
    for numbers in (range(50), range(50, 250), range(250, 300), range(300, 1000)):
        if len(numbers) > 50:
            rows.append(bundle(topic, headers, records(numbers)))
        else:
            rows += [
                OutboxRow(topic, k, v, f'[["ce_id","{i.decode()}"],["ce_type","test"]]')
                for k, v, i in records(numbers)
            ]
    async with engine.begin() as connection:  # one COPY, rows and bundles mixed
        await copy_into_outbox((await connection.get_raw_connection()).driver_connection, rows)
    producer = create_producer(kafka_bootstrap, client_id="test-relay")
    await producer.start()
    try:
        assert await OutboxRelay(engine, producer, lock_id=5, batch_size=100).drain() == 1000
    finally:
        await producer.stop()

    assert await outbox_size(engine) == 0
    sent = await consume(kafka_bootstrap, topic, count=1001, timeout=5)
    assert [int(r.value) for r in sent] == list(range(1000))
    assert all(r.key == b"k%d" % (int(r.value) % 10) for r in sent)
    assert all(
        list(r.headers) == [("ce_id", b"id-%d" % int(r.value)), ("ce_type", b"test")] for r in sent
    )
