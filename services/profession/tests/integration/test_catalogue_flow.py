"""End to end on the real stack, both services in this process on the same topics: a panel
accredits an offer, the portfolio's catalogue takes it from lr.profession.accreditations.v1,
and an attendance report raises a teacher's progress by exactly the decided hours."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
import pytest_asyncio

from lr_portfolio.entrypoints.app import create_app as create_portfolio
from lr_portfolio.settings import Settings as PortfolioSettings
from lr_shared.contracts import topics
from lr_shared.contracts.portfolio import AttendanceV1
from lr_tools.stack.privileges import create_service_database, service_url
from lr_tools.testing import StackEndpoints, eventually, serve_in_process

from .conftest import Profession, create_topics, offer, random_number, review_body

pytestmark = pytest.mark.integration

PORTFOLIO_ONLY = (
    topics.PORTFOLIO_ATTENDANCE,
    topics.PORTFOLIO_PROGRESS,
    topics.PRIVACY_ERASURE_REQUESTS,
    topics.PRIVACY_ERASURE_CONFIRMATIONS,
)


@pytest_asyncio.fixture
async def portfolio(
    profession: Profession, stack: StackEndpoints, topic_suffix: str, dev_keys: Path
) -> AsyncIterator[httpx.AsyncClient]:
    """The portfolio on its own new database, on the profession's topics."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    await create_service_database(stack.postgres_url, name, "portfolio")
    await create_topics(profession.bootstrap, topic_suffix, PORTFOLIO_ONLY)
    settings = PortfolioSettings(
        environment="test",
        database_url=service_url(stack.postgres_url, "portfolio", name),
        kafka_bootstrap_servers=profession.bootstrap,
        topic_suffix=topic_suffix,
        jwks_file=dev_keys / "jwks.json",
        db_pool_size=4,
    )
    try:
        async with serve_in_process(create_portfolio(settings)) as client:
            yield client
    finally:
        admin = await asyncpg.connect(stack.postgres_url)
        await admin.execute(f'drop database if exists "{name}" with (force)')
        await admin.close()


async def current_total(portfolio: httpx.AsyncClient, profession: Profession, number: str) -> Any:
    response = await portfolio.get("/v1/me/progress", headers=profession.teacher(number))
    periods = [p for p in response.json()["periods"] if p["current"]]
    return Decimal(periods[0]["total_hours"]) if periods else None


async def test_an_accredited_offer_enters_the_catalogue_and_attendance_counts_its_hours(
    profession: Profession, portfolio: httpx.AsyncClient
) -> None:
    panel = sorted([await profession.panelist("PO") for _ in range(3)])
    attendee = random_number()
    await profession.registration(attendee)

    async def known() -> bool:
        return await current_total(portfolio, profession, attendee) == Decimal(0)

    assert await eventually(known, timeout=30)
    submitted = await profession.client.post(
        "/v1/accreditation-requests",
        json=offer(planned_hours="20", core=True),
        headers=profession.provider("P0042", name="Penta Nova", board="50001"),
    )
    request_id = submitted.json()["id"]
    codes = await profession.criteria_codes()
    for number, hours in zip(panel, ("12", "14", "16.5"), strict=True):
        review_id = await profession.open_review_of(number, request_id)
        response = await profession.client.post(
            f"/v1/me/reviews/{review_id}",
            json=review_body(codes, "approve", hours),
            headers=profession.teacher(number),
        )
        assert response.status_code == 200, response.text
    decided = await profession.client.get(
        f"/v1/accreditation-requests/{request_id}", headers=profession.provider("P0042")
    )
    code = decided.json()["activity_code"]
    assert Decimal(decided.json()["register_hours"]) == Decimal(14)

    entry: dict[str, Any] = {}

    async def in_catalogue() -> bool:
        listed = await portfolio.get("/v1/catalogue", params={"provider_id": "P0042"})
        entry.update(next((e for e in listed.json()["items"] if e["activity_code"] == code), {}))
        return bool(entry)

    assert await eventually(in_catalogue, timeout=30)
    assert Decimal(entry["register_hours"]) == Decimal(14)
    assert entry["criteria_version"] == 1
    assert (entry["provider_name"], entry["core"], entry["type"]) == ("Penta Nova", True, "course")

    report = AttendanceV1(
        attendance_id=f"NSO-{uuid.uuid4().hex[:8]}",
        provider_id="P0042",
        activity_code=code,
        registration_number=attendee,
        attended_on=date(2026, 11, 20),
    )
    await profession.produce(topics.PORTFOLIO_ATTENDANCE, attendee, report)

    async def raised() -> bool:
        return await current_total(portfolio, profession, attendee) == Decimal(14)

    assert await eventually(raised, timeout=30)
    activities = await portfolio.get("/v1/me/activities", headers=profession.teacher(attendee))
    assert [(a["activity_code"], Decimal(a["hours"])) for a in activities.json()] == [
        (code, Decimal(14))
    ]
