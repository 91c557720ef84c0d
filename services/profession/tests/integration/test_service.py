"""The service's wiring: operational endpoints, the criteria set version 1 from its migration,
and the registrations projection."""

from __future__ import annotations

import pytest

from .conftest import Profession, random_number

pytestmark = pytest.mark.integration


async def test_health_ready_and_metrics_answer(profession: Profession) -> None:
    assert (await profession.client.get("/health")).json() == {"status": "ok"}
    ready = await profession.client.get("/ready")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": "ok", "kafka": "ok"}
    assert "lr_http_request_seconds" in (await profession.client.get("/metrics")).text


async def test_the_criteria_in_force_are_version_one_from_the_migration(
    profession: Profession,
) -> None:
    response = await profession.client.get("/v1/criteria")

    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 1
    assert [c["code"] for c in body["criteria"]] == [
        "value_for_education",
        "content_quality",
        "design",
        "expertise",
        "transfer",
        "workload",
    ]


async def test_registrations_are_projected_with_state_sectors_and_employer_boards(
    profession: Profession,
) -> None:
    number = random_number()
    await profession.registration(number, sectors=("PO", "VO"), boards=("41234", "50001"))

    row = (
        await profession.rows(
            "select state, sectors, boards from registrations where registration_number = $1",
            number,
        )
    )[0]
    assert (row["state"], row["sectors"], row["boards"]) == (
        "registered",
        ["PO", "VO"],
        ["41234", "50001"],
    )
    await profession.registration(number, state="lapsed")
    await profession.erase(number)


async def test_only_a_registered_teacher_may_join_a_panel_and_only_for_her_sector(
    profession: Profession,
) -> None:
    unknown = random_number()
    lapsed = random_number()
    await profession.registration(lapsed, state="lapsed")
    member = random_number()
    await profession.registration(member, sectors=("VO",))

    for number in (unknown, lapsed):
        response = await profession.client.put(
            "/v1/me/panel-membership", json={"sector": "PO"}, headers=profession.teacher(number)
        )
        assert response.status_code == 409
    wrong_sector = await profession.client.put(
        "/v1/me/panel-membership", json={"sector": "PO"}, headers=profession.teacher(member)
    )
    assert wrong_sector.status_code == 422
    assert wrong_sector.json()["errors"][0]["type"] == "sector_not_yours"
    joined = await profession.client.put(
        "/v1/me/panel-membership",
        json={"sector": "VO", "subjects": ["wiskunde"]},
        headers=profession.teacher(member),
    )
    assert joined.status_code == 200
    assert joined.json()["sector"] == "VO"
    got = await profession.client.get("/v1/me/panel-membership", headers=profession.teacher(member))
    assert got.json()["subjects"] == ["wiskunde"]
    left = await profession.client.delete(
        "/v1/me/panel-membership", headers=profession.teacher(member)
    )
    assert left.status_code == 204
    gone = await profession.client.get(
        "/v1/me/panel-membership", headers=profession.teacher(member)
    )
    assert gone.status_code == 404


async def test_a_provider_token_is_needed_for_requests_and_a_register_token_for_reviews(
    profession: Profession,
) -> None:
    number = random_number()
    as_teacher = await profession.client.get(
        "/v1/accreditation-requests", headers=profession.teacher(number)
    )
    as_provider = await profession.client.get(
        "/v1/me/reviews", headers=profession.provider("P0042")
    )
    assert as_teacher.status_code == 401
    assert as_provider.status_code == 401
