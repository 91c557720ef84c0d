"""The notifications service in-process on the real stack, a real SMTP sink, and a stand-in for
the registry that publishes events, contacts, tombstones and erasure requests."""

from __future__ import annotations

import email.parser
import email.policy
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, date, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from lr_notifications.entrypoints.app import create_app
from lr_notifications.settings import Settings
from lr_shared.cloudevents import CloudEvent, encode, event_type, source
from lr_shared.contracts import topics
from lr_shared.contracts.privacy import ErasureRequestV1
from lr_shared.contracts.profession import VoteInvitationV1
from lr_shared.contracts.registry import ContactV1, RegistryEventV1
from lr_shared.kafka import client_options
from lr_tools.fleet import free_port
from lr_tools.testing import eventually, serve_in_process

pytestmark = pytest.mark.integration

BASE_URL = "https://lerarenregister.test"
TOPICS = (
    topics.REGISTRY_EVENTS,
    topics.REGISTRY_CONTACTS,
    topics.PRIVACY_ERASURE_REQUESTS,
    topics.PRIVACY_ERASURE_CONFIRMATIONS,
    topics.PROFESSION_VOTE_INVITATIONS,
)


def registration_number() -> str:
    return f"LR{uuid.uuid4().int % 10**8:08d}"


class Registry:
    """Publishes what the registry would, on this test's topics."""

    def __init__(self, producer: AIOKafkaProducer, suffix: str) -> None:
        self._producer = producer
        self.suffix = suffix

    async def _send(self, topic: str, key: str, event: CloudEvent[Any] | None) -> None:
        value, headers = encode(event) if event is not None else (None, [])
        await self._producer.send_and_wait(
            topic + self.suffix, value, key=key.encode(), headers=headers
        )

    async def event(
        self,
        number: str,
        kind: str,
        *,
        key: str | None = None,
        period_end: date | None = None,
        moment: str | None = None,
        ce_id: str | None = None,
        state: str = "pending_confirmation",
        reason: str | None = None,
    ) -> str:
        data = RegistryEventV1(
            event_id=uuid.uuid4(),
            kind=kind,  # type: ignore[arg-type]
            registration_number=number,
            state=state,  # type: ignore[arg-type]
            occurred_at=datetime.now(UTC),
            notification_key=key or f"{kind}:{period_end or '-'}:{moment or '-'}",
            period_end=period_end,
            moment=moment,  # type: ignore[arg-type]
            reason=reason,
        )
        event = CloudEvent(
            type=event_type("registry", kind),
            source=source("registry"),
            data=data,
            subject=number,
            id=ce_id or str(uuid.uuid4()),
        )
        await self._send(topics.REGISTRY_EVENTS.name, number, event)
        return event.id

    async def contact(
        self, number: str, *, email: str | None, language: str = "nl", name: str = "Jansen"
    ) -> str:
        data = ContactV1(
            registration_number=number,
            voorletters="J.P.",
            tussenvoegsel="van der",
            achternaam=name,
            email=email,
            language=language,  # type: ignore[arg-type]
        )
        event = CloudEvent(
            type=event_type("registry", "contact"), source=source("registry"), data=data
        )
        await self._send(topics.REGISTRY_CONTACTS.name, number, event)
        return event.id

    async def tombstone(self, number: str) -> None:
        await self._send(topics.REGISTRY_CONTACTS.name, number, None)

    async def erasure_request(self, number: str, *, asked_by_teacher: bool = True) -> uuid.UUID:
        data = ErasureRequestV1(
            request_id=uuid.uuid4(),
            registration_number=number,
            requested_at=datetime.now(UTC),
            services=["notifications"],
            asked_by_teacher=asked_by_teacher,
        )
        event = CloudEvent(
            type=event_type("registry", "erasure-requested"), source=source("registry"), data=data
        )
        await self._send(topics.PRIVACY_ERASURE_REQUESTS.name, number, event)
        return data.request_id

    async def vote_invitation(
        self, number: str, vote_id: uuid.UUID, closes_at: datetime, *, ce_id: str | None = None
    ) -> str:
        """What the profession publishes for each registered teacher when a vote opens."""
        data = VoteInvitationV1(
            vote_id=vote_id,
            registration_number=number,
            closes_at=closes_at,
            notification_key=f"vote-opened:{vote_id}",
        )
        event = CloudEvent(
            type=event_type("profession", "vote-invitation"),
            source=source("profession"),
            data=data,
            subject=number,
            id=ce_id or str(uuid.uuid4()),
        )
        await self._send(topics.PROFESSION_VOTE_INVITATIONS.name, number, event)
        return event.id


class Mailbox:
    """What the SMTP sink received, parsed the way a mail client would."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def all(self) -> list[EmailMessage]:
        parser = email.parser.BytesParser(policy=email.policy.default)
        return [
            parser.parsebytes(path.read_bytes()) for path in sorted(self.directory.glob("*.eml"))
        ]

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.all() if m["To"] == address]


@pytest.fixture
def mailbox(mail_sink: Any) -> Mailbox:
    return Mailbox(mail_sink.directory)


@pytest.fixture
def new_number() -> Callable[[], str]:
    return registration_number


@pytest_asyncio.fixture
async def created_topics(kafka_bootstrap: str, topic_suffix: str) -> str:
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap, **client_options())
    await admin.start()
    try:
        names = [t.name + topic_suffix for t in TOPICS]
        names += [f"{t.name}{topic_suffix}.dlq" for t in TOPICS]
        await admin.create_topics([NewTopic(name, 3, 1) for name in names])
    finally:
        await admin.close()
    return topic_suffix


@pytest_asyncio.fixture
async def registry(kafka_bootstrap: str, created_topics: str) -> AsyncIterator[Registry]:
    producer = AIOKafkaProducer(
        bootstrap_servers=kafka_bootstrap, enable_idempotence=True, **client_options()
    )
    await producer.start()
    yield Registry(producer, created_topics)
    await producer.stop()


@pytest.fixture
def make_settings(
    database_url: str, kafka_bootstrap: str, created_topics: str, dev_keys: Path, mail_sink: Any
) -> Callable[..., Settings]:
    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "environment": "test",
            "database_url": database_url,
            "kafka_bootstrap_servers": kafka_bootstrap,
            "topic_suffix": created_topics,
            "jwks_file": dev_keys / "jwks.json",
            "smtp_host": mail_sink.host,
            "smtp_port": mail_sink.port,
            "portal_base_url": BASE_URL,
            "send_poll_seconds": 0.1,
            "retry_base_seconds": 0.3,
            "retry_max_seconds": 2.0,
            **overrides,
        }
        return Settings(**values)

    return make


@pytest_asyncio.fixture
async def service(make_settings: Callable[..., Settings]) -> AsyncIterator[httpx.AsyncClient]:
    async with serve_in_process(create_app(make_settings())) as client:
        yield client


@pytest.fixture
def stats(service: httpx.AsyncClient) -> Callable[[], Any]:
    async def read() -> dict[str, Any]:
        response = await service.get("/v1/notifications/stats")
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        return result

    return read


class ServiceProcess:
    """`python -m lr_notifications` as its own process, so a failpoint can end it for real."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.log = log
        with log.open("ab") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "lr_notifications"],
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )

    async def exited(self, timeout: float) -> int | None:
        """The exit code once the process has ended (None if it still runs after `timeout`)."""

        async def ended() -> bool:
            return self.process.poll() is not None

        await eventually(ended, timeout=timeout)
        return self.process.poll()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


@pytest.fixture
def start_service(
    database_url: str,
    kafka_bootstrap: str,
    created_topics: str,
    dev_keys: Path,
    mail_sink: Any,
    tmp_path: Path,
) -> Iterator[Callable[..., ServiceProcess]]:
    """Start the service as a process on this test's database, topics and SMTP sink; `LR_`
    settings as keyword arguments (`smtp_pool_size=4`). Every process is stopped afterwards."""
    started: list[ServiceProcess] = []
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("LR_")}
    # How this test process reaches the broker (the stack's tooling principal, over SASL_SSL
    # when the stack is secured): the topics are this test's own, created without ACLs.
    kafka = {k: v for k, v in os.environ.items() if k.startswith("LR_KAFKA_")}

    def start(**settings: object) -> ServiceProcess:
        env = {
            **inherited,
            **kafka,
            "LR_ENVIRONMENT": "test",
            "LR_DATABASE_URL": database_url,
            "LR_KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
            "LR_TOPIC_SUFFIX": created_topics,
            "LR_JWKS_FILE": str(dev_keys / "jwks.json"),
            "LR_HTTP_PORT": str(free_port()),
            "LR_SMTP_HOST": mail_sink.host,
            "LR_SMTP_PORT": str(mail_sink.port),
            "LR_PORTAL_BASE_URL": BASE_URL,
            "LR_SEND_POLL_SECONDS": "0.1",
            "LR_LOG_LEVEL": "WARNING",
            **{f"LR_{name.upper()}": str(value) for name, value in settings.items()},
        }
        process = ServiceProcess(env, tmp_path / f"notifications-{len(started) + 1}.log")
        started.append(process)
        return process

    yield start
    for process in started:
        process.stop()


@pytest_asyncio.fixture
async def database(database_url: str) -> AsyncIterator[Any]:
    """A plain asyncpg connection to the service's database, to look at what it recorded."""
    import asyncpg

    connection = await asyncpg.connect(database_url.replace("postgresql+asyncpg", "postgresql"))
    yield connection
    await connection.close()
