"""The broker we run must honour what the services rely on: idempotence and transactions."""

import uuid

import pytest
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from lr_shared.kafka import client_options, create_producer
from lr_tools.testing import consume

pytestmark = pytest.mark.integration


async def _new_topic(bootstrap: str, suffix: str, partitions: int = 3) -> str:
    """A topic of this test; the `topic_suffix` fixture deletes it afterwards."""
    name = f"test.kafka{suffix}"
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **client_options())
    await admin.start()
    try:
        await admin.create_topics([NewTopic(name, partitions, 1)])
    finally:
        await admin.close()
    return name


async def test_the_idempotent_producer_delivers_every_record_once_in_key_order(
    kafka_bootstrap: str, topic_suffix: str
) -> None:
    topic = await _new_topic(kafka_bootstrap, topic_suffix)
    producer = create_producer(kafka_bootstrap, client_id="test")
    await producer.start()
    try:
        futures = [
            await producer.send(topic, f"{i}".encode(), key=f"k{i % 5}".encode())
            for i in range(500)
        ]
        for future in futures:
            await future
    finally:
        await producer.stop()

    records = await consume(kafka_bootstrap, topic, count=500)

    assert sorted(int(r.value) for r in records) == list(range(500))
    for key in {r.key for r in records}:
        values = [int(r.value) for r in records if r.key == key]
        assert values == sorted(values)


async def test_a_transaction_is_seen_by_read_committed_consumers_only_when_committed(
    kafka_bootstrap: str, topic_suffix: str
) -> None:
    topic = await _new_topic(kafka_bootstrap, topic_suffix, partitions=1)
    producer = create_producer(
        kafka_bootstrap, client_id="test-tx", transactional_id=f"tx-{uuid.uuid4().hex}"
    )
    await producer.start()
    try:
        async with producer.transaction():
            await producer.send(topic, b"committed", key=b"k")
        with pytest.raises(RuntimeError):
            async with producer.transaction():
                await producer.send(topic, b"aborted", key=b"k")
                raise RuntimeError("abort")
        async with producer.transaction():
            await producer.send(topic, b"after", key=b"k")
    finally:
        await producer.stop()

    records = await consume(kafka_bootstrap, topic, count=2, isolation_level="read_committed")

    assert [r.value for r in records] == [b"committed", b"after"]
