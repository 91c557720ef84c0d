"""Consumer lag on /metrics: for each of the service's consumer groups, how far its committed
offsets trail the end of each partition. Read from the broker, so it is right whatever replica
reports it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from prometheus_client import Gauge

from lr_shared.kafka import KafkaSecurity, client_options

log = logging.getLogger(__name__)

CONSUMER_LAG = Gauge(
    "lr_consumer_lag", "Messages not yet consumed", ["group", "topic", "partition"]
)


async def measure_lag(
    admin: AIOKafkaAdminClient, offsets_reader: AIOKafkaConsumer, group: str
) -> dict[TopicPartition, int]:
    committed = await admin.list_consumer_group_offsets(group)
    if not committed:
        return {}
    ends = await offsets_reader.end_offsets(list(committed))
    return {
        tp: max(0, ends[tp] - meta.offset) for tp, meta in committed.items() if meta.offset >= 0
    }


async def report_lag_forever(
    bootstrap_servers: str,
    groups: Sequence[str],
    *,
    interval: float = 5.0,
    security: KafkaSecurity | None = None,
) -> None:
    options = client_options(security)
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, **options)
    reader = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers, enable_auto_commit=False, **options
    )
    await admin.start()
    await reader.start()
    try:
        while True:
            for group in groups:
                try:
                    for tp, lag in (await measure_lag(admin, reader, group)).items():
                        CONSUMER_LAG.labels(group, tp.topic, str(tp.partition)).set(lag)
                except Exception as exc:
                    log.warning(
                        "could not measure consumer lag",
                        extra={"group": group, "error": type(exc).__name__},
                    )
            await asyncio.sleep(interval)
    finally:
        await reader.stop()
        await admin.close()
