"""The portfolio in this process against the real stack, with a clock the test moves."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
import pytest_asyncio
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from pydantic import BaseModel

from lr_portfolio.bootstrap import Container
from lr_portfolio.entrypoints.app import create_app
from lr_portfolio.settings import Settings
from lr_shared.auth import (
    DEV_IDP_ISSUER,
    DEV_IDP_KEY_FILE,
    DEV_IDP_KID,
    PROVIDER_NAME_CLAIM,
    REGISTRY_ISSUER,
    REGISTRY_KEY_FILE,
    REGISTRY_KID,
    mint_token,
)
from lr_shared.cloudevents import CloudEvent, encode
from lr_shared.contracts.portfolio import AttendanceV1
from lr_shared.contracts.registry import RegistrationV1
from lr_shared.contracts.topics import (
    PORTFOLIO_ACTIVITY_FEEDBACK,
    PORTFOLIO_ATTENDANCE,
    PORTFOLIO_PROGRESS,
    PRIVACY_ERASURE_CONFIRMATIONS,
    PRIVACY_ERASURE_REQUESTS,
    PROFESSION_ACCREDITATIONS,
    REGISTRY_REGISTRATIONS,
    Topic,
)
from lr_shared.kafka import client_options
from lr_shared.signed import sender_header
from lr_tools.testing import eventually, serve_in_process

pytestmark = pytest.mark.integration


class MovableClock:
    """Real time until a test sets it."""

    def __init__(self) -> None:
        self.fixed: datetime | None = None

    def now(self) -> datetime:
        return self.fixed or datetime.now(UTC)


@dataclass
class Portfolio:
    client: httpx.AsyncClient
    settings: Settings
    container: Container
    clock: MovableClock
    keys: Path
    producer: AIOKafkaProducer

    def auth(self, registration_number: str) -> dict[str, str]:
        token = mint_token(
            (self.keys / REGISTRY_KEY_FILE).read_bytes(),
            kid=REGISTRY_KID,
            issuer=REGISTRY_ISSUER,
            subject=registration_number,
            kind="register",
        )
        return {"Authorization": f"Bearer {token}"}

    def provider_token(self, provider_id: str, *, now: datetime | None = None) -> str:
        """A provider token of the development IdP (issued at `now`, valid for an hour)."""
        return mint_token(
            (self.keys / DEV_IDP_KEY_FILE).read_bytes(),
            kid=DEV_IDP_KID,
            issuer=DEV_IDP_ISSUER,
            subject=provider_id,
            kind="provider",
            now=now,
            extra_claims={PROVIDER_NAME_CLAIM: f"Aanbieder {provider_id}"},
        )

    def provider(self, provider_id: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.provider_token(provider_id)}"}

    def topic(self, topic: Topic) -> str:
        return self.settings.topic(topic.name)

    async def produce(
        self,
        topic: Topic,
        key: str,
        body: BaseModel | None,
        *,
        event_id: str | None = None,
        token: str | None = None,
        signed: bool = True,
    ) -> None:
        """Send `body`; an attendance report signed with `token` (by default its provider's
        own token), or not at all (`signed=False`)."""
        if body is None:
            await self.producer.send_and_wait(self.topic(topic), None, key=key.encode())
            return
        kwargs: dict[str, Any] = {"id": event_id} if event_id else {}
        event: CloudEvent[BaseModel] = CloudEvent(
            type="nl.lerarenregister.test.event", source="urn:test", data=body, **kwargs
        )
        value, headers = encode(event)
        if isinstance(body, AttendanceV1) and signed:
            headers.append(sender_header(token or self.provider_token(body.provider_id)))
        await self.producer.send_and_wait(
            self.topic(topic), value, key=key.encode(), headers=headers
        )

    async def register(
        self, number: str, start: date, end: date, sectors: tuple[str, ...] = ("PO",)
    ) -> None:
        """Publish the teacher's registration and wait until the portfolio knows the period."""
        body = RegistrationV1(
            registration_number=number,
            state="registered",
            voorletters="J.",
            achternaam="Jansen",
            sectors=list(sectors),
            qualified=True,
            period_start=start,
            period_end=end,
            updated_at=datetime.now(UTC),
        )
        await self.produce(REGISTRY_REGISTRATIONS, number, body)

        async def known() -> bool:
            response = await self.client.get("/v1/me/progress", headers=self.auth(number))
            periods = response.json()["periods"]
            return any(p["current"] and p["period_start"] == start.isoformat() for p in periods)

        assert await eventually(known, timeout=30)

    async def sql(self, query: str, *args: object) -> list[asyncpg.Record]:
        url = self.settings.database_url.replace("postgresql+asyncpg://", "postgresql://")
        connection = await asyncpg.connect(url)
        try:
            return list(await connection.fetch(query, *args))
        finally:
            await connection.close()


OURS = (
    REGISTRY_REGISTRATIONS,
    PORTFOLIO_ATTENDANCE,
    PORTFOLIO_PROGRESS,
    PRIVACY_ERASURE_REQUESTS,
    PRIVACY_ERASURE_CONFIRMATIONS,
    PROFESSION_ACCREDITATIONS,
    PORTFOLIO_ACTIVITY_FEEDBACK,
)


async def create_topics(bootstrap: str, suffix: str) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **client_options())
    await admin.start()
    try:
        new = [NewTopic(f"{t.name}{suffix}", 3, 1, topic_configs=t.config()) for t in OURS]
        new += [NewTopic(f"{t.name}{suffix}.dlq", 1, 1) for t in OURS]
        await admin.create_topics(new)
    finally:
        await admin.close()


@pytest.fixture
def evidence_max_bytes() -> int:
    return 10 * 1024 * 1024


@pytest_asyncio.fixture
async def portfolio(
    database_url: str,
    kafka_bootstrap: str,
    topic_suffix: str,
    dev_keys: Path,
    evidence_max_bytes: int,
) -> AsyncIterator[Portfolio]:
    await create_topics(kafka_bootstrap, topic_suffix)
    settings = Settings(
        environment="test",
        database_url=database_url,
        kafka_bootstrap_servers=kafka_bootstrap,
        topic_suffix=topic_suffix,
        jwks_file=dev_keys / "jwks.json",
        evidence_max_bytes=evidence_max_bytes,
        db_pool_size=4,
    )
    clock = MovableClock()
    app = create_app(settings, clock=clock)
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, **client_options())
    await producer.start()
    try:
        async with serve_in_process(app) as client:
            yield Portfolio(client, settings, app.state.container, clock, dev_keys, producer)
    finally:
        await producer.stop()
        await asyncio.sleep(0)
