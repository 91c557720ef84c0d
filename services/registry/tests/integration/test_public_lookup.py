"""The public lookup shows what the register may show, and nothing else."""

from __future__ import annotations

from typing import Any

import pytest

from lr_shared.contracts import topics
from lr_shared.contracts.reference import SchoolV1

from .conftest import Registry, appointment, random_bsn

pytestmark = pytest.mark.integration


async def registered_teacher(registry: Registry, bsn: str, **changes: Any) -> str:
    await registry.deliver(appointment(bsn, **changes))
    number = await registry.number_of(bsn)
    await registry.client.post("/v1/me/registration/confirm", headers=await registry.sign_in(bsn))
    return number


async def test_the_public_lookup_shows_nothing_it_may_not(registry: Registry) -> None:
    school = SchoolV1(
        brin="12AB",
        brin_volgnummer="00",
        naam="OBS De Regenboog",
        plaats="Zwolle",
        bevoegd_gezag="41234",
        sector="PO",
    )
    await registry.produce(topics.REFERENCE_SCHOOLS, school.key, school)
    await registry.until("select count(*) = 1 from schools")
    bsn = random_bsn()
    number = await registered_teacher(
        registry, bsn, achternaam="Visser", email="t.visser@example.org"
    )
    pending = random_bsn()
    await registry.deliver(appointment(pending, achternaam="Vissering"))
    await registry.number_of(pending)

    response = await registry.client.get(
        "/v1/public/registrations", params={"achternaam": "viss", "voorletters": "J"}
    )
    assert response.status_code == 200
    body = response.text
    items = response.json()["items"]
    assert [i["registration_number"] for i in items] == [number]
    assert items[0]["public_label"] == "geregistreerd"
    assert items[0]["schools"] == [
        {"brin": "12AB", "brin_volgnummer": "00", "naam": "OBS De Regenboog"}
    ]
    assert items[0]["qualifications"] is None
    for secret in (bsn, pending, "1985-03-14", "example.org", "geslacht", "geboortedatum"):
        assert secret not in body

    single = await registry.client.get(f"/v1/public/registrations/{number}")
    assert single.status_code == 200
    assert bsn not in single.text
    pending_number = await registry.number_of(pending)
    missing = await registry.client.get(f"/v1/public/registrations/{pending_number}")
    assert missing.status_code == 404


async def test_qualifications_are_shown_only_when_the_teacher_chooses(registry: Registry) -> None:
    bsn = random_bsn()
    number = await registered_teacher(registry, bsn, achternaam="Smit")
    await registry.client.put(
        "/v1/me/preferences",
        headers=await registry.sign_in(bsn),
        json={"show_qualifications": True},
    )
    entry = (await registry.client.get(f"/v1/public/registrations/{number}")).json()
    assert entry["qualifications"] == [{"sector": "PO", "benoemingsgrondslag": "PO-BEV"}]
