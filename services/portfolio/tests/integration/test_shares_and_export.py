from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from .conftest import Portfolio

pytestmark = pytest.mark.integration

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def new_number() -> str:
    return f"LR{random.randint(0, 99_999_999):08d}"


async def add(portfolio: Portfolio, me: dict[str, str], title: str, day: str) -> None:
    body = {"type": "study_day", "title": title, "start_date": day, "hours": 6, "core": True}
    assert (await portfolio.client.post("/v1/me/activities", json=body, headers=me)).is_success


async def test_a_share_shows_the_portfolio_until_it_expires(portfolio: Portfolio) -> None:
    portfolio.clock.fixed = NOW
    number = new_number()
    me = portfolio.auth(number)
    await add(portfolio, me, "Studiedag <b>lezen</b>", "2026-02-01")
    expires = (NOW + timedelta(days=7)).isoformat()
    created = await portfolio.client.post("/v1/me/shares", json={"expires_at": expires}, headers=me)
    assert created.status_code == 201, created.text
    token = created.json()["token"]
    assert created.json()["url"].endswith(f"/v1/shares/{token}")

    shown = await portfolio.client.get(f"/v1/shares/{token}")
    assert shown.status_code == 200
    assert [a["title"] for a in shown.json()["activities"]] == ["Studiedag <b>lezen</b>"]
    assert shown.headers["cache-control"] == "no-store"
    html = await portfolio.client.get(f"/v1/shares/{token}", headers={"Accept": "text/html"})
    assert "Studiedag &lt;b&gt;lezen&lt;/b&gt;" in html.text

    portfolio.clock.fixed = NOW + timedelta(days=7)
    assert (await portfolio.client.get(f"/v1/shares/{token}")).status_code == 404


async def test_a_revoked_share_no_longer_opens_and_only_its_owner_can_revoke_it(
    portfolio: Portfolio,
) -> None:
    portfolio.clock.fixed = NOW
    me, other = portfolio.auth(new_number()), portfolio.auth(new_number())
    expires = (NOW + timedelta(days=1)).isoformat()
    created = (
        await portfolio.client.post("/v1/me/shares", json={"expires_at": expires}, headers=me)
    ).json()
    url = f"/v1/me/shares/{created['id']}"
    assert (await portfolio.client.delete(url, headers=other)).status_code == 404
    assert (await portfolio.client.get(f"/v1/shares/{created['token']}")).status_code == 200
    assert (await portfolio.client.delete(url, headers=me)).status_code == 204
    assert (await portfolio.client.get(f"/v1/shares/{created['token']}")).status_code == 404
    assert (await portfolio.client.get("/v1/me/shares", headers=me)).json() == []


async def test_an_unknown_share_token_is_not_found(portfolio: Portfolio) -> None:
    assert (await portfolio.client.get("/v1/shares/made-up-token")).status_code == 404


async def test_a_share_must_expire_in_the_future_and_within_the_limit(portfolio: Portfolio) -> None:
    portfolio.clock.fixed = NOW
    me = portfolio.auth(new_number())
    for expires in (NOW - timedelta(minutes=1), NOW + timedelta(days=400)):
        body = {"expires_at": expires.isoformat()}
        response = await portfolio.client.post("/v1/me/shares", json=body, headers=me)
        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"] == ["body", "expires_at"]


@pytest.mark.parametrize("period_start", ["0001-01-01", "9999-12-31", "1900-01-01"])
async def test_a_period_share_for_a_date_outside_reason_is_rejected(
    portfolio: Portfolio, period_start: str
) -> None:
    portfolio.clock.fixed = NOW
    number = new_number()
    await portfolio.register(number, date(2024, 8, 1), date(2028, 8, 1))
    body = {
        "view": "period",
        "period_start": period_start,
        "expires_at": (NOW + timedelta(days=2)).isoformat(),
    }
    response = await portfolio.client.post(
        "/v1/me/shares", json=body, headers=portfolio.auth(number)
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "period_start"]


async def test_a_period_share_shows_only_that_period(portfolio: Portfolio) -> None:
    portfolio.clock.fixed = NOW
    number = new_number()
    await portfolio.register(number, date(2024, 8, 1), date(2028, 7, 31))
    me = portfolio.auth(number)
    await add(portfolio, me, "Oud", "2023-05-01")
    await add(portfolio, me, "Nieuw", "2025-05-01")
    body = {
        "view": "period",
        "period_start": "2025-01-01",
        "expires_at": (NOW + timedelta(days=2)).isoformat(),
    }
    created = (await portfolio.client.post("/v1/me/shares", json=body, headers=me)).json()
    assert created["period_start"] == "2024-08-01"
    shown = (await portfolio.client.get(f"/v1/shares/{created['token']}")).json()
    assert [a["title"] for a in shown["activities"]] == ["Nieuw"]
    assert [p["period_start"] for p in shown["progress"]] == ["2024-08-01"]


async def test_the_export_has_everything_as_json_and_as_printable_html(
    portfolio: Portfolio,
) -> None:
    number = new_number()
    await portfolio.register(number, date(2024, 8, 1), date(2028, 7, 31))
    me = portfolio.auth(number)
    await add(portfolio, me, "Studiedag rekenen", "2025-03-01")
    exported = await portfolio.client.get("/v1/me/export", headers=me)
    assert exported.status_code == 200
    body = exported.json()
    assert body["registration_number"] == number
    assert body["name"] == "J. Jansen"
    assert body["activities"][0]["title"] == "Studiedag rekenen"
    assert body["progress"][0]["total_hours"] == "6.00"

    html = await portfolio.client.get("/v1/me/export?format=html", headers=me)
    assert html.headers["content-type"].startswith("text/html")
    assert "@page" in html.text
    assert "Studiedag rekenen" in html.text
    assert number in html.text
