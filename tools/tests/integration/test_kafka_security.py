"""The broker's trust boundary: who may read and write which topic, tried on the real broker.

The matrix comes from the same table the ACLs are applied from (`lr_shared.contracts.acls`):
every principal x every topic (dead-letter topics included) x {read, write} is tried, and the
broker must allow exactly what the table allows, and refuse the rest.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import (
    GroupAuthorizationFailedError,
    GroupCoordinatorNotAvailableError,
    TopicAuthorizationFailedError,
)
from aiokafka.protocol.fetch import FetchRequest
from pydantic import SecretStr

from lr_shared.contracts.acls import PRINCIPALS, Operation, Principal
from lr_shared.contracts.topics import all_topic_configs
from lr_shared.kafka import KafkaSecurity
from lr_tools.paths import Paths
from lr_tools.stack.kafka import dev_credentials, probe
from lr_tools.stack.topics import delete_topics, ensure_topics, suffixed

pytestmark = pytest.mark.integration

TOPIC_AUTHORIZATION_FAILED = 29


@pytest.fixture(scope="module")
def admin_security(kafka_bootstrap: str) -> KafkaSecurity:
    security = KafkaSecurity.from_env()
    if security.protocol == "PLAINTEXT":
        pytest.skip("the broker under test speaks PLAINTEXT (a stack from before SASL)")
    return security


def as_principal(admin: KafkaSecurity, name: str, password: str | None = None) -> KafkaSecurity:
    """The same broker and CA, as another SCRAM user (its development password by default)."""
    secret = password or dev_credentials(Paths.discover())[name]
    return KafkaSecurity("SASL_SSL", name, SecretStr(secret), admin.ca_file)


@pytest_asyncio.fixture(scope="module")
async def matrix_suffix(kafka_bootstrap: str, admin_security: KafkaSecurity) -> AsyncIterator[str]:
    """The catalogue under a suffix of its own, with the table's ACLs (as `lr stack up` and the
    fleets make them), deleted afterwards with its ACLs."""
    suffix = f".acl{uuid.uuid4().hex[:8]}"
    await ensure_topics(kafka_bootstrap, 1, suffix=suffix, security=admin_security)
    yield suffix
    await delete_topics(kafka_bootstrap, suffix=suffix, security=admin_security)


async def _may_write(producer: AIOKafkaProducer, topic: str) -> bool:
    try:
        await producer.send_and_wait(topic, b"matrix", key=b"matrix")  # compacted ones need one
    except TopicAuthorizationFailedError:
        return False
    return True


async def _may_read(admin: AIOKafkaAdminClient, topic: str) -> bool:
    # A Fetch without a consumer group: the consumer's own client logs a refusal and retries.
    request = FetchRequest(0, 1, 1024, 0, [(topic, [(0, 0, 1024)])])
    response = await admin._send_request(request)
    (_name, partitions), *_ = response.topics
    error_code: int = partitions[0][1]
    if error_code not in (0, TOPIC_AUTHORIZATION_FAILED):
        raise AssertionError(f"fetching {topic}: error {error_code}")
    return error_code == 0


async def _outcomes(
    bootstrap: str, security: KafkaSecurity, topics: list[str]
) -> dict[tuple[str, Operation], bool]:
    options = security.client_options()
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, enable_idempotence=False, acks=1, **options
    )
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **options)
    await producer.start()
    await admin.start()
    try:
        outcomes: dict[tuple[str, Operation], bool] = {}
        for topic in topics:
            outcomes[topic, "write"] = await _may_write(producer, topic)
            outcomes[topic, "read"] = await _may_read(admin, topic)
        return outcomes
    finally:
        await producer.stop()
        await admin.close()


@pytest.mark.parametrize("principal", PRINCIPALS, ids=lambda p: p.name)
async def test_each_principal_may_read_and_write_exactly_what_the_acl_table_grants(
    principal: Principal,
    kafka_bootstrap: str,
    admin_security: KafkaSecurity,
    matrix_suffix: str,
) -> None:
    topics = sorted(suffixed(all_topic_configs(), matrix_suffix))
    security = as_principal(admin_security, principal.name)

    actual = await _outcomes(kafka_bootstrap, security, topics)

    expected = {
        (topic, operation): principal.may(topic, operation, matrix_suffix)
        for topic in topics
        for operation in ("read", "write")
    }
    wrong = sorted(
        f"{operation} {topic}: broker {'allowed' if actual[topic, operation] else 'refused'}"
        for (topic, operation), allowed in expected.items()
        if actual[topic, operation] != allowed
    )
    assert wrong == [], "\n".join(wrong)


async def test_only_intake_writes_and_only_the_registry_reads_the_appointments() -> None:
    appointments = "lr.intake.appointments.v1"
    writers = {p.name for p in PRINCIPALS if p.may(appointments, "write")}
    readers = {p.name for p in PRINCIPALS if p.may(appointments, "read")}
    assert (writers, readers) == ({"lr-intake"}, {"lr-registry"})


async def test_a_principal_joins_only_consumer_groups_named_after_it(
    kafka_bootstrap: str, admin_security: KafkaSecurity
) -> None:
    security = as_principal(admin_security, "lr-consumers")
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap, **security.client_options())
    await admin.start()
    try:
        assert await _group_offsets(admin, "lr-consumers-matrix") == {}
        with pytest.raises(GroupAuthorizationFailedError):
            await _group_offsets(admin, "lr-registry-appointments")
    finally:
        await admin.close()


async def _group_offsets(admin: AIOKafkaAdminClient, group: str) -> dict[Any, Any]:
    # On a new broker the offsets topic (the group coordinator) is created on first demand.
    for _attempt in range(100):
        try:
            offsets: dict[Any, Any] = await admin.list_consumer_group_offsets(group)
        except GroupCoordinatorNotAvailableError:
            await asyncio.sleep(0.1)
        else:
            return offsets
    raise AssertionError("no group coordinator after 10 s")


async def test_a_client_without_credentials_cannot_fetch_metadata(
    kafka_bootstrap: str, admin_security: KafkaSecurity
) -> None:
    assert await probe(kafka_bootstrap, within=5.0, security=admin_security)
    assert not await probe(kafka_bootstrap, within=5.0, security=KafkaSecurity())


async def test_a_wrong_password_cannot_fetch_metadata(
    kafka_bootstrap: str, admin_security: KafkaSecurity
) -> None:
    wrong = as_principal(admin_security, "lr-intake", password="not-the-password")
    unknown = as_principal(admin_security, "lr-nobody", password="dev-kafka-nobody")
    assert not await probe(kafka_bootstrap, within=5.0, security=wrong)
    assert not await probe(kafka_bootstrap, within=5.0, security=unknown)


def test_the_development_ca_is_what_clients_verify_the_broker_with(
    admin_security: KafkaSecurity,
) -> None:
    assert admin_security.ca_file is not None
    assert Path(admin_security.ca_file).read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")
