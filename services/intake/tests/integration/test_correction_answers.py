"""A board answers a teacher's correction request, and a redelivery resolves one: on the real
broker and database, with the intake service (its relay included) in this process."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

import pytest

from lr_shared.contracts.intake import CorrectionAnswerV1
from lr_shared.contracts.registry import CorrectionRequestV1, CorrectionResolvedV1
from lr_shared.contracts.topics import (
    INTAKE_CORRECTION_ANSWERS,
    REGISTRY_CORRECTION_REQUESTS,
    REGISTRY_CORRECTION_RESOLUTIONS,
)
from lr_tools.testing import consume, eventually

from .conftest import Service
from .test_kafka_channel import publish

pytestmark = pytest.mark.integration


def a_request(service: Service, board: str, number: str) -> CorrectionRequestV1:
    school = next(s for s in service.reference.schools if s.bevoegd_gezag == board)
    return CorrectionRequestV1(
        request_id=uuid4(),
        bevoegd_gezag=board,
        registration_number=number,
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


async def filed(service: Service, request: CorrectionRequestV1) -> None:
    board = request.bevoegd_gezag
    await publish(service, REGISTRY_CORRECTION_REQUESTS.name, board, request)

    async def stored() -> bool:
        response = await service.client.get(
            f"/v1/boards/{board}/correction-requests/{request.request_id}",
            headers=service.headers(board),
        )
        return response.status_code == 200

    assert await eventually(stored, timeout=20)


async def answer(service: Service, request: CorrectionRequestV1, **body: Any) -> Any:
    board = request.bevoegd_gezag
    return await service.client.post(
        f"/v1/boards/{board}/correction-requests/{request.request_id}/answer",
        json=body,
        headers=service.headers(board),
    )


async def answers_on_topic(service: Service, count: int) -> list[CorrectionAnswerV1]:
    records = await consume(
        service.settings.kafka_bootstrap_servers,
        service.topic(INTAKE_CORRECTION_ANSWERS.name),
        count=count,
        timeout=3 if count == 0 else 30,
    )
    return [CorrectionAnswerV1.model_validate_json(r.value) for r in records]


async def test_an_answer_is_stored_once_and_travels_to_the_registry(intake: Service) -> None:
    board, other = (b.bevoegd_gezag for b in intake.reference.boards[:2])
    rejected, accepted = (
        a_request(intake, board, "LR00012345"),
        a_request(intake, board, "LR00000002"),
    )
    await filed(intake, rejected)
    await filed(intake, accepted)

    # A rejection says why: without a reason nothing is stored.
    bare = await answer(intake, rejected, decision="rejected", reason="  ")
    assert bare.status_code == 422
    assert bare.json()["code"] == "reason-required"

    first = await answer(intake, rejected, decision="rejected", reason="Klopt volgens ons.")
    assert first.status_code == 200
    body = first.json()
    assert body["status"] == "rejected"
    assert body["answer"]["reason"] == "Klopt volgens ons."
    assert body["answer"]["answered_by"] == board
    # The same answer again (a retried form) is the first answer; another one is a conflict.
    again = await answer(intake, rejected, decision="rejected", reason="Klopt volgens ons.")
    assert again.status_code == 200
    assert again.json()["answer"]["answered_at"] == body["answer"]["answered_at"]
    changed = await answer(intake, rejected, decision="accepted")
    assert changed.status_code == 409
    assert changed.json()["code"] == "correction-request-answered"

    ok = await answer(intake, accepted, decision="accepted")
    assert ok.status_code == 200
    assert ok.json()["answer"]["reason"] is None

    # Another board's request does not exist for this board, nor an unknown one.
    foreign = await intake.client.post(
        f"/v1/boards/{other}/correction-requests/{rejected.request_id}/answer",
        json={"decision": "accepted"},
        headers=intake.headers(other),
    )
    assert foreign.status_code == 404
    unknown = await intake.client.post(
        f"/v1/boards/{board}/correction-requests/{uuid4()}/answer",
        json={"decision": "accepted"},
        headers=intake.headers(board),
    )
    assert unknown.status_code == 404
    not_mine = await intake.client.post(
        f"/v1/boards/{board}/correction-requests/{rejected.request_id}/answer",
        json={"decision": "accepted"},
        headers=intake.headers(other),
    )
    assert not_mine.status_code == 404

    published = await answers_on_topic(intake, 3)
    assert len(published) == 2, "one message per answer, none for the replay or the refusals"
    by_request = {a.request_id: a for a in published}
    assert by_request[rejected.request_id].decision == "rejected"
    assert by_request[rejected.request_id].reason == "Klopt volgens ons."
    assert by_request[rejected.request_id].registration_number == "LR00012345"
    assert by_request[accepted.request_id].decision == "accepted"
    assert "bsn" not in published[0].model_dump()

    listed = await intake.client.get(
        f"/v1/boards/{board}/correction-requests",
        params={"status": "rejected"},
        headers=intake.headers(board),
    )
    assert [c["request_id"] for c in listed.json()["correction_requests"]] == [
        str(rejected.request_id)
    ]
    assert listed.json()["total"] == 1


async def test_a_request_resolved_by_a_redelivery_needs_no_answer(intake: Service) -> None:
    board = intake.reference.boards[0].bevoegd_gezag
    open_one, accepted = (
        a_request(intake, board, "LR00000003"),
        a_request(intake, board, "LR00000004"),
    )
    await filed(intake, open_one)
    await filed(intake, accepted)
    assert (await answer(intake, accepted, decision="accepted")).status_code == 200
    delivery = uuid4()
    for request in (open_one, accepted):
        resolution = CorrectionResolvedV1(
            request_id=request.request_id,
            bevoegd_gezag=board,
            registration_number=request.registration_number,
            delivery_id=delivery,
            resolved_at=datetime.now(UTC),
        )
        await publish(intake, REGISTRY_CORRECTION_RESOLUTIONS.name, board, resolution)
        await publish(intake, REGISTRY_CORRECTION_RESOLUTIONS.name, board, resolution)

    async def status_of(request_id: UUID) -> dict[str, Any]:
        response = await intake.client.get(
            f"/v1/boards/{board}/correction-requests/{request_id}",
            headers=intake.headers(board),
        )
        result: dict[str, Any] = response.json()
        return result

    async def resolved() -> bool:
        statuses = [(await status_of(r.request_id))["status"] for r in (open_one, accepted)]
        return statuses == ["resolved", "resolved"]

    assert await eventually(resolved, timeout=20)
    kept = await status_of(accepted.request_id)
    assert kept["answer"]["decision"] == "accepted", "the answer stays with the resolution"
    assert kept["resolved_by_delivery"] == str(delivery)
    late = await answer(intake, open_one, decision="rejected", reason="Te laat.")
    assert late.status_code == 409
    assert late.json()["code"] == "correction-request-resolved"
    open_list = await intake.client.get(
        f"/v1/boards/{board}/correction-requests",
        params={"status": "open"},
        headers=intake.headers(board),
    )
    assert open_list.json()["total"] == 0
