"""Bad input is a 4xx, never a 5xx."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lr_shared.contracts import topics
from lr_shared.contracts.portfolio import ProgressV1

from .conftest import Registry, appointment, random_bsn

pytestmark = pytest.mark.integration


async def test_a_nul_character_in_the_public_search_is_not_a_server_error(
    registry: Registry,
) -> None:
    for params in ({"achternaam": "Ja\x00sen"}, {"achternaam": "Jansen", "voorletters": "J\x00"}):
        response = await registry.client.get("/v1/public/registrations", params=params)
        assert response.status_code < 500, (params, response.text)


async def test_an_out_of_range_appointment_id_is_not_a_server_error(registry: Registry) -> None:
    bsn = random_bsn()
    await registry.deliver(appointment(bsn))
    await registry.number_of(bsn)
    headers = await registry.sign_in(bsn)
    for appointment_id in (2**63, -(2**63) - 1, 10**30):
        response = await registry.client.post(
            "/v1/me/correction-requests",
            headers=headers,
            json={"appointment_id": appointment_id, "fields": ["achternaam"], "explanation": "x"},
        )
        assert response.status_code in (404, 422), (appointment_id, response.text)


async def test_a_nul_character_in_a_correction_explanation_is_not_a_server_error(
    registry: Registry,
) -> None:
    bsn = random_bsn()
    await registry.deliver(appointment(bsn))
    await registry.number_of(bsn)
    headers = await registry.sign_in(bsn)
    own = (await registry.client.get("/v1/me/registration", headers=headers)).json()
    appointment_id = own["schools"][0]["appointments"][0]["id"]
    response = await registry.client.post(
        "/v1/me/correction-requests",
        headers=headers,
        json={"appointment_id": appointment_id, "fields": ["achternaam"], "explanation": "a\x00b"},
    )
    assert response.status_code < 500, response.text


async def test_a_progress_report_of_a_million_hours_does_not_stall_the_consumer(
    registry: Registry,
) -> None:
    # The contract bounds no total (portfolio stores up to 9,999,999.99); a report the
    # registry cannot store would fail its batch again and again, and hold up the partition.
    bsn = random_bsn()
    await registry.deliver(appointment(bsn))
    number = await registry.number_of(bsn)
    report = ProgressV1(
        registration_number=number,
        period_start=date(2026, 8, 1),
        period_end=date(2030, 8, 1),
        total_hours=Decimal("1500000.25"),
        core_hours=Decimal("1000000"),
        norm_total_hours=Decimal(160),
        norm_core_hours=Decimal(100),
        norm_met=True,
        updated_at=registry.clock.now,
    )
    await registry.produce(topics.PORTFOLIO_PROGRESS, number, report)
    await registry.until(
        "select total_hours from progress where registration_number = $1",
        number,
        expected=Decimal("1500000.25"),
    )
