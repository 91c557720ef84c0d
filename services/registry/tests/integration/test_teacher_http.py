"""The teacher's own registration over HTTP: sign-in, access, corrections, preferences."""

from __future__ import annotations

import json
from typing import Any

import pytest

from lr_shared.auth import TokenVerifier
from lr_shared.contracts import topics

from .conftest import Registry, appointment, random_bsn

pytestmark = pytest.mark.integration


async def test_an_identity_token_is_exchanged_for_a_register_token(registry: Registry) -> None:
    bsn = random_bsn()
    await registry.deliver(appointment(bsn))
    number = await registry.number_of(bsn)
    headers = await registry.sign_in(bsn)
    token = headers["Authorization"].removeprefix("Bearer ")
    principal = TokenVerifier.from_file(registry.dev_keys / "jwks.json").verify(
        token, kinds={"register"}
    )
    assert principal.subject == number
    assert bsn not in json.dumps(principal.__dict__, default=str)


async def test_an_unknown_bsn_gets_404_without_detail(registry: Registry) -> None:
    bsn = random_bsn()
    response = await registry.client.post(
        "/v1/me/token", headers={"Authorization": f"Bearer {registry.identity_token(bsn)}"}
    )
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert set(body) == {"type", "title", "status", "detail", "instance"}
    assert (body["status"], body["title"], body["detail"]) == (404, "Not Found", "Not found")
    assert bsn not in response.text


async def test_the_registration_endpoints_refuse_an_identity_token(registry: Registry) -> None:
    bsn = random_bsn()
    await registry.deliver(appointment(bsn))
    await registry.number_of(bsn)
    identity = {"Authorization": f"Bearer {registry.identity_token(bsn)}"}
    assert (await registry.client.get("/v1/me/registration", headers=identity)).status_code == 401


async def test_a_teacher_cannot_read_or_change_another_teachers_registration(
    registry: Registry,
) -> None:
    alice, bob = random_bsn(), random_bsn()
    await registry.deliver(
        appointment(alice, achternaam="Alink"), appointment(bob, achternaam="Bos")
    )
    alice_number, bob_number = await registry.number_of(alice), await registry.number_of(bob)
    as_alice = await registry.sign_in(alice)

    own = (await registry.client.get("/v1/me/registration", headers=as_alice)).json()
    assert own["registration_number"] == alice_number
    assert own["achternaam"] == "Alink"
    assert "bsn" not in json.dumps(own).lower()
    assert alice not in json.dumps(own)

    bobs_appointment = await registry.value(
        "select id from appointments where registration_number = $1", bob_number
    )
    response = await registry.client.post(
        "/v1/me/correction-requests",
        headers=as_alice,
        json={"appointment_id": bobs_appointment, "fields": ["achternaam"], "explanation": "x"},
    )
    assert response.status_code == 404
    assert await registry.value("select count(*) from correction_requests") == 0

    await registry.client.post("/v1/me/registration/confirm", headers=as_alice)
    states = dict(await registry.rows("select registration_number, state from registrations"))
    assert states == {alice_number: "registered", bob_number: "pending_confirmation"}


async def test_a_correction_request_reaches_the_board(registry: Registry) -> None:
    bsn = random_bsn()
    await registry.deliver(appointment(bsn, bevoegd_gezag="41234"))
    number = await registry.number_of(bsn)
    headers = await registry.sign_in(bsn)
    view: dict[str, Any] = (
        await registry.client.get("/v1/me/registration", headers=headers)
    ).json()
    appointment_id = view["schools"][0]["appointments"][0]["id"]
    response = await registry.client.post(
        "/v1/me/correction-requests",
        headers=headers,
        json={
            "appointment_id": appointment_id,
            "fields": ["benoeming_einddatum"],
            "explanation": "Mijn benoeming loopt tot 31 juli.",
        },
    )
    assert response.status_code == 202
    records = await registry.messages(topics.REGISTRY_CORRECTION_REQUESTS, 1)
    assert [r.key for r in records] == [b"41234"]
    body = json.loads(records[0].value)
    assert body["registration_number"] == number
    assert body["fields"] == ["benoeming_einddatum"]
    assert bsn not in records[0].value.decode()


async def test_preferences_change_the_contact(registry: Registry) -> None:
    bsn = random_bsn()
    await registry.deliver(appointment(bsn))
    number = await registry.number_of(bsn)
    response = await registry.client.put(
        "/v1/me/preferences",
        headers=await registry.sign_in(bsn),
        json={"email": "nieuw@example.org", "language": "en", "show_qualifications": True},
    )
    assert response.status_code == 200
    records = await registry.messages(topics.REGISTRY_CONTACTS, 2)
    latest = json.loads(records[-1].value)
    assert records[-1].key == number.encode()
    assert (latest["email"], latest["language"]) == ("nieuw@example.org", "en")
