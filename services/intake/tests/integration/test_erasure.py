"""Intake's part of the erasure saga and a board's delivery after it, on the real PostgreSQL
and Kafka with the intake service (its relay included) in this process."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import asyncpg
import pytest
from aiokafka import AIOKafkaProducer

from lr_intake.devdata.deliveries import generate_rows
from lr_intake.devdata.files import render_delivery
from lr_intake.domain import codes
from lr_shared.bsn import keyed_hash
from lr_shared.cloudevents import CloudEvent, encode
from lr_shared.contracts.privacy import ErasureConfirmationV1, ErasureRequestV1
from lr_shared.contracts.topics import (
    INTAKE_APPOINTMENTS,
    PRIVACY_ERASURE_CONFIRMATIONS,
    PRIVACY_ERASURE_REQUESTS,
)
from lr_shared.kafka import client_options
from lr_tools.testing import consume

from .conftest import Service, frozen_now, upload, wait_completed
from .test_correction_answers import a_request, filed

pytestmark = pytest.mark.integration

NUMBER = "LR00054321"


async def _count(service: Service, sql: str, *args: Any) -> int:
    connection = await asyncpg.connect(service.settings.database_url.replace("+asyncpg", ""))
    try:
        return int(await connection.fetchval(sql, *args))
    finally:
        await connection.close()


async def _send(service: Service, request: ErasureRequestV1) -> None:
    event = CloudEvent(
        type="nl.lerarenregister.registry.erasure-requested",
        source="urn:test",
        data=request,
        id=f"erasure-{request.request_id}",
    )
    value, headers = encode(event)
    producer = AIOKafkaProducer(
        bootstrap_servers=service.settings.kafka_bootstrap_servers, **client_options()
    )
    await producer.start()
    try:
        await producer.send_and_wait(
            service.topic(PRIVACY_ERASURE_REQUESTS.name),
            value,
            key=request.registration_number.encode(),
            headers=headers,
        )
    finally:
        await producer.stop()


async def _keys_on_topic(service: Service) -> list[bytes]:
    records = await consume(
        service.settings.kafka_bootstrap_servers,
        service.topic(INTAKE_APPOINTMENTS.name),
        count=10_000,
        timeout=5,
    )
    return [r.key for r in records]


async def test_intake_erases_the_teacher_confirms_and_withholds_her_redelivery(
    intake: Service,
) -> None:
    board = intake.reference.boards[0].bevoegd_gezag
    generated = generate_rows(
        intake.reference, rows=12, boards=[board], error_share=0.0, seed=41,
        today=frozen_now().date(),
    )  # fmt: skip
    rows = [r.values for r in generated]
    bsn = rows[0]["bsn"]
    hers = [n for n, row in enumerate(rows, 2) if row["bsn"] == bsn]
    key = keyed_hash(bsn, intake.settings.bsn_hash_key.get_secret_value().encode())
    first = await upload(intake, render_delivery(rows), board)
    assert first.status_code == 202
    await wait_completed(intake, first.json()["id"], board)
    assert await _count(intake, "select count(*) from appointments where teacher = $1",
                        key.encode()) == len(hers)  # fmt: skip
    published_before = await _keys_on_topic(intake)
    assert published_before.count(key.encode()) == len(hers)
    disputed = a_request(intake, board, NUMBER)
    await filed(intake, disputed)

    request = ErasureRequestV1(
        request_id=uuid4(),
        registration_number=NUMBER,
        requested_at=datetime.now(UTC),
        services=["portfolio", "notifications", "intake", "profession"],
        bsn_hash=key,
    )
    for _ in range(2):  # the same record twice (same ce_id), as a redelivery brings it
        await _send(intake, request)

    records = await consume(
        intake.settings.kafka_bootstrap_servers,
        intake.topic(PRIVACY_ERASURE_CONFIRMATIONS.name),
        count=2,
        timeout=15,
    )
    confirmations = [ErasureConfirmationV1.model_validate_json(r.value) for r in records]
    assert [(c.request_id, c.service, c.registration_number) for c in confirmations] == [
        (request.request_id, "intake", NUMBER)
    ]
    assert records[0].key == NUMBER.encode()
    assert dict(records[0].headers)["ce_id"] == f"intake-erasure-{request.request_id}".encode()
    assert await _count(intake, "select count(*) from appointments where teacher = $1",
                        key.encode()) == 0  # fmt: skip
    assert await _count(intake, "select count(*) from appointments") == len(rows) - len(hers)
    assert await _count(intake, "select count(*) from correction_requests "
                        "where body ->> 'registration_number' = $1", NUMBER) == 0  # fmt: skip
    gone = await intake.client.get(
        f"/v1/boards/{board}/correction-requests/{disputed.request_id}",
        headers=intake.headers(board),
    )
    assert gone.status_code == 404
    assert await _count(intake, "select count(*) from erasure_markers where teacher = $1 "
                        "and erased_on is not null", key.encode()) == 1  # fmt: skip

    # The board delivers the same file again: her rows are received and reported, not passed
    # on (before, they were "unchanged"; with her rows erased they would have been "new").
    second = await upload(intake, render_delivery(rows), board)
    assert second.status_code == 202
    delivery = await wait_completed(intake, second.json()["id"], board)
    assert delivery["rows_accepted"] == len(rows)
    assert delivery["rows_unchanged"] == len(rows) - len(hers)
    assert second.json()["changes"]["withheld"] == len(hers)
    assert second.json()["changes"]["new"] == 0
    errors = await intake.client.get(
        f"/v1/deliveries/{second.json()['id']}/errors", headers=intake.headers(board)
    )
    issues = errors.json()["issues"]
    withheld = [
        (i["row_number"], i["severity"]) for i in issues if i["code"] == codes.ERASED_TEACHER
    ]
    assert withheld == [(n, "warning") for n in hers]
    assert bsn not in errors.text
    assert (await _keys_on_topic(intake)).count(key.encode()) == len(hers)
    assert await _count(intake, "select count(*) from appointments where teacher = $1",
                        key.encode()) == 0  # fmt: skip


async def test_an_erasure_by_the_retention_rule_keeps_no_marker_and_a_later_delivery_goes_on(
    intake: Service,
) -> None:
    board = intake.reference.boards[1].bevoegd_gezag
    generated = generate_rows(
        intake.reference, rows=4, boards=[board], error_share=0.0, seed=43,
        today=frozen_now().date(),
    )  # fmt: skip
    rows = [r.values for r in generated]
    bsn = rows[0]["bsn"]
    hers = [n for n, row in enumerate(rows, 2) if row["bsn"] == bsn]
    key = keyed_hash(bsn, intake.settings.bsn_hash_key.get_secret_value().encode())
    first = await upload(intake, render_delivery(rows), board)
    await wait_completed(intake, first.json()["id"], board)
    request = ErasureRequestV1(
        request_id=uuid4(),
        registration_number=NUMBER,
        requested_at=datetime.now(UTC),
        services=["portfolio", "notifications", "intake", "profession"],
        bsn_hash=key,
        asked_by_teacher=False,
    )
    await _send(intake, request)
    records = await consume(
        intake.settings.kafka_bootstrap_servers,
        intake.topic(PRIVACY_ERASURE_CONFIRMATIONS.name),
        count=1,
    )
    assert len(records) == 1
    assert await _count(intake, "select count(*) from appointments where teacher = $1",
                        key.encode()) == 0  # fmt: skip
    assert await _count(intake, "select count(*) from erasure_markers") == 0

    second = await upload(intake, render_delivery(rows), board)
    assert second.status_code == 202
    await wait_completed(intake, second.json()["id"], board)
    assert second.json()["changes"]["withheld"] == 0
    assert second.json()["changes"]["new"] == len(hers)
    assert (await _keys_on_topic(intake)).count(key.encode()) == 2 * len(hers)
