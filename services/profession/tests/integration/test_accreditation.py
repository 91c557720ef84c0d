"""A provider's offer through its panel to a decision: assignment, reviews, the decision rule,
the published accreditation, appeal and the sweep, on the real database and broker."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from lr_shared.contracts import topics
from lr_shared.contracts.profession import ActivityAccreditedV1

from .conftest import Profession, offer, review_body

pytestmark = pytest.mark.integration

PROVIDER_BOARD = "50001"


async def submit(profession: Profession, provider_id: str = "P0042", **changes: Any) -> str:
    response = await profession.client.post(
        "/v1/accreditation-requests",
        json=offer(**changes),
        headers=profession.provider(provider_id, board=PROVIDER_BOARD),
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def review(
    profession: Profession, number: str, request_id: str, verdict: str, hours: str | None = None
) -> int:
    review_id = await profession.open_review_of(number, request_id)
    response = await profession.client.post(
        f"/v1/me/reviews/{review_id}",
        json=review_body(await profession.criteria_codes(), verdict, hours),
        headers=profession.teacher(number),
    )
    return response.status_code


async def detail(profession: Profession, request_id: str) -> dict[str, Any]:
    response = await profession.client.get(
        f"/v1/accreditation-requests/{request_id}", headers=profession.provider("P0042")
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_an_offer_gets_three_teachers_of_its_sector_never_one_of_the_providers_board(
    profession: Profession,
) -> None:
    eligible = {await profession.panelist("PO") for _ in range(3)}
    employed_by_provider = await profession.panelist("PO", boards=("41234", PROVIDER_BOARD))
    other_sector = await profession.panelist("VO")

    request_id = await submit(profession)

    assert await profession.reviewers(request_id) == eligible
    assert employed_by_provider not in await profession.reviewers(request_id)
    assert other_sector not in await profession.reviewers(request_id)
    found = await detail(profession, request_id)
    assert found["state"] == "in_review"
    assert found["panel"] == {"size": 3, "assigned": 3, "submitted": 0}
    mine = await profession.client.get(
        "/v1/me/reviews", headers=profession.teacher(sorted(eligible)[0])
    )
    assert [r["offer"]["title"] for r in mine.json()["items"]] == [offer()["title"]]
    assert mine.json()["items"][0]["criteria"]["version"] == 1
    await profession.container.sweep(profession.clock.now + timedelta(days=1))
    assert employed_by_provider not in await profession.reviewers(request_id)


async def test_the_panels_reviews_decide_and_the_accreditation_is_published(
    profession: Profession,
) -> None:
    panel = sorted([await profession.panelist("PO") for _ in range(3)])
    request_id = await submit(profession, planned_hours="12")

    assert await review(profession, panel[0], request_id, "approve", "8") == 200
    assert await review(profession, panel[1], request_id, "approve", "11") == 200
    review_id = await profession.value(
        "select id::text from reviews where registration_number = $1", panel[0]
    )
    again = await profession.client.post(
        f"/v1/me/reviews/{review_id}",
        json=review_body(await profession.criteria_codes(), "reject"),
        headers=profession.teacher(panel[0]),
    )
    assert again.status_code == 409
    assert (await detail(profession, request_id))["state"] == "in_review"
    assert await review(profession, panel[2], request_id, "reject") == 200

    found = await detail(profession, request_id)
    assert found["state"] == "accepted"
    assert Decimal(found["register_hours"]) == Decimal("9.5")  # median of 8 and 11
    assert found["criteria_version"] == 1
    assert found["decisions"][0]["outcome"] == "accepted"
    assert sorted(r["verdict"] for r in found["reviews"]) == ["approve", "approve", "reject"]
    assert not any(number in json.dumps(found) for number in panel)
    records = await profession.messages(topics.PROFESSION_ACCREDITATIONS, 1)
    assert len(records) == 1
    assert records[0].key.decode() == found["activity_code"]
    message = ActivityAccreditedV1.model_validate_json(records[0].value)
    assert message.register_hours == Decimal("9.5")
    assert message.criteria_version == 1
    assert message.provider_id == "P0042"
    assert not any(number in records[0].value.decode() for number in panel)
    counts = await profession.rows("select open_reviews from panel_members")
    assert [row[0] for row in counts] == [0, 0, 0]


async def test_a_rejection_is_appealed_once_to_a_new_panel_of_other_teachers(
    profession: Profession,
) -> None:
    for _ in range(6):
        await profession.panelist("PO")
    request_id = await submit(profession)
    early = await profession.client.post(
        f"/v1/accreditation-requests/{request_id}/appeal", headers=profession.provider("P0042")
    )
    assert early.status_code == 409
    first = sorted(await profession.reviewers(request_id))
    for number, verdict in zip(first, ("reject", "reject", "approve"), strict=True):
        assert await review(profession, number, request_id, verdict, "6") == 200
    rejected = await detail(profession, request_id)
    assert rejected["state"] == "rejected"
    assert rejected["may_appeal"] is True
    assert [r["verdict"] for r in rejected["reviews"]].count("reject") == 2
    assert all(s["reason"] for r in rejected["reviews"] for s in r["scores"])

    appealed = await profession.client.post(
        f"/v1/accreditation-requests/{request_id}/appeal", headers=profession.provider("P0042")
    )
    assert appealed.status_code == 200
    assert appealed.json()["round"] == 2
    second = await profession.rows(
        "select registration_number from reviews where request_id = $1 and round = 2",
        request_id,
    )
    second_panel = {row[0] for row in second}
    assert len(second_panel) == 3
    assert second_panel.isdisjoint(first)
    for number in sorted(second_panel):
        assert await review(profession, number, request_id, "reject") == 200
    final = await detail(profession, request_id)
    assert final["state"] == "rejected"
    assert [d["round"] for d in final["decisions"]] == [1, 2]
    assert final["may_appeal"] is False
    twice = await profession.client.post(
        f"/v1/accreditation-requests/{request_id}/appeal", headers=profession.provider("P0042")
    )
    assert twice.status_code == 409


async def test_a_stalled_review_is_withdrawn_by_the_sweep_and_given_to_another_teacher(
    profession: Profession,
) -> None:
    for _ in range(4):
        await profession.panelist("PO")
    request_id = await submit(profession)
    panel = sorted(await profession.reviewers(request_id))
    for number in panel[:2]:
        assert await review(profession, number, request_id, "approve", "10") == 200

    result = await profession.container.sweep(profession.clock.now + timedelta(days=15))

    assert (result.withdrawn, result.assigned) == (1, 1)
    stalled = await profession.rows(
        "select state, withdrawn_reason from reviews where registration_number = $1", panel[2]
    )
    assert [tuple(row) for row in stalled] == [("withdrawn", "stalled")]
    newcomer = await profession.reviewers(request_id, "open")
    assert len(newcomer) == 1
    assert newcomer.isdisjoint(panel)
    gone = await profession.value(
        "select id::text from reviews where registration_number = $1", panel[2]
    )
    late = await profession.client.post(
        f"/v1/me/reviews/{gone}",
        json=review_body(await profession.criteria_codes()),
        headers=profession.teacher(panel[2]),
    )
    assert late.status_code == 409
    assert await review(profession, newcomer.pop(), request_id, "approve", "10") == 200
    assert (await detail(profession, request_id))["state"] == "accepted"


async def test_a_request_waits_for_a_panel_until_enough_teachers_opt_in(
    profession: Profession,
) -> None:
    for _ in range(2):
        await profession.panelist("PO")
    request_id = await submit(profession)

    waiting = await detail(profession, request_id)
    assert waiting["state"] == "awaiting_panel"
    assert waiting["waiting_reason"]
    assert waiting["panel"]["assigned"] == 2

    await profession.panelist("PO")
    assert (await detail(profession, request_id))["state"] == "in_review"


async def test_a_teacher_no_longer_registered_leaves_the_panel_and_her_review_moves_on(
    profession: Profession,
) -> None:
    for _ in range(4):
        await profession.panelist("PO")
    request_id = await submit(profession)
    leaving = sorted(await profession.reviewers(request_id))[0]

    await profession.registration(leaving, state="conditional")

    await profession.until(
        "select withdrawn_reason from reviews where registration_number = $1",
        leaving,
        expected="not_registered",
    )
    await profession.until(
        "select count(*) from reviews where request_id = $1 and state = 'open'",
        request_id,
        expected=3,
    )
    member = await profession.client.get(
        "/v1/me/panel-membership", headers=profession.teacher(leaving)
    )
    assert member.status_code == 404


async def test_an_offer_reference_makes_a_resubmission_answer_the_first_request(
    profession: Profession,
) -> None:
    body = offer()
    headers = profession.provider("P0042")
    first = await profession.client.post("/v1/accreditation-requests", json=body, headers=headers)
    again = await profession.client.post("/v1/accreditation-requests", json=body, headers=headers)
    other = await profession.client.post(
        "/v1/accreditation-requests", json={**body, "title": "Iets anders"}, headers=headers
    )

    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 409)
    assert again.json()["id"] == first.json()["id"]
    listed = await profession.client.get("/v1/accreditation-requests", headers=headers)
    assert [r["id"] for r in listed.json()["items"]] == [first.json()["id"]]
    theirs = await profession.client.get(
        f"/v1/accreditation-requests/{first.json()['id']}", headers=profession.provider("P0099")
    )
    assert theirs.status_code == 404
    assert (
        await profession.client.get(
            "/v1/accreditation-requests", headers=profession.provider("P0099")
        )
    ).json()["items"] == []


@pytest.mark.parametrize(
    "changes",
    [
        {"type": "inside_school"},  # needs a subtype
        {"type": "course", "subtype": "coaching"},
        {"on_demand": True},  # and dates
        {"start_date": None},  # neither
        {"planned_hours": "0.3"},
        {"sectors": []},
    ],
)
async def test_an_offer_that_breaks_a_rule_is_refused(
    profession: Profession, changes: dict[str, Any]
) -> None:
    response = await profession.client.post(
        "/v1/accreditation-requests",
        json=offer(**changes),
        headers=profession.provider("P0042"),
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
