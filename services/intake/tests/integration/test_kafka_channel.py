"""Submissions and correction requests arriving on Kafka."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime
from uuid import uuid4

import pytest
from aiokafka import AIOKafkaProducer
from pydantic import BaseModel

from lr_intake.application.deliveries import receive_submission
from lr_intake.devdata.deliveries import generate_rows
from lr_intake.devdata.files import render_delivery
from lr_intake.domain import codes
from lr_intake.entrypoints.subscribers import to_batch
from lr_shared.auth import Principal
from lr_shared.cloudevents import CloudEvent, encode
from lr_shared.contracts.intake import (
    AppointmentV1,
    DeliveryReportV1,
    SubmissionRecordV1,
    SubmissionV1,
)
from lr_shared.contracts.registry import CorrectionRequestV1
from lr_shared.contracts.topics import (
    INTAKE_APPOINTMENTS,
    INTAKE_DELIVERY_REPORTS,
    INTAKE_SUBMISSIONS,
    REGISTRY_CORRECTION_REQUESTS,
)
from lr_shared.kafka import client_options
from lr_shared.signed import sender_header
from lr_tools.testing import consume, eventually

from .conftest import Service, frozen_now, stored_counts, upload

pytestmark = pytest.mark.integration


async def publish(
    service: Service,
    topic: str,
    key: str,
    body: BaseModel,
    token: str | None = None,
    *,
    signed: bool = True,
) -> None:
    """Send `body`; a submission signed with `token` (by default the token of the body's
    `submitted_by`, for the boards a mandate gives it), or not at all (`signed=False`)."""
    value, headers = encode(
        CloudEvent(type="nl.lerarenregister.test.sent", source="urn:test", data=body)
    )
    if isinstance(body, SubmissionV1) and signed:
        headers.append(sender_header(token or sender_token(service, body.submitted_by)))
    producer = AIOKafkaProducer(
        bootstrap_servers=service.settings.kafka_bootstrap_servers, **client_options()
    )
    await producer.start()
    try:
        await producer.send_and_wait(service.topic(topic), value, key=key.encode(), headers=headers)
    finally:
        await producer.stop()


def sender_token(service: Service, submitter: str) -> str:
    """The board token intake's exchange would give `submitter`: its mandated boards too."""
    mandated = [board for bureau, board in service.reference.mandates if bureau == submitter]
    return service.token(submitter, mandated)


def submission(
    service: Service, board: str, submitter: str, reference: str, share: float
) -> tuple[SubmissionV1, int]:
    rows = generate_rows(
        service.reference, rows=40, boards=[board], error_share=share, today=frozen_now().date()
    )
    good = sum(1 for r in rows if not r.expected_error)
    batch = SubmissionV1(
        delivery_reference=reference,
        bevoegd_gezag=board,
        submitted_by=submitter,
        records=[SubmissionRecordV1(**r.values) for r in rows],
    )
    return batch, good


async def reports(service: Service, count: int) -> list[DeliveryReportV1]:
    records = await consume(
        service.settings.kafka_bootstrap_servers,
        service.topic(INTAKE_DELIVERY_REPORTS.name),
        count=count,
        timeout=30,
    )
    return [DeliveryReportV1.model_validate_json(r.value) for r in records]


async def test_a_kafka_submission_takes_the_same_validation_path_and_gets_a_report(
    intake: Service,
) -> None:
    board = intake.reference.boards[0].bevoegd_gezag
    batch, good = submission(intake, board, board, "afas-0001", 0.25)
    await publish(intake, INTAKE_SUBMISSIONS.name, board, batch)
    [report] = await reports(intake, 1)
    assert report.channel == "kafka"
    assert report.delivery_reference == "afas-0001"
    assert report.status == "completed"
    assert report.rows_accepted == good
    assert report.rows_rejected == 40 - good
    appointments = await consume(
        intake.settings.kafka_bootstrap_servers, intake.topic(INTAKE_APPOINTMENTS.name),
        count=good, timeout=15,
    )  # fmt: skip
    assert len(appointments) == good
    assert {AppointmentV1.model_validate_json(a.value).delivery_id for a in appointments} == {
        report.delivery_id
    }


async def test_the_same_delivery_reference_again_answers_with_the_first_delivery(
    intake: Service,
) -> None:
    board = intake.reference.boards[0].bevoegd_gezag
    batch, _ = submission(intake, board, board, "afas-0002", 0.0)
    await publish(intake, INTAKE_SUBMISSIONS.name, board, batch)
    await publish(intake, INTAKE_SUBMISSIONS.name, board, batch)
    first, second = await reports(intake, 2)
    assert first.delivery_id == second.delivery_id


async def test_a_reference_sent_again_with_other_records_is_refused_where_the_board_sees_it(
    intake: Service,
) -> None:
    board = intake.reference.boards[0].bevoegd_gezag
    batch, good = submission(intake, board, board, "afas-0003", 0.0)
    other = batch.model_copy(update={"records": batch.records[1:]})  # one row fewer
    await publish(intake, INTAKE_SUBMISSIONS.name, board, batch)
    [first] = await reports(intake, 1)
    published = await consume(
        intake.settings.kafka_bootstrap_servers, intake.topic(INTAKE_APPOINTMENTS.name),
        count=good, timeout=15,
    )  # fmt: skip
    await publish(intake, INTAKE_SUBMISSIONS.name, board, other)
    by_status = {r.status: r for r in await reports(intake, 2)}

    refused = by_status["rejected"]
    assert refused.delivery_reference == "afas-0003"
    assert refused.rejection_code == codes.REFERENCE_REUSED
    assert refused.delivery_id != first.delivery_id
    assert by_status["completed"].delivery_id == first.delivery_id
    listed = await intake.client.get(
        f"/v1/boards/{board}/deliveries", headers=intake.headers(board)
    )
    statuses = {d["id"]: d["status"] for d in listed.json()["deliveries"]}
    assert statuses[str(refused.delivery_id)] == "rejected"
    assert statuses[str(first.delivery_id)] != "rejected"
    again = await consume(
        intake.settings.kafka_bootstrap_servers, intake.topic(INTAKE_APPOINTMENTS.name),
        count=len(published) + 1, timeout=3,
    )  # fmt: skip
    assert len(again) == len(published) == good  # nothing of the refused batch


async def test_an_upload_with_a_kafka_reference_as_its_key_is_refused(intake: Service) -> None:
    board = intake.reference.boards[0].bevoegd_gezag
    batch, _ = submission(intake, board, board, "afas-0004", 0.0)
    await publish(intake, INTAKE_SUBMISSIONS.name, board, batch)
    [report] = await reports(intake, 1)
    before = await stored_counts(intake)
    body = render_delivery([r.model_dump() for r in batch.records])  # the same rows, as a file
    answer = await upload(intake, body, board, headers={"Idempotency-Key": "afas-0004"})
    assert answer.status_code == 422
    assert answer.json()["code"] == "idempotency-key-reused"
    assert answer.json()["delivery_id"] == str(report.delivery_id)
    assert await stored_counts(intake) == before


async def test_a_payroll_bureau_needs_a_mandate_of_the_board(intake: Service) -> None:
    bureau, board = intake.reference.mandates[0]
    stranger = next(
        b.bevoegd_gezag for b in intake.reference.boards
        if (bureau, b.bevoegd_gezag) not in intake.reference.mandates
    )  # fmt: skip
    allowed, good = submission(intake, board, bureau, "bureau-1", 0.0)
    refused, _ = submission(intake, stranger, bureau, "bureau-2", 0.0)
    await publish(intake, INTAKE_SUBMISSIONS.name, board, allowed)
    await publish(intake, INTAKE_SUBMISSIONS.name, stranger, refused)
    by_reference = {r.delivery_reference: r for r in await reports(intake, 2)}
    assert by_reference["bureau-1"].rows_accepted == good
    assert by_reference["bureau-2"].status == "rejected"
    assert by_reference["bureau-2"].rejection_code == codes.NO_MANDATE


async def test_correction_requests_are_listed_for_their_board_only(intake: Service) -> None:
    board, other = (b.bevoegd_gezag for b in intake.reference.boards[:2])
    school = next(s for s in intake.reference.schools if s.bevoegd_gezag == board)
    request = CorrectionRequestV1(
        request_id=uuid4(),
        bevoegd_gezag=board,
        registration_number="LR00012345",
        voorletters="J.",
        achternaam="Jansen",
        brin=school.brin,
        brin_volgnummer=school.brin_volgnummer,
        benoemingsgrondslag="PO-PABO",
        benoeming_begindatum=date(2026, 8, 1),
        fields=["benoeming_einddatum"],
        explanation="Mijn benoeming loopt tot 31 juli.",
        requested_at=datetime.now(UTC),
    )
    await publish(intake, REGISTRY_CORRECTION_REQUESTS.name, board, request)
    await publish(intake, REGISTRY_CORRECTION_REQUESTS.name, board, request)  # redelivered

    async def listed() -> bool:
        response = await intake.client.get(
            f"/v1/boards/{board}/correction-requests", headers=intake.headers(board)
        )
        return len(response.json()["correction_requests"]) == 1

    assert await eventually(listed, timeout=20)
    foreign = await intake.client.get(
        f"/v1/boards/{board}/correction-requests", headers=intake.headers(other)
    )
    assert foreign.status_code == 404


async def test_numbers_in_a_kafka_submission_are_read_as_text_and_get_row_feedback(
    intake: Service,
) -> None:
    board = intake.reference.boards[0].bevoegd_gezag
    batch, good = submission(intake, board, board, "numbers-1", 0.0)
    value, headers = encode(
        CloudEvent(type="nl.lerarenregister.test.sent", source="urn:test", data=batch)
    )
    body = json.loads(value)
    body["records"][0]["bsn"] = int(body["records"][0]["bsn"])  # a valid BSN, as a number
    body["records"][1]["bsn"] = 12.5  # not a BSN at all
    producer = AIOKafkaProducer(
        bootstrap_servers=intake.settings.kafka_bootstrap_servers, **client_options()
    )
    await producer.start()
    try:
        await producer.send_and_wait(
            intake.topic(INTAKE_SUBMISSIONS.name),
            json.dumps(body).encode(),
            key=board.encode(),
            headers=[*headers, sender_header(intake.token(board))],
        )
    finally:
        await producer.stop()
    [report] = await reports(intake, 1)
    assert report.status == "completed"
    assert report.rows_accepted == good - 1
    [error] = [issue for issue in report.issues if issue.severity == "error"]
    assert (error.row_number, error.code) == (2, codes.BSN_FORMAT)  # the second record


async def test_one_reference_taken_by_two_replicas_at_once_is_one_delivery(
    intake: Service,
) -> None:
    """The same submission sent twice lands on two partitions and two replicas' handlers at
    the same moment: one delivery, and the second answered with its report."""
    board = intake.reference.boards[0].bevoegd_gezag
    batch, _ = submission(intake, board, board, "nmbrs-0042", 0.1)
    batch = batch.model_copy(update={"records": batch.records * 25})  # long enough to overlap
    handlers = intake.container.intake
    sender = Principal(kind="board", subject=board, boards=frozenset({board}))
    await asyncio.gather(
        receive_submission(handlers, to_batch(str(uuid4()), batch, sender)),
        receive_submission(handlers, to_batch(str(uuid4()), batch, sender)),
    )
    first, again = await reports(intake, 2)
    assert first.delivery_id == again.delivery_id
    listed = await intake.client.get(
        f"/v1/boards/{board}/deliveries", headers=intake.headers(board)
    )
    assert [d["id"] for d in listed.json()["deliveries"]] == [str(first.delivery_id)]
