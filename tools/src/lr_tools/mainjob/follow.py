"""Following the delivery through the system as another government system would: by reading the
registry's public-safe registrations topic, and the operators' counters of notifications."""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from datetime import datetime
from typing import Any

import httpx
import orjson
from aiokafka import AIOKafkaConsumer

from lr_shared.contracts.topics import REGISTRY_REGISTRATIONS
from lr_shared.kafka import client_options
from lr_tools.mainjob.endpoints import Endpoints


class RegistrationTally:
    """The latest state of every registration changed since `since`, kept up to date from the
    compacted registrations topic in a background task."""

    def __init__(self, endpoints: Endpoints, since: datetime) -> None:
        self._endpoints = endpoints
        self._since = since
        self.states: dict[str, str] = {}
        self.names: dict[str, tuple[str, str]] = {}
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> RegistrationTally:
        consumer = AIOKafkaConsumer(
            self._endpoints.topic(REGISTRY_REGISTRATIONS.name),
            bootstrap_servers=self._endpoints.kafka_bootstrap,
            auto_offset_reset="earliest",
            enable_auto_commit=False,
            isolation_level="read_committed",
            **client_options(self._endpoints.kafka_security),
        )
        await consumer.start()
        self._task = asyncio.create_task(self._follow(consumer))
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _follow(self, consumer: AIOKafkaConsumer) -> None:
        try:
            while True:
                batches = await consumer.getmany(timeout_ms=500, max_records=5000)
                for records in batches.values():
                    for record in records:
                        self._apply(record.key.decode(), record.value)
        finally:
            await consumer.stop()

    def _apply(self, key: str, value: bytes | None) -> None:
        if value is None:
            self.states.pop(key, None)
            return
        # Four fields of a message the registry's contract tests already hold to RegistrationV1,
        # read with orjson: a full model validation per message (~400,000 in the national run)
        # made this follower a noticeable CPU load on the machine it measures.
        registration = orjson.loads(value)
        if datetime.fromisoformat(registration["updated_at"]) >= self._since:
            self.states[key] = registration["state"]
            self.names[key] = (registration["voorletters"], registration["achternaam"])

    def counts(self) -> Counter[str]:
        return Counter(self.states.values())


async def notification_stats(endpoints: Endpoints) -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.get(f"{endpoints.notifications}/v1/notifications/stats")
        response.raise_for_status()
        stats: dict[str, Any] = response.json()
        return stats
