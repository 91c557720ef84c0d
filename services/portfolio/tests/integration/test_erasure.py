from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from lr_shared.cloudevents import decode
from lr_shared.contracts.privacy import ErasureConfirmationV1, ErasureRequestV1
from lr_shared.contracts.topics import (
    PORTFOLIO_PROGRESS,
    PRIVACY_ERASURE_CONFIRMATIONS,
    PRIVACY_ERASURE_REQUESTS,
    REGISTRY_REGISTRATIONS,
)
from lr_tools.testing import consume, eventually

from .conftest import Portfolio

pytestmark = pytest.mark.integration


def new_number() -> str:
    return f"LR{random.randint(0, 99_999_999):08d}"


async def fill(portfolio: Portfolio, number: str) -> str:
    """A portfolio with a period, an activity with evidence and a share; returns the share token."""
    await portfolio.register(number, date(2024, 8, 1), date(2028, 7, 31))
    me = portfolio.auth(number)
    body = {
        "type": "course",
        "title": "Cursus",
        "start_date": "2025-01-01",
        "hours": 9,
        "core": True,
    }
    activity = (await portfolio.client.post("/v1/me/activities", json=body, headers=me)).json()
    pdf = {"file": ("bewijs.pdf", b"%PDF-1.4 bewijs")}
    url = f"/v1/me/activities/{activity['id']}/evidence"
    assert (await portfolio.client.put(url, files=pdf, headers=me)).is_success
    expires = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    share = await portfolio.client.post("/v1/me/shares", json={"expires_at": expires}, headers=me)
    token: str = share.json()["token"]
    return token


async def rows_of(portfolio: Portfolio, number: str) -> int:
    total = 0
    for table in ("activities", "shares", "progress", "registrations"):
        query = f"select count(*) from {table} where registration_number = $1"  # noqa: S608
        total += (await portfolio.sql(query, number))[0][0]
    return total


async def test_an_erasure_request_deletes_everything_and_is_confirmed(portfolio: Portfolio) -> None:
    number, bystander = new_number(), new_number()
    token = await fill(portfolio, number)
    await fill(portfolio, bystander)
    request = ErasureRequestV1(
        request_id=uuid.uuid4(),
        registration_number=number,
        requested_at=datetime.now(UTC),
        services=["portfolio"],
    )
    await portfolio.produce(PRIVACY_ERASURE_REQUESTS, number, request)

    async def erased() -> bool:
        return await rows_of(portfolio, number) == 0

    assert await eventually(erased)
    assert (await portfolio.sql("select count(*) from evidence"))[0][0] == 1  # the bystander's
    me = portfolio.auth(number)
    assert (await portfolio.client.get("/v1/me/activities", headers=me)).json() == []
    assert (await portfolio.client.get(f"/v1/shares/{token}")).status_code == 404
    assert await rows_of(portfolio, bystander) > 0

    bootstrap = portfolio.settings.kafka_bootstrap_servers
    topic = portfolio.topic(PRIVACY_ERASURE_CONFIRMATIONS)
    [record] = await consume(bootstrap, topic, count=1)
    confirmation = decode(record.value, record.headers, ErasureConfirmationV1).data
    assert confirmation.request_id == request.request_id
    assert confirmation.service == "portfolio"
    assert record.key == number.encode()
    progress = await consume(bootstrap, portfolio.topic(PORTFOLIO_PROGRESS), count=3, timeout=10)
    assert [r.value for r in progress if r.key == number.encode()][-1] is None  # a tombstone


async def test_a_registration_tombstone_erases_the_teacher(portfolio: Portfolio) -> None:
    number = new_number()
    await fill(portfolio, number)
    await portfolio.produce(REGISTRY_REGISTRATIONS, number, None)

    async def erased() -> bool:
        return await rows_of(portfolio, number) == 0

    assert await eventually(erased)
    assert (await portfolio.sql("select count(*) from evidence"))[0][0] == 0
