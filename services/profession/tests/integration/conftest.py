"""The profession in-process on the real stack, with a clock the test controls."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
import pytest_asyncio
from aiokafka import AIOKafkaProducer, ConsumerRecord
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from pydantic import BaseModel

from lr_profession.bootstrap import Container
from lr_profession.entrypoints.app import create_app
from lr_profession.settings import Settings
from lr_shared.auth import (
    DEV_IDP_ISSUER,
    DEV_IDP_KEY_FILE,
    DEV_IDP_KID,
    PROVIDER_BOARD_CLAIM,
    PROVIDER_NAME_CLAIM,
    REGISTRY_ISSUER,
    REGISTRY_KEY_FILE,
    REGISTRY_KID,
    mint_token,
)
from lr_shared.cloudevents import CloudEvent, encode, event_type, source
from lr_shared.contracts import topics
from lr_shared.contracts.portfolio import AttendanceV1
from lr_shared.contracts.registry import RegistrationV1, SchoolRefV1
from lr_shared.kafka import client_options
from lr_shared.signed import sender_header
from lr_tools.testing import consume, eventually, serve_in_process

pytestmark = pytest.mark.integration

START = datetime(2026, 9, 1, 9, tzinfo=UTC)

PROFESSION_TOPICS = (
    topics.REGISTRY_REGISTRATIONS,
    topics.PROFESSION_ACCREDITATIONS,
    topics.PROFESSION_VOTES,
    topics.PROFESSION_VOTE_INVITATIONS,
    topics.PORTFOLIO_ACTIVITY_FEEDBACK,
    topics.PRIVACY_ERASURE_REQUESTS,
    topics.PRIVACY_ERASURE_CONFIRMATIONS,
)

ROLL_KEY = "test-vote-roll-key-0123456789abcdef"


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def random_number() -> str:
    return f"LR{random.randint(0, 99_999_999):08d}"


def offer(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "offer_reference": f"REF-{random.randint(0, 10**9)}",
        "title": "Formatief evalueren in de klas",
        "description": "Vier bijeenkomsten over feedback en formatief handelen.",
        "type": "course",
        "sectors": ["PO"],
        "planned_hours": "12",
        "core": True,
        "start_date": "2026-10-01",
        "end_date": "2026-12-01",
    }
    body.update(changes)
    return body


def review_body(
    criteria: Sequence[str], verdict: str = "approve", hours: str | None = "10", score: int = 4
) -> dict[str, Any]:
    return {
        "scores": [
            {"criterion": c, "score": score, "reason": f"Goed onderbouwd: {c}."} for c in criteria
        ],
        "verdict": verdict,
        "proposed_hours": hours if verdict == "approve" else None,
    }


@dataclass
class Profession:
    client: httpx.AsyncClient
    container: Container
    settings: Settings
    clock: Clock
    bootstrap: str
    dsn: str
    dev_keys: Path
    producer: AIOKafkaProducer

    def topic(self, topic: topics.Topic) -> str:
        return self.settings.topic(topic.name)

    def provider_token(
        self, provider_id: str, name: str = "Penta Nova", board: str | None = None
    ) -> str:
        claims: dict[str, Any] = {PROVIDER_NAME_CLAIM: name}
        if board is not None:
            claims[PROVIDER_BOARD_CLAIM] = board
        return mint_token(
            (self.dev_keys / DEV_IDP_KEY_FILE).read_bytes(),
            kid=DEV_IDP_KID,
            issuer=DEV_IDP_ISSUER,
            subject=provider_id,
            kind="provider",
            extra_claims=claims,
        )

    def provider(
        self, provider_id: str, name: str = "Penta Nova", board: str | None = None
    ) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.provider_token(provider_id, name, board)}"}

    def teacher(self, number: str) -> dict[str, str]:
        token = mint_token(
            (self.dev_keys / REGISTRY_KEY_FILE).read_bytes(),
            kid=REGISTRY_KID,
            issuer=REGISTRY_ISSUER,
            subject=number,
            kind="register",
        )
        return {"Authorization": f"Bearer {token}"}

    async def produce(self, topic: topics.Topic, key: str, data: BaseModel | None) -> None:
        if data is None:
            await self.producer.send_and_wait(self.topic(topic), None, key=key.encode())
            return
        event = CloudEvent(type=event_type("test", "event"), source=source("test"), data=data)
        value, headers = encode(event)
        if isinstance(data, AttendanceV1):  # signed by its provider, as the portfolio asks
            headers.append(sender_header(self.provider_token(data.provider_id)))
        await self.producer.send_and_wait(
            self.topic(topic), value, key=key.encode(), headers=headers
        )

    async def registration(
        self,
        number: str,
        *,
        state: str = "registered",
        sectors: Sequence[str] = ("PO",),
        boards: Sequence[str] = ("41234",),
        wait: bool = True,
    ) -> RegistrationV1:
        body = RegistrationV1.model_validate(
            {
                "registration_number": number,
                "state": state,
                "voorletters": "J.",
                "achternaam": "Jansen",
                "sectors": list(sectors),
                "schools": [
                    SchoolRefV1(brin=f"{10 + i}AB", brin_volgnummer="00", bevoegd_gezag=b)
                    for i, b in enumerate(boards)
                ],
                "qualified": True,
                "period_start": "2026-08-01",
                "period_end": "2030-08-01",
                "updated_at": datetime.now(UTC),
            }
        )
        await self.produce(topics.REGISTRY_REGISTRATIONS, number, body)
        if wait:
            await self.until(
                "select state from registrations where registration_number = $1",
                number,
                expected=state,
            )
        return body

    async def erase(self, number: str) -> None:
        await self.produce(topics.REGISTRY_REGISTRATIONS, number, None)
        await self.until(
            "select count(*) from registrations where registration_number = $1", number, expected=0
        )

    async def panelist(
        self, sector: str = "PO", boards: Sequence[str] = ("41234",), number: str | None = None
    ) -> str:
        """A registered teacher on a panel of `sector`."""
        number = number or random_number()
        await self.registration(number, sectors=(sector,), boards=boards)
        response = await self.client.put(
            "/v1/me/panel-membership",
            json={"sector": sector, "subjects": ["rekenen"]},
            headers=self.teacher(number),
        )
        assert response.status_code == 200, response.text
        return number

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

    async def reviewers(self, request_id: str, state: str | None = None) -> set[str]:
        rows = await self.rows(
            "select registration_number from reviews where request_id = $1"
            " and ($2::text is null or state = $2)",
            request_id,
            state,
        )
        return {row[0] for row in rows}

    async def open_review_of(self, number: str, request_id: str) -> str:
        review_id = await self.value(
            "select id::text from reviews where registration_number = $1 and request_id = $2"
            " and state = 'open'",
            number,
            request_id,
        )
        assert review_id is not None
        return str(review_id)

    async def criteria_codes(self) -> list[str]:
        response = await self.client.get("/v1/criteria")
        assert response.status_code == 200
        return [c["code"] for c in response.json()["criteria"]]

    async def messages(
        self, topic: topics.Topic, count: int, timeout: float = 20
    ) -> list[ConsumerRecord]:
        return await consume(self.bootstrap, self.topic(topic), count=count, timeout=timeout)


async def create_topics(bootstrap: str, suffix: str, names: Sequence[topics.Topic]) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **client_options())
    await admin.start()
    try:
        new = [NewTopic(f"{t.name}{suffix}", 3, 1, topic_configs=t.config()) for t in names]
        new += [NewTopic(f"{t.name}{suffix}.dlq", 1, 1) for t in names]
        await admin.create_topics(new)
    finally:
        await admin.close()


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {}


def profession_settings(
    database_url: str, kafka_bootstrap: str, topic_suffix: str, dev_keys: Path, **overrides: Any
) -> Settings:
    values: dict[str, Any] = {
        "environment": "test",
        "database_url": database_url,
        "kafka_bootstrap_servers": kafka_bootstrap,
        "topic_suffix": topic_suffix,
        "jwks_file": dev_keys / "jwks.json",
        "sweep_enabled": False,
        "db_pool_size": 4,
        "vote_roll_key": ROLL_KEY,
        **overrides,
    }
    return Settings(**values)


@pytest_asyncio.fixture
async def profession(
    database_url: str,
    kafka_bootstrap: str,
    topic_suffix: str,
    dev_keys: Path,
    settings_overrides: dict[str, Any],
) -> AsyncIterator[Profession]:
    await create_topics(kafka_bootstrap, topic_suffix, PROFESSION_TOPICS)
    settings = profession_settings(
        database_url, kafka_bootstrap, topic_suffix, dev_keys, **settings_overrides
    )
    clock = Clock(START)
    app = create_app(settings, clock=clock)
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, **client_options())
    await producer.start()
    try:
        async with serve_in_process(app) as client:
            yield Profession(
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
