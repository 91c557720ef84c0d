"""Every opening of a share link is recorded for its teacher (which share, when; nothing of
what it showed) and listed to her alone, newest first (`GET /v1/me/disclosures`)."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from lr_shared.contracts.privacy import ErasureRequestV1
from lr_shared.contracts.topics import PRIVACY_ERASURE_REQUESTS
from lr_tools.testing import eventually

from .conftest import Portfolio

pytestmark = pytest.mark.integration

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def new_number() -> str:
    return f"LR{random.randint(0, 99_999_999):08d}"


async def share(portfolio: Portfolio, me: dict[str, str], days: int = 7) -> dict[str, str]:
    expires = (portfolio.clock.now() + timedelta(days=days)).isoformat()
    created = await portfolio.client.post("/v1/me/shares", json={"expires_at": expires}, headers=me)
    assert created.status_code == 201, created.text
    body: dict[str, str] = created.json()
    return body


async def disclosures(portfolio: Portfolio, me: dict[str, str], **params: int) -> dict[str, Any]:
    response = await portfolio.client.get("/v1/me/disclosures", headers=me, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_each_opening_is_listed_to_its_teacher_alone_newest_first(
    portfolio: Portfolio,
) -> None:
    me, other = portfolio.auth(new_number()), portfolio.auth(new_number())
    portfolio.clock.fixed = NOW
    mine, theirs = await share(portfolio, me), await share(portfolio, other)

    portfolio.clock.fixed = NOW + timedelta(hours=1)
    assert (await portfolio.client.get(f"/v1/shares/{mine['token']}")).status_code == 200
    portfolio.clock.fixed = NOW + timedelta(hours=2)
    assert (await portfolio.client.get(f"/v1/shares/{theirs['token']}")).status_code == 200
    portfolio.clock.fixed = NOW + timedelta(hours=3)
    html = await portfolio.client.get(
        f"/v1/shares/{mine['token']}", headers={"Accept": "text/html"}
    )
    assert html.status_code == 200

    found = await disclosures(portfolio, me)
    assert found["total"] == 2
    assert found["items"] == [
        {
            "kind": "share_opened",
            "share_id": mine["id"],
            "view": "all",
            "period_start": None,
            "at": at.isoformat().replace("+00:00", "Z"),
        }
        for at in (NOW + timedelta(hours=3), NOW + timedelta(hours=1))
    ]
    other_found = await disclosures(portfolio, other)
    assert [i["share_id"] for i in other_found["items"]] == [theirs["id"]]

    paged = await disclosures(portfolio, me, page=2, page_size=1)
    assert paged["total"] == 2
    assert [i["at"] for i in paged["items"]] == [found["items"][1]["at"]]


async def test_the_record_holds_no_copy_of_what_the_link_showed(portfolio: Portfolio) -> None:
    number = new_number()
    me = portfolio.auth(number)
    body = {
        "type": "study_day",
        "title": "Geheim",
        "start_date": "2026-02-01",
        "hours": 6,
        "core": True,
    }
    assert (await portfolio.client.post("/v1/me/activities", json=body, headers=me)).is_success
    created = await share(portfolio, me)
    assert (await portfolio.client.get(f"/v1/shares/{created['token']}")).status_code == 200

    [row] = await portfolio.sql(
        "select * from share_openings where registration_number = $1", number
    )
    assert set(row.keys()) == {
        "id",
        "registration_number",
        "share_id",
        "view",
        "period_start",
        "opened_at",
    }
    assert str(row["share_id"]) == created["id"]


async def test_a_revoked_share_stays_listed_and_a_refused_opening_is_not_recorded(
    portfolio: Portfolio,
) -> None:
    portfolio.clock.fixed = NOW
    me = portfolio.auth(new_number())
    created = await share(portfolio, me, days=1)
    assert (await portfolio.client.get(f"/v1/shares/{created['token']}")).status_code == 200

    portfolio.clock.fixed = NOW + timedelta(days=1)  # expired
    assert (await portfolio.client.get(f"/v1/shares/{created['token']}")).status_code == 404
    assert (await portfolio.client.delete(f"/v1/me/shares/{created['id']}", headers=me)).is_success
    assert (await portfolio.client.get(f"/v1/shares/{created['token']}")).status_code == 404
    assert (await portfolio.client.get("/v1/shares/made-up-token")).status_code == 404

    found = await disclosures(portfolio, me)
    assert found["total"] == 1
    assert [i["share_id"] for i in found["items"]] == [created["id"]]


async def test_the_list_needs_a_register_token(portfolio: Portfolio) -> None:
    assert (await portfolio.client.get("/v1/me/disclosures")).status_code == 401


async def test_erasure_deletes_her_openings_and_no_one_elses(portfolio: Portfolio) -> None:
    number, bystander = new_number(), new_number()
    for who in (number, bystander):
        created = await share(portfolio, portfolio.auth(who))
        assert (await portfolio.client.get(f"/v1/shares/{created['token']}")).status_code == 200
    request = ErasureRequestV1(
        request_id=uuid.uuid4(),
        registration_number=number,
        requested_at=datetime.now(UTC),
        services=["portfolio"],
    )
    await portfolio.produce(PRIVACY_ERASURE_REQUESTS, number, request)
    count = "select count(*) from share_openings where registration_number = $1"

    async def erased() -> bool:
        return (await portfolio.sql(count, number))[0][0] == 0

    assert await eventually(erased)
    assert (await portfolio.sql(count, bystander))[0][0] == 1


async def test_openings_are_purged_two_years_after_they_happened(portfolio: Portfolio) -> None:
    number = new_number()
    me = portfolio.auth(number)
    portfolio.clock.fixed = NOW
    for day in (0, 30):
        portfolio.clock.fixed = NOW + timedelta(days=day)
        created = await share(portfolio, me)
        assert (await portfolio.client.get(f"/v1/shares/{created['token']}")).status_code == 200

    removed = await portfolio.container.purge(NOW + timedelta(days=730))
    assert removed == {"portfolio.share_openings": 0}  # exactly at the cutoff: kept
    removed = await portfolio.container.purge(NOW + timedelta(days=731))
    assert removed == {"portfolio.share_openings": 1}
    found = await disclosures(portfolio, me)
    assert [i["at"] for i in found["items"]] == [
        (NOW + timedelta(days=30)).isoformat().replace("+00:00", "Z")
    ]
