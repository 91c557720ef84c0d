"""The registry in-process on the real stack, with a clock the test controls."""

from __future__ import annotations

import base64
import json
import random
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
import pytest_asyncio
from aiokafka import AIOKafkaProducer, ConsumerRecord
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from pydantic import BaseModel

from lr_registry.bootstrap import Container
from lr_registry.entrypoints.app import create_app
from lr_registry.settings import Settings
from lr_shared.auth import DEV_IDP_ISSUER, DEV_IDP_KID, mint_token
from lr_shared.bsn import keyed_hash
from lr_shared.cloudevents import CloudEvent, encode, event_type, source
from lr_shared.contracts import topics
from lr_shared.contracts.intake import AppointmentV1
from lr_shared.kafka import client_options
from lr_tools.testing import consume, eventually, serve_in_process

HASH_KEY = "test-hash-key-0123456789"
ENCRYPTION_KEY = base64.b64encode(bytes(range(32))).decode()
START = datetime(2026, 8, 1, 9, tzinfo=UTC)

REGISTRY_TOPICS = (
    topics.INTAKE_APPOINTMENTS,
    topics.REFERENCE_SCHOOLS,
    topics.PORTFOLIO_PROGRESS,
    topics.PRIVACY_ERASURE_CONFIRMATIONS,
    topics.PRIVACY_ERASURE_REQUESTS,
    topics.REGISTRY_EVENTS,
    topics.REGISTRY_REGISTRATIONS,
    topics.REGISTRY_CONTACTS,
    topics.REGISTRY_CORRECTION_REQUESTS,
    topics.REGISTRY_CORRECTION_RESOLUTIONS,
    topics.INTAKE_CORRECTION_ANSWERS,
)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Registry:
    client: httpx.AsyncClient
    container: Container
    settings: Settings
    clock: Clock
    bootstrap: str
    dsn: str
    dev_keys: Path
    producer: AIOKafkaProducer
    sent: list[str] = field(default_factory=list)

    def topic(self, topic: topics.Topic) -> str:
        return self.settings.topic(topic.name)

    async def produce(self, topic: topics.Topic, key: str, data: BaseModel, **kw: Any) -> str:
        event = CloudEvent(type=event_type("test", "event"), source=source("test"), data=data, **kw)
        value, headers = encode(event)
        await self.producer.send_and_wait(
            self.topic(topic), value, key=key.encode(), headers=headers
        )
        return event.id

    async def deliver(self, *appointments: AppointmentV1, same_id: str | None = None) -> None:
        for appointment in appointments:
            key = keyed_hash(appointment.bsn, HASH_KEY.encode())
            kw = {"id": same_id} if same_id else {}
            await self.produce(topics.INTAKE_APPOINTMENTS, key, appointment, **kw)

    async def rows(self, sql: str, *args: Any) -> list[asyncpg.Record]:
        connection = await asyncpg.connect(self.dsn)
        try:
            return list(await connection.fetch(sql, *args))
        finally:
            await connection.close()

    async def value(self, sql: str, *args: Any) -> Any:
        rows = await self.rows(sql, *args)
        return rows[0][0] if rows else None

    async def until(self, sql: str, *args: Any, expected: Any = True) -> None:
        async def probe() -> bool:
            return bool(await self.value(sql, *args) == expected)

        assert await eventually(probe, timeout=30), f"not reached: {sql} == {expected!r}"

    async def number_of(self, bsn: str) -> str:
        bsn_hash = keyed_hash(bsn, HASH_KEY.encode())
        await self.until("select count(*) = 1 from teachers where bsn_hash = $1", bsn_hash)
        number: str = await self.value(
            "select registration_number from teachers where bsn_hash = $1", bsn_hash
        )
        return number

    def identity_token(self, bsn: str) -> str:
        return mint_token(
            (self.dev_keys / "dev-idp-key.pem").read_bytes(),
            kid=DEV_IDP_KID,
            issuer=DEV_IDP_ISSUER,
            subject=bsn,
            kind="identity",
        )

    async def sign_in(self, bsn: str) -> dict[str, str]:
        response = await self.client.post(
            "/v1/me/token", headers={"Authorization": f"Bearer {self.identity_token(bsn)}"}
        )
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    async def messages(
        self, topic: topics.Topic, count: int, timeout: float = 20
    ) -> list[ConsumerRecord]:
        return await consume(self.bootstrap, self.topic(topic), count=count, timeout=timeout)

    async def events(self, number: str, count: int, timeout: float = 20) -> list[dict[str, Any]]:
        """The registry events of one registration (waits for at least `count`)."""
        found: list[dict[str, Any]] = []

        async def probe() -> bool:
            records = await consume(
                self.bootstrap, self.topic(topics.REGISTRY_EVENTS), count=10**6, timeout=1.5
            )
            found[:] = [
                json.loads(r.value) for r in records if r.key == number.encode() and r.value
            ]
            return len(found) >= count

        await eventually(probe, timeout=timeout, interval=0.5)
        return found


def random_bsn() -> str:
    while True:
        digits = [random.randint(0, 9) for _ in range(8)]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        last = total % 11
        if last < 10 and any(digits):
            return "".join(map(str, digits)) + str(last)


def appointment(bsn: str | None = None, **changes: Any) -> AppointmentV1:
    values: dict[str, Any] = {
        "delivery_id": uuid.uuid4(),
        "row_number": 2,
        "bsn": bsn or random_bsn(),
        "achternaam": "Jansen",
        "tussenvoegsel": "",
        "voorletters": "J.P.",
        "geslacht": "V",
        "geboortedatum": date(1985, 3, 14),
        "email": "j.jansen@example.org",
        "bevoegd_gezag": "41234",
        "brin": "12AB",
        "brin_volgnummer": "00",
        "sector": "PO",
        "functie": "leraar",
        "benoemingsgrondslag": "PO-BEV",
        "qualified": True,
        "onderwijsterrein": None,
        "benoeming_begindatum": date(2025, 8, 1),
        "benoeming_einddatum": None,
        "dienstverband_begindatum": date(2025, 8, 1),
        "dienstverband_einddatum": None,
    }
    values.update(changes)
    return AppointmentV1(**values)


async def create_topics(bootstrap: str, suffix: str, names: Sequence[topics.Topic]) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **client_options())
    await admin.start()
    try:
        await admin.create_topics(
            [
                NewTopic(
                    f"{t.name}{suffix}",
                    num_partitions=3,
                    replication_factor=1,
                    topic_configs=t.config(),
                )
                for t in names
            ]
        )
    finally:
        await admin.close()


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {}


@pytest_asyncio.fixture
async def registry(
    database_url: str,
    kafka_bootstrap: str,
    topic_suffix: str,
    dev_keys: Path,
    settings_overrides: dict[str, Any],
) -> AsyncIterator[Registry]:
    await create_topics(kafka_bootstrap, topic_suffix, REGISTRY_TOPICS)
    values: dict[str, Any] = {
        "environment": "test",
        "database_url": database_url,
        "kafka_bootstrap_servers": kafka_bootstrap,
        "topic_suffix": topic_suffix,
        "jwks_file": dev_keys / "jwks.json",
        "register_signing_key_file": dev_keys / "registry-signing-key.pem",
        "bsn_hash_key": HASH_KEY,
        "bsn_encryption_key": ENCRYPTION_KEY,
        "scheduler_enabled": False,
        "public_rate_per_second": 1000.0,
        "public_burst": 1000,
        **settings_overrides,
    }
    settings = Settings(**values)
    clock = Clock(START)
    app = create_app(settings, clock=clock)
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, **client_options())
    await producer.start()
    try:
        async with serve_in_process(app) as client:
            yield Registry(
                client=client,
                container=app.state.container,
                settings=settings,
                clock=clock,
                bootstrap=kafka_bootstrap,
                dsn=database_url.replace("postgresql+asyncpg://", "postgresql://"),
                dev_keys=dev_keys,
                producer=producer,
            )
    finally:
        await producer.stop()
