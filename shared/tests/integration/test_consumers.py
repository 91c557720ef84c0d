"""The subscription every service uses: batches reach the handler, poison goes to the DLQ, and a
failing batch is retried rather than skipped."""

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
import pytest_asyncio
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from lr_shared.cloudevents import CloudEvent, encode
from lr_shared.consumers import Event, Tombstone, subscribe
from lr_shared.contracts.privacy import ErasureConfirmationV1
from lr_shared.contracts.topics import PRIVACY_ERASURE_CONFIRMATIONS
from lr_shared.kafka import client_options
from lr_shared.runtime import Platform
from lr_shared.settings import ServiceSettings
from lr_shared.telemetry import current_trace_headers
from lr_tools.testing import consume, eventually

pytestmark = pytest.mark.integration

Items = Sequence[Event[ErasureConfirmationV1] | Tombstone]


@pytest_asyncio.fixture
async def platform(
    database_url: str, kafka_bootstrap: str, topic_suffix: str, dev_keys: Path
) -> AsyncIterator[Platform]:
    settings = ServiceSettings(
        service_name="consumertest",
        kafka_bootstrap_servers=kafka_bootstrap,
        database_url=database_url,
        http_port=8999,
        topic_suffix=topic_suffix,
        jwks_file=dev_keys / "jwks.json",
    )
    platform = Platform.create(settings)
    yield platform
    await platform.broker.stop()
    await platform.producer.stop()
    await platform.engine.dispose()


def _body(number: str) -> ErasureConfirmationV1:
    return ErasureConfirmationV1(
        request_id=uuid.uuid4(),
        registration_number=number,
        service="portfolio",
        erased_at=datetime.now(UTC),
    )


async def _produce(bootstrap: str, topic: str, records: list[tuple[bytes | None, list]]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, **client_options())
    await producer.start()
    try:
        for value, headers in records:
            await producer.send_and_wait(topic, value, key=b"LR00000001", headers=headers)
    finally:
        await producer.stop()


async def test_valid_events_reach_the_handler_and_poison_goes_to_the_dead_letter_topic(
    platform: Platform, kafka_bootstrap: str
) -> None:
    received: list[str] = []
    handler = _collecting(received)
    subscribe(
        platform,
        PRIVACY_ERASURE_CONFIRMATIONS,
        group="test",
        model=ErasureConfirmationV1,
        handler=handler,
    )
    topic = platform.settings.topic(PRIVACY_ERASURE_CONFIRMATIONS.name)
    good = encode(CloudEvent(type="t", source="s", data=_body("LR00000001")))
    also_good = encode(CloudEvent(type="t", source="s", data=_body("LR00000002")))
    await _produce(kafka_bootstrap, topic, [good, (b"not json", good[1]), also_good, (b"{}", [])])
    await platform.producer.start()
    await platform.broker.start()

    assert await eventually(lambda: _ready(received, 2), timeout=30)
    dead = await consume(kafka_bootstrap, f"{topic}.dlq", count=2)

    assert received == ["LR00000001", "LR00000002"]
    assert [r.value for r in dead] == [b"not json", b"{}"]
    reasons = [dict(r.headers)["dlq_reason"].decode() for r in dead]
    assert "not a valid ErasureConfirmationV1" in reasons[0]
    assert "missing CloudEvents headers" in reasons[1]


async def test_a_failing_batch_is_retried_not_skipped(
    platform: Platform, kafka_bootstrap: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("lr_shared.consumers.RETRY_PAUSE_SECONDS", 0.1)
    attempts: list[int] = []
    handled: list[str] = []

    async def flaky_handler(items: Items) -> None:
        attempts.append(len(items))
        if len(attempts) == 1:
            raise ConnectionError("database unavailable")
        handled.extend(i.data.registration_number for i in items if isinstance(i, Event))

    subscribe(
        platform,
        PRIVACY_ERASURE_CONFIRMATIONS,
        group="test",
        model=ErasureConfirmationV1,
        handler=flaky_handler,
    )
    topic = platform.settings.topic(PRIVACY_ERASURE_CONFIRMATIONS.name)
    await _produce(
        kafka_bootstrap, topic, [encode(CloudEvent(type="t", source="s", data=_body("LR00000003")))]
    )
    await platform.producer.start()
    await platform.broker.start()

    assert await eventually(lambda: _ready(handled, 1), timeout=30)
    assert len(attempts) >= 2
    assert handled[0] == "LR00000003"


def _collecting(received: list[str]) -> Callable[[Items], Awaitable[None]]:
    """A handler that keeps the registration numbers of the events it is given."""

    async def handler(items: Items) -> None:
        received.extend(i.data.registration_number for i in items if isinstance(i, Event))

    return handler


async def _ready(items: list[str], count: int) -> bool:
    await asyncio.sleep(0)
    return len(items) >= count


async def test_the_handler_runs_inside_the_trace_of_the_messages_it_handles(
    platform: Platform, kafka_bootstrap: str
) -> None:
    seen: list[str] = []

    async def handler(items: Items) -> None:
        seen.append(current_trace_headers()["traceparent"])

    subscribe(
        platform,
        PRIVACY_ERASURE_CONFIRMATIONS,
        group="test",
        model=ErasureConfirmationV1,
        handler=handler,
    )
    topic = platform.settings.topic(PRIVACY_ERASURE_CONFIRMATIONS.name)
    traces = ["0af7651916cd43dd8448eb211c80319c", "4bf92f3577b34da6a3ce929d0e0e4736"]
    await _produce(
        kafka_bootstrap,
        topic,
        [
            encode(
                CloudEvent(
                    type="t",
                    source="s",
                    data=_body(f"LR0000000{i}"),
                    traceparent=f"00-{trace_id}-b7ad6b7169203331-01",
                )
            )
            for i, trace_id in enumerate([traces[0], traces[0], traces[1]])
        ],
    )
    await platform.producer.start()
    await platform.broker.start()

    assert await eventually(lambda: _ready(seen, 2), timeout=30)
    assert [header.split("-")[1] for header in seen] == traces


async def test_several_consumers_of_one_group_share_the_partitions_and_handle_each_record_once(
    platform: Platform, kafka_bootstrap: str
) -> None:
    topic = platform.settings.topic(PRIVACY_ERASURE_CONFIRMATIONS.name)
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap, **client_options())
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, 4, 1)])
    finally:
        await admin.close()
    received: list[str] = []
    handler = _collecting(received)
    subscribe(
        platform,
        PRIVACY_ERASURE_CONFIRMATIONS,
        group="shared",
        model=ErasureConfirmationV1,
        handler=handler,
        consumers=2,
    )
    numbers = [f"LR{i:08d}" for i in range(40)]
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, **client_options())
    await producer.start()
    try:
        for number in numbers:
            value, headers = encode(CloudEvent(type="t", source="s", data=_body(number)))
            await producer.send_and_wait(topic, value, key=number.encode(), headers=headers)
    finally:
        await producer.stop()
    await platform.producer.start()
    await platform.broker.start()

    assert await eventually(lambda: _ready(received, len(numbers)), timeout=30)
    await asyncio.sleep(1)  # a record handled twice would arrive in this second
    assert sorted(received) == numbers
    members = await _group_members(kafka_bootstrap, platform.group("shared"))
    assert members == 2


async def _group_members(bootstrap: str, group: str) -> int:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **client_options())
    await admin.start()
    try:
        [description] = await admin.describe_consumer_groups([group])
    finally:
        await admin.close()
    [(_, _, _, _, _, members, *_)] = description.groups
    return len(members)
