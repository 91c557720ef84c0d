"""Pytest plugin (`-p lr_tools.testing`): the real stack for every test.

Endpoints come from the environment first (LR_TEST_KAFKA_BOOTSTRAP, LR_TEST_POSTGRES_URL), then
from testcontainers when a Docker engine answers, else from the native stack (`lr stack up`).
Every test gets its own database and its own topic suffix, so tests never share state.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
import pytest_asyncio
from aiokafka import AIOKafkaConsumer, ConsumerRecord

from lr_shared.auth import generate_dev_keys
from lr_shared.kafka import client_options
from lr_tools.stack.compose import docker_engine_available
from lr_tools.stack.kafka import use_stack_client_env
from lr_tools.stack.privileges import SERVICES, create_service_database, service_url
from lr_tools.stack.topics import delete_topics

NATIVE_KAFKA = "127.0.0.1:19092"
NATIVE_POSTGRES = "postgresql://lr:lr@127.0.0.1:55432/postgres"


@dataclass(frozen=True)
class StackEndpoints:
    kafka_bootstrap: str
    postgres_url: str  # an admin URL (libpq form) to the `postgres` database
    origin: str


def _start_containers(stack: list[Any]) -> StackEndpoints:
    """Throwaway containers where a Docker engine answers. Their Kafka speaks PLAINTEXT (not
    the secured broker: docs/security.md, "Docker"), so the session's clients must too, whatever
    a stack's var/kafka/client.env put in the environment; the ACL matrix test skips."""
    from testcontainers.community.kafka import KafkaContainer
    from testcontainers.community.postgres import PostgresContainer

    kafka = KafkaContainer("apache/kafka:4.1.0").with_kraft()
    postgres = PostgresContainer(
        "postgres:15",
        username="lr",
        password="lr",  # noqa: S106 - a throwaway test container
        dbname="postgres",
    )
    kafka.start()
    stack.append(kafka)
    for name in ("LR_KAFKA_USERNAME", "LR_KAFKA_PASSWORD", "LR_KAFKA_CA_FILE"):
        os.environ.pop(name, None)
    os.environ["LR_KAFKA_SECURITY_PROTOCOL"] = "PLAINTEXT"
    postgres.start()
    stack.append(postgres)
    host = postgres.get_container_host_ip()
    port = postgres.get_exposed_port(5432)
    return StackEndpoints(
        kafka.get_bootstrap_server(), f"postgresql://lr:lr@{host}:{port}/postgres", "docker"
    )


def _start_native() -> StackEndpoints:
    subprocess.run([sys.executable, "-m", "lr_tools", "stack", "up"], check=True)
    use_stack_kafka_security()
    return StackEndpoints(NATIVE_KAFKA, NATIVE_POSTGRES, "native")


def use_stack_kafka_security() -> None:
    """Test clients (fixtures, producers and consumers in tests, in-process services) reach the
    native broker as its tooling admin, the way it was started (SASL_SSL with the stack's CA);
    `LR_KAFKA_*` already in the environment win. Services run by fleets get their own."""
    use_stack_client_env()


def pytest_configure(config: pytest.Config) -> None:
    if not os.environ.get("LR_TEST_KAFKA_BOOTSTRAP"):
        use_stack_kafka_security()  # for tests that reach the native stack without `stack`


@pytest.fixture(scope="session")
def stack() -> Iterator[StackEndpoints]:
    env_kafka = os.environ.get("LR_TEST_KAFKA_BOOTSTRAP")
    env_postgres = os.environ.get("LR_TEST_POSTGRES_URL")
    if env_kafka and env_postgres:
        yield StackEndpoints(env_kafka, env_postgres, "environment")
        return
    containers: list[Any] = []
    try:
        yield _start_containers(containers) if docker_engine_available() else _start_native()
    finally:
        for container in reversed(containers):
            container.stop()


@pytest.fixture(scope="session")
def kafka_bootstrap(stack: StackEndpoints) -> str:
    return stack.kafka_bootstrap


@pytest_asyncio.fixture
async def topic_suffix(kafka_bootstrap: str) -> AsyncIterator[str]:
    """Appended to every topic name a test's services use: topics of their own per test,
    deleted afterwards (thousands of left-over partitions slow the broker down)."""
    suffix = f".t{uuid.uuid4().hex[:10]}"
    yield suffix
    await delete_topics(kafka_bootstrap, suffix=suffix)


def asyncpg_url(libpq_url: str, database: str) -> str:
    base = libpq_url.rsplit("/", 1)[0]
    return f"{base.replace('postgresql://', 'postgresql+asyncpg://', 1)}/{database}"


@asynccontextmanager
async def service_database(stack: StackEndpoints, service: str | None) -> AsyncIterator[str]:
    """A new, empty database (SQLAlchemy asyncpg URL), dropped afterwards. For a service, it is
    owned by the service's role and the URL logs in as that role, as the service does in
    production; with `service=None`, it is the administrator's (for the shared library's own
    tests, which belong to no service)."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    if service is None:
        admin = await asyncpg.connect(stack.postgres_url)
        try:
            await admin.execute(f'create database "{name}"')
        finally:
            await admin.close()
        url = asyncpg_url(stack.postgres_url, name)
    else:
        await create_service_database(stack.postgres_url, name, service)
        url = service_url(stack.postgres_url, service, name)
    try:
        yield url
    finally:
        admin = await asyncpg.connect(stack.postgres_url)
        try:
            await admin.execute(f'drop database if exists "{name}" with (force)')
        finally:
            await admin.close()


def as_administrator(stack: StackEndpoints, database_url: str) -> str:
    """The same database, logged in as the administrator: for a service a test runs with
    `environment="production"`, which refuses the service roles' development passwords."""
    return asyncpg_url(stack.postgres_url, database_url.rsplit("/", 1)[1])


def service_under_test(path: Path) -> str | None:
    """The service whose tests `path` is among (services/<service>/tests/...), if any."""
    parts = path.parts
    for index, part in enumerate(parts[:-2]):
        if part == "services" and parts[index + 1] in SERVICES and parts[index + 2] == "tests":
            return parts[index + 1]
    return None


@pytest_asyncio.fixture
async def database_url(stack: StackEndpoints, request: pytest.FixtureRequest) -> AsyncIterator[str]:
    """A new, empty database for this test (SQLAlchemy asyncpg URL); dropped afterwards. In a
    service's tests it is owned by, and reached as, that service's role (see service_database)."""
    async with service_database(stack, service_under_test(request.path)) as url:
        yield url


@pytest.fixture(scope="session")
def dev_keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory with development signing keys and their JWKS (`jwks.json`)."""
    directory = tmp_path_factory.mktemp("keys")
    generate_dev_keys(directory)
    return directory


@pytest_asyncio.fixture
async def mail_sink(tmp_path: Path) -> AsyncIterator[Any]:
    """A real SMTP server (the stack's own sink) on a free port, writing into a temp folder."""
    from lr_tools.mailsink import MailSink

    sink = MailSink(host="127.0.0.1", port=0, directory=tmp_path / "mail")
    await sink.start()
    yield sink
    await sink.stop()


async def consume(
    bootstrap: str,
    topic: str,
    *,
    count: int,
    timeout: float = 30.0,
    isolation_level: str = "read_uncommitted",
) -> list[ConsumerRecord]:
    """Read at least `count` records of a topic from the beginning (fewer if the time runs out)."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        **client_options(),
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        isolation_level=isolation_level,
    )
    await consumer.start()
    records: list[ConsumerRecord] = []
    try:
        deadline = asyncio.get_running_loop().time() + timeout
        while len(records) < count and asyncio.get_running_loop().time() < deadline:
            batches = await consumer.getmany(timeout_ms=500)
            for batch in batches.values():
                records.extend(batch)
    finally:
        await consumer.stop()
    return records


async def eventually(
    probe: Callable[[], Awaitable[bool]], *, timeout: float = 30.0, interval: float = 0.2
) -> bool:
    """Poll `probe` until it is true or the time runs out; returns the last answer."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        if await probe():
            return True
        if asyncio.get_running_loop().time() >= deadline:
            return False
        await asyncio.sleep(interval)


@asynccontextmanager
async def serve_in_process(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    """Run a service's app (lifespan included: migrations, consumers, relay) in this process and
    give an HTTP client to it."""
    from asgi_lifespan import LifespanManager

    async with LifespanManager(app, startup_timeout=60, shutdown_timeout=60) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
            yield client


RawStatement = Callable[[Any], Awaitable[None]]


async def _raw_inbox_insert(uow: Any) -> None:
    connection = await uow.raw()
    await connection.execute(
        "insert into inbox (consumer, message_id) values ('rollback-test', 'm-1')"
    )


async def raw_statement_outcome(
    database_url: str,
    migrations: Path,
    make_uow: Callable[[Any], Any],
    *,
    statement: RawStatement = _raw_inbox_insert,
    commit: bool,
) -> int:
    """Run `statement` (by default a raw INSERT into the inbox through `uow.raw()`, the raw
    connection every service gets from lr_shared) in the service's own unit of work on its
    migrated database, commit it or leave without committing, and count the inbox rows it left
    for the consumer `rollback-test`. A raw statement must live and die with its unit of work."""
    from sqlalchemy import text

    from lr_shared.db import create_engine, create_sessionmaker, run_migrations

    await run_migrations(migrations, database_url)
    engine = create_engine(database_url, pool_size=1)
    try:
        async with make_uow(create_sessionmaker(engine)) as uow:
            await statement(uow)
            if commit:
                await uow.commit()
        async with engine.connect() as connection:
            count = await connection.scalar(
                text("select count(*) from inbox where consumer = 'rollback-test'")
            )
        return int(count or 0)
    finally:
        await engine.dispose()
