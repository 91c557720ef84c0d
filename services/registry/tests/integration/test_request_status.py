"""The teacher's requests followed later: correction requests with their status, and an erasure
request by its reference once the teacher can no longer sign in."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from lr_registry.application.teacher import ERASING_SERVICES
from lr_shared.contracts import topics
from lr_shared.contracts.privacy import ErasureConfirmationV1

from .conftest import Registry, appointment, random_bsn

pytestmark = pytest.mark.integration


async def test_a_teacher_lists_their_own_correction_requests_with_status(
    registry: Registry,
) -> None:
    alice, bob = random_bsn(), random_bsn()
    await registry.deliver(appointment(alice, functie="lio"), appointment(bob))
    alice_number = await registry.number_of(alice)
    await registry.number_of(bob)
    as_alice, as_bob = await registry.sign_in(alice), await registry.sign_in(bob)
    appointment_id = await registry.value(
        "select id from appointments where registration_number = $1", alice_number
    )

    assert (await registry.client.get("/v1/me/correction-requests", headers=as_alice)).json() == {
        "items": []
    }
    sent = await registry.client.post(
        "/v1/me/correction-requests",
        headers=as_alice,
        json={
            "appointment_id": appointment_id,
            "fields": ["functie"],
            "explanation": "Ik ben leraar, geen lio.",
        },
    )
    assert sent.status_code == 202

    [item] = (await registry.client.get("/v1/me/correction-requests", headers=as_alice)).json()[
        "items"
    ]
    assert item["request_id"] == sent.json()["request_id"]
    assert (item["appointment_id"], item["fields"], item["status"]) == (
        appointment_id,
        ["functie"],
        "sent",
    )
    assert item["explanation"] == "Ik ben leraar, geen lio."
    assert item["brin"] == appointment(alice).brin
    # Another teacher sees none of it.
    assert (await registry.client.get("/v1/me/correction-requests", headers=as_bob)).json() == {
        "items": []
    }
    assert (await registry.client.get("/v1/me/correction-requests")).status_code == 401

    # The board delivers the appointment differently: the disputed field has another value,
    # so the request is resolved (test_correction_answers.py has the rest).
    await registry.deliver(appointment(alice, functie="leraar"))
    await registry.until(
        "select functie = 'leraar' from appointments where registration_number = $1",
        alice_number,
    )
    [item] = (await registry.client.get("/v1/me/correction-requests", headers=as_alice)).json()[
        "items"
    ]
    assert item["status"] == "resolved"
    assert item["resolved_at"] is not None


async def test_an_erasure_is_followed_by_its_reference_without_a_token(
    registry: Registry,
) -> None:
    bsn = random_bsn()
    await registry.deliver(appointment(bsn, achternaam="Verwijder"))
    number = await registry.number_of(bsn)
    headers = await registry.sign_in(bsn)
    requested = await registry.client.post("/v1/me/erasure-request", headers=headers)
    reference = requested.json()["request_id"]

    progress = await registry.client.get(f"/v1/erasure-requests/{reference}")
    assert progress.status_code == 200
    body = progress.json()
    assert body["status"] == "in_progress"
    assert set(body) == {"request_id", "requested_at", "services", "status", "completed_at"}
    assert number not in progress.text
    assert "Verwijder" not in progress.text

    for service in ERASING_SERVICES:
        confirmation = ErasureConfirmationV1(
            request_id=uuid.UUID(reference),
            registration_number=number,
            service=service,  # type: ignore[arg-type]
            erased_at=datetime.now(UTC),
        )
        await registry.produce(topics.PRIVACY_ERASURE_CONFIRMATIONS, number, confirmation)
    await registry.until(
        "select completed_at is not null from erasure_requests where request_id = $1",
        uuid.UUID(reference),
    )
    done = (await registry.client.get(f"/v1/erasure-requests/{reference}")).json()
    assert done["status"] == "completed"
    assert [s["service"] for s in done["services"] if s["confirmed_at"]] == list(ERASING_SERVICES)
    assert number not in json.dumps(done)


async def test_an_unknown_or_malformed_erasure_reference_is_not_found(registry: Registry) -> None:
    assert (await registry.client.get(f"/v1/erasure-requests/{uuid.uuid4()}")).status_code == 404
    assert (await registry.client.get("/v1/erasure-requests/not-a-uuid")).status_code == 422


async def test_the_own_registration_says_when_the_next_reminder_comes(
    registry: Registry,
) -> None:
    bsn = random_bsn()
    await registry.deliver(appointment(bsn))
    await registry.number_of(bsn)
    own = await registry.client.get("/v1/me/registration", headers=await registry.sign_in(bsn))
    body = own.json()
    invited = datetime.fromisoformat(body["invited_at"])
    assert datetime.fromisoformat(body["next_reminder"]) == invited + timedelta(weeks=4)
