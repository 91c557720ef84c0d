"""The native local stack as `lr stack up` leaves it: topics, databases, the SMTP sink."""

from __future__ import annotations

import asyncio
import smtplib
import subprocess
import sys
import uuid
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped,unused-ignore]
import pytest
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from lr_shared.contracts.topics import all_topic_configs
from lr_shared.kafka import client_options
from lr_tools.paths import Paths
from lr_tools.stack.topics import delete_topics, partitions_from_env

pytestmark = pytest.mark.integration

BOOTSTRAP = "127.0.0.1:19092"
POSTGRES = "postgresql://lr:lr@127.0.0.1:55432/postgres"


def _lr(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own CLI with fixed arguments
        [sys.executable, "-m", "lr_tools", *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def native_stack() -> Paths:
    """`lr stack up` natively; it is idempotent, so a running stack is simply reused."""
    result = _lr("stack", "up")
    assert result.returncode == 0, result.stderr
    return Paths.discover()


async def _topic_configs(admin: AIOKafkaAdminClient, names: list[str]) -> dict[str, Any]:
    responses = await admin.describe_configs(
        [ConfigResource(ConfigResourceType.TOPIC, name) for name in names]
    )
    return {
        resource[3]: {entry[0]: entry[1] for entry in resource[4]}
        for response in responses
        for resource in response.resources
    }


async def test_every_catalogue_topic_exists_with_its_cleanup_policy(native_stack: Paths) -> None:
    wanted = all_topic_configs()
    admin = AIOKafkaAdminClient(bootstrap_servers=BOOTSTRAP, **client_options())
    await admin.start()
    try:
        described = {t["topic"]: t for t in await admin.describe_topics(list(wanted))}
        actual = await _topic_configs(admin, list(wanted))
    finally:
        await admin.close()

    assert set(wanted) <= set(described)
    for name, config in wanted.items():
        assert len(described[name]["partitions"]) == partitions_from_env(), name
        for key, value in config.items():
            assert actual[name][key] == value, (name, key)
    assert actual["lr.registry.contacts.v1"]["cleanup.policy"] == "compact"
    assert actual["lr.registry.events.v1.dlq"]["cleanup.policy"] == "delete"


async def test_each_service_has_its_own_database_owned_by_its_role(native_stack: Paths) -> None:
    connection = await asyncpg.connect(POSTGRES)
    try:
        rows = await connection.fetch(
            "select d.datname, r.rolname from pg_database d join pg_roles r on r.oid = d.datdba"
        )
    finally:
        await connection.close()

    owners = {row["datname"]: row["rolname"] for row in rows}
    for service in ("intake", "registry", "portfolio", "notifications", "portal", "profession"):
        assert owners.get(f"lr_{service}") == f"lr_{service}", service


def _send(subject: str) -> None:
    message = EmailMessage()
    message["From"] = "noreply@lerarenregister.example"
    message["To"] = "docent@example.org"
    message["Subject"] = subject
    message.set_content("Uw registratie wacht op bevestiging.")
    with smtplib.SMTP("127.0.0.1", 1025, timeout=10) as client:
        client.send_message(message)


def _mail_with_subject(directory: Path, subject: str) -> EmailMessage | None:
    for path in directory.glob("*.eml"):
        parsed = message_from_bytes(path.read_bytes(), policy=policy.default)
        if parsed["Subject"] == subject:
            assert isinstance(parsed, EmailMessage)
            return parsed
    return None


async def _find_mail(directory: Path, subject: str, within: float = 10.0) -> EmailMessage | None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while loop.time() < deadline:
        found = await asyncio.to_thread(_mail_with_subject, directory, subject)
        if found is not None:
            return found
        await asyncio.sleep(0.1)
    return None


async def test_a_mail_sent_to_port_1025_is_kept_under_var_mail(native_stack: Paths) -> None:
    subject = f"Herregistratie {uuid.uuid4()}"

    await asyncio.to_thread(_send, subject)

    found = await _find_mail(native_stack.mail, subject)
    assert found is not None
    assert found["To"] == "docent@example.org"


def test_a_second_stack_up_starts_nothing_new(native_stack: Paths) -> None:
    pids_before = {p.name: p.read_text() for p in native_stack.run.glob("*.pid")}

    result = _lr("stack", "up")

    assert result.returncode == 0, result.stderr
    assert "already running" in result.stderr
    assert {p.name: p.read_text() for p in native_stack.run.glob("*.pid")} == pids_before


def test_stack_status_reports_every_component_healthy(native_stack: Paths) -> None:
    result = _lr("stack", "status")

    assert result.returncode == 0, result.stdout
    for component in ("kafka", "postgres", "smtp"):
        assert component in result.stdout
    assert "stopped" not in result.stdout


async def test_a_runs_clean_up_deletes_its_topics_and_their_dead_letter_topics_only() -> None:
    run, other = f".t{uuid.uuid4().hex[:10]}", f".t{uuid.uuid4().hex[:10]}"
    ours = [f"lr.intake.appointments.v1{run}", f"lr.intake.appointments.v1{run}.dlq"]
    theirs = [f"lr.intake.appointments.v1{other}", f"lr.intake.appointments.v1{other}.dlq"]
    admin = AIOKafkaAdminClient(bootstrap_servers=BOOTSTRAP, **client_options())
    await admin.start()
    try:
        await admin.create_topics([NewTopic(name, 1, 1) for name in ours + theirs])
        deleted = await delete_topics(BOOTSTRAP, suffix=run)
        remaining = set(await admin.list_topics())
        await delete_topics(BOOTSTRAP, suffix=other)
    finally:
        await admin.close()
    assert sorted(deleted) == sorted(ours)
    assert set(theirs) <= remaining
