"""Panels under concurrency and erasure: replicas filling at once never pass the cap or give a
request too many reviewers; an erased reviewer's open review moves on and nobody is named."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from .conftest import Profession, offer, random_number

pytestmark = pytest.mark.integration


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"reviewer_open_cap": 1}


async def test_concurrent_fills_keep_the_cap_and_the_panel_size(profession: Profession) -> None:
    requests = []
    for _ in range(3):
        response = await profession.client.post(
            "/v1/accreditation-requests", json=offer(), headers=profession.provider("P0042")
        )
        requests.append(response.json()["id"])
    teachers = [random_number() for _ in range(6)]
    for number in teachers:
        await profession.registration(number)
    # Members written directly, so that no opt-in fills a panel before the replicas race.
    await profession.rows(
        "insert into panel_members (registration_number, sector, subjects, opted_in_at)"
        " select unnest($1::text[]), 'PO', '{}', now()",
        teachers,
    )

    await asyncio.gather(*(profession.container.fill_panels() for _ in range(4)))
    await profession.container.fill_panels()

    per_teacher = await profession.rows(
        "select registration_number, count(*) from reviews where state = 'open' group by 1"
    )
    assert sorted(row[0] for row in per_teacher) == sorted(teachers)
    assert all(row[1] == 1 for row in per_teacher)
    per_request = await profession.rows("select request_id, count(*) from reviews group by 1")
    assert all(row[1] <= 3 for row in per_request)
    counters = await profession.rows("select open_reviews from panel_members")
    assert [row[0] for row in counters] == [1] * 6


async def test_an_erased_reviewer_leaves_her_open_review_to_another_and_is_named_nowhere(
    profession: Profession,
) -> None:
    for _ in range(4):
        await profession.panelist("PO")
    response = await profession.client.post(
        "/v1/accreditation-requests", json=offer(), headers=profession.provider("P0042")
    )
    request_id = response.json()["id"]
    erased = sorted(await profession.reviewers(request_id))[0]

    await profession.erase(erased)

    await profession.until(
        "select count(*) from reviews where request_id = $1 and state = 'open'",
        request_id,
        expected=3,
    )
    assert (
        await profession.value(
            "select count(*) from reviews where registration_number = $1", erased
        )
        == 0
    )
    assert (
        await profession.value(
            "select count(*) from panel_members where registration_number = $1", erased
        )
        == 0
    )
