"""AVG erasure: data gone here, tombstones out, other services asked, progress to completion."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest

from lr_registry.application.teacher import ERASING_SERVICES
from lr_shared.bsn import keyed_hash
from lr_shared.contracts import topics
from lr_shared.contracts.privacy import ErasureConfirmationV1

from .conftest import HASH_KEY, Registry, appointment, random_bsn

pytestmark = pytest.mark.integration


async def test_erasure_removes_the_data_and_completes_after_all_confirm(
    registry: Registry,
) -> None:
    bsn = random_bsn()
    await registry.deliver(appointment(bsn))
    number = await registry.number_of(bsn)
    headers = await registry.sign_in(bsn)
    await registry.client.post("/v1/me/registration/confirm", headers=headers)

    response = await registry.client.post("/v1/me/erasure-request", headers=headers)
    assert response.status_code == 202
    request_id = response.json()["request_id"]
    again = await registry.client.post("/v1/me/erasure-request", headers=headers)
    assert again.json()["request_id"] == request_id

    for table in ("teachers", "registrations", "appointments", "history", "notifications"):
        assert await registry.value(f"select count(*) from {table}") == 0, table  # noqa: S608
    assert (await registry.client.get("/v1/me/registration", headers=headers)).status_code == 404
    assert (await registry.client.get(f"/v1/public/registrations/{number}")).status_code == 404
    sign_in = await registry.client.post(
        "/v1/me/token", headers={"Authorization": f"Bearer {registry.identity_token(bsn)}"}
    )
    assert sign_in.status_code == 404

    for topic, count in ((topics.REGISTRY_REGISTRATIONS, 3), (topics.REGISTRY_CONTACTS, 2)):
        records = await registry.messages(topic, count)
        assert records[-1].key == number.encode()
        assert records[-1].value is None, topic.name
    requests = await registry.messages(topics.PRIVACY_ERASURE_REQUESTS, 1)
    assert json.loads(requests[0].value) | {"requested_at": None} == {
        "request_id": request_id,
        "registration_number": number,
        "requested_at": None,
        "services": ["portfolio", "notifications", "intake", "profession"],
        # How intake finds her rows and knows her again (docs/privacy.md, "Erasure").
        "bsn_hash": keyed_hash(bsn, HASH_KEY.encode()),
        "asked_by_teacher": True,
    }

    for confirmed, service in enumerate(ERASING_SERVICES, 1):
        confirmation = ErasureConfirmationV1(
            request_id=uuid.UUID(request_id),
            registration_number=number,
            service=service,  # type: ignore[arg-type]
            erased_at=datetime.now(UTC),
        )
        await registry.produce(topics.PRIVACY_ERASURE_CONFIRMATIONS, number, confirmation)
        if confirmed < len(ERASING_SERVICES):  # complete only with the last confirmation
            await registry.until("select count(*) from erasure_confirmations", expected=confirmed)
            progress = await registry.client.get("/v1/me/erasure-request", headers=headers)
            assert progress.json()["status"] == "in_progress"
    await registry.until(
        "select completed_at is not null from erasure_requests where registration_number = $1",
        number,
    )
    progress = (await registry.client.get("/v1/me/erasure-request", headers=headers)).json()
    assert progress["status"] == "completed"
    assert all(s["confirmed_at"] for s in progress["services"])
    events = await registry.events(number, 3)
    assert events[-1]["kind"] == "erasure-completed"


async def test_a_teacher_delivered_again_after_erasure_is_a_new_registration(
    registry: Registry,
) -> None:
    bsn = random_bsn()
    await registry.deliver(appointment(bsn))
    number = await registry.number_of(bsn)
    await registry.client.post("/v1/me/erasure-request", headers=await registry.sign_in(bsn))
    await registry.deliver(appointment(bsn))
    again = await registry.number_of(bsn)
    assert again != number
    assert (
        await registry.value(
            "select state from registrations where registration_number = $1", again
        )
        == "pending_confirmation"
    )
