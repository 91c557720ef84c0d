"""A teacher's correction request goes on: the board's answer arrives from intake, a
redelivery resolves it, the teacher sees both, and the first outcome is announced once. Real
broker and database, the registry in this process."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest

from lr_shared.contracts import topics
from lr_shared.contracts.intake import CorrectionAnswerV1
from lr_shared.contracts.registry import CorrectionResolvedV1

from .conftest import Registry, appointment, random_bsn

pytestmark = pytest.mark.integration


async def disputed(
    registry: Registry, bsn: str, fields: list[str], **delivered: Any
) -> tuple[str, dict[str, str], str]:
    """Deliver the teacher, sign in, dispute `fields`: (number, headers, request id)."""
    await registry.deliver(appointment(bsn, **delivered))
    number = await registry.number_of(bsn)
    headers = await registry.sign_in(bsn)
    appointment_id = await registry.value(
        "select id from appointments where registration_number = $1", number
    )
    sent = await registry.client.post(
        "/v1/me/correction-requests",
        headers=headers,
        json={"appointment_id": appointment_id, "fields": fields, "explanation": "Klopt niet."},
    )
    assert sent.status_code == 202, sent.text
    return number, headers, sent.json()["request_id"]


async def mine(registry: Registry, headers: dict[str, str]) -> list[dict[str, Any]]:
    response = await registry.client.get("/v1/me/correction-requests", headers=headers)
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def announced(events: list[dict[str, Any]]) -> list[str]:
    return [e["notification_key"] for e in events if e["kind"] == "correction-answered"]


async def resolutions(registry: Registry, count: int) -> list[CorrectionResolvedV1]:
    records = await registry.messages(
        topics.REGISTRY_CORRECTION_RESOLUTIONS, count, timeout=2 if count == 0 else 20
    )
    return [CorrectionResolvedV1.model_validate_json(r.value) for r in records]


async def test_the_boards_answer_reaches_the_teacher_and_is_announced_once(
    registry: Registry,
) -> None:
    bsn = random_bsn()
    number, headers, request_id = await disputed(
        registry, bsn, ["benoeming_einddatum"], benoeming_einddatum=date(2027, 7, 31)
    )
    answer = CorrectionAnswerV1(
        request_id=uuid.UUID(request_id),
        bevoegd_gezag="41234",
        registration_number=number,
        decision="rejected",
        reason="Volgens onze administratie klopt de einddatum.",
        answered_at=datetime(2026, 12, 4, 10, tzinfo=UTC),
    )
    await registry.produce(topics.INTAKE_CORRECTION_ANSWERS, number, answer)
    await registry.until(
        "select decision = 'rejected' from correction_requests where request_id = $1",
        uuid.UUID(request_id),
    )
    [item] = await mine(registry, headers)
    assert item["status"] == "rejected"
    assert item["reason"] == "Volgens onze administratie klopt de einddatum."
    assert item["answered_at"].startswith("2026-12-04T10:00")

    # The answer again (another message) and another answer: the first answer stands.
    await registry.produce(topics.INTAKE_CORRECTION_ANSWERS, number, answer)
    other = answer.model_copy(update={"decision": "accepted", "reason": None})
    await registry.produce(topics.INTAKE_CORRECTION_ANSWERS, number, other)
    # A later redelivery with another end date still resolves it, without a second mail.
    await registry.deliver(appointment(bsn, benoeming_einddatum=date(2026, 7, 31)))
    await registry.until(
        "select resolved_at is not null from correction_requests where request_id = $1",
        uuid.UUID(request_id),
    )
    [item] = await mine(registry, headers)
    assert (item["status"], item["reason"]) == (
        "resolved",
        "Volgens onze administratie klopt de einddatum.",
    )
    events = await registry.events(number, 2)
    assert announced(events) == [f"correction-answered:{request_id}"]
    [resolved] = [r for r in await resolutions(registry, 1) if str(r.request_id) == request_id]
    assert resolved.bevoegd_gezag == "41234"
    assert resolved.registration_number == number


async def test_a_redelivery_resolves_only_what_it_changed(registry: Registry) -> None:
    bsn = random_bsn()
    number, headers, request_id = await disputed(
        registry, bsn, ["benoeming_einddatum", "functie"], benoeming_einddatum=date(2027, 7, 31)
    )
    # Another field changes, then one of the two disputed ones: still with the board.
    await registry.deliver(appointment(bsn, benoeming_einddatum=date(2027, 7, 31), sector="VO"))
    await registry.deliver(appointment(bsn, benoeming_einddatum=date(2026, 7, 31), sector="VO"))
    await registry.until(
        "select benoeming_einddatum = '2026-07-31' from appointments "
        "where registration_number = $1",
        number,
    )
    [item] = await mine(registry, headers)
    assert item["status"] == "sent"
    # Both disputed fields changed: resolved, and announced once (no answer came first).
    await registry.deliver(
        appointment(bsn, benoeming_einddatum=date(2026, 7, 31), sector="VO", functie="lio")
    )
    await registry.until(
        "select resolved_at is not null from correction_requests where request_id = $1",
        uuid.UUID(request_id),
    )
    events = await registry.events(number, 2)
    assert announced(events) == [f"correction-answered:{request_id}"]


async def test_a_disputed_start_date_is_resolved_by_the_corrected_appointment(
    registry: Registry,
) -> None:
    bsn = random_bsn()
    number, headers, request_id = await disputed(registry, bsn, ["benoeming_begindatum"])
    # The same appointment again, and one at another school with the other date: not it.
    await registry.deliver(appointment(bsn))
    await registry.deliver(appointment(bsn, brin="99ZZ", benoeming_begindatum=date(2025, 9, 1)))
    await registry.until(
        "select count(*) = 2 from appointments where registration_number = $1", number
    )
    assert [i["status"] for i in await mine(registry, headers)] == ["sent"]
    # The board delivers the appointment with the corrected start: a new appointment.
    await registry.deliver(appointment(bsn, benoeming_begindatum=date(2025, 9, 1)))
    await registry.until(
        "select resolved_at is not null from correction_requests where request_id = $1",
        uuid.UUID(request_id),
    )
    assert [i["status"] for i in await mine(registry, headers)] == ["resolved"]
