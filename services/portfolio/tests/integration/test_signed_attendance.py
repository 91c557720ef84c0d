"""Forged attendance on the real broker and database: a report counts only under its
provider's valid token and for an activity of that provider's catalogue, on Kafka and over
HTTP (`POST /v1/attendance`). A forged report never becomes hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from lr_portfolio.application import catalogue
from lr_portfolio.domain.activities import ActivityType
from lr_portfolio.domain.catalogue import CatalogueEntry
from lr_shared.auth import DEV_IDP_ISSUER, DEV_IDP_KEY_FILE, DEV_IDP_KID, mint_token
from lr_shared.contracts.portfolio import AttendanceV1
from lr_shared.contracts.topics import PORTFOLIO_ATTENDANCE
from lr_shared.signed import SENDER_HEADER
from lr_tools.testing import consume, eventually

from .conftest import Portfolio
from .test_progress import ENTRY, attendance, new_number, progress_of

pytestmark = pytest.mark.integration

START, END = date(2024, 8, 1), date(2028, 7, 31)
OTHERS = CatalogueEntry(
    activity_code="P0001-A001",
    provider_id="P0001",
    provider_name="Andere aanbieder",
    title="Cursus van een ander",
    type=ActivityType.COURSE,
    subtype=None,
    register_hours=Decimal(40),
    core=True,
)


async def teacher(portfolio: Portfolio) -> str:
    await catalogue.load(portfolio.container.uow, [ENTRY, OTHERS])
    number = new_number()
    await portfolio.register(number, START, END)
    return number


def two_hours_ago() -> datetime:
    return datetime.now(UTC) - timedelta(hours=2)  # tokens live an hour


async def test_a_forged_attendance_report_on_kafka_never_becomes_hours(
    portfolio: Portfolio,
) -> None:
    number = await teacher(portfolio)
    board_token = mint_token(
        (portfolio.keys / DEV_IDP_KEY_FILE).read_bytes(),
        kid=DEV_IDP_KID,
        issuer=DEV_IDP_ISSUER,
        subject="12345",
        kind="board",
    )
    expired = portfolio.provider_token("P0042", now=two_hours_ago())
    # All keyed by the teacher: one partition, taken in order, so the genuine report is last.
    forged: list[tuple[AttendanceV1, dict[str, Any]]] = [
        (attendance(number), {"signed": False}),
        (attendance(number), {"token": expired}),
        (attendance(number), {"token": board_token}),
        # Another provider's valid token under a report that names P0042.
        (attendance(number), {"token": portfolio.provider_token("P0001")}),
        # A valid token of P0001 and its own id, for an activity of P0042's catalogue.
        (attendance(number, provider_id="P0001"), {}),
    ]
    for report, how in forged:
        await portfolio.produce(PORTFOLIO_ATTENDANCE, number, report, **how)
    await portfolio.produce(PORTFOLIO_ATTENDANCE, number, attendance(number))

    dlq = f"{portfolio.topic(PORTFOLIO_ATTENDANCE)}.dlq"
    dead = await consume(portfolio.settings.kafka_bootstrap_servers, dlq, count=len(forged))
    reasons = [dict(r.headers)["dlq_reason"].decode() for r in dead]
    assert reasons == [
        "invalid sender token: no authorization header",
        "invalid sender token: ExpiredSignatureError",
        "invalid sender token: token of the wrong kind",
        "provider mismatch: provider_id is not the provider of the token",
        "provider mismatch: the activity belongs to another provider",
    ]
    assert all(SENDER_HEADER not in dict(r.headers) for r in dead)
    me = portfolio.auth(number)

    async def genuine_applied() -> bool:
        return len((await portfolio.client.get("/v1/me/activities", headers=me)).json()) > 0

    assert await eventually(genuine_applied)
    activities = (await portfolio.client.get("/v1/me/activities", headers=me)).json()
    assert len(activities) == 1
    [current] = await progress_of(portfolio, number)
    assert current["total_hours"] == "16.00"  # the genuine report's, nothing else


async def test_a_provider_reports_attendance_over_http_for_its_own_catalogue_only(
    portfolio: Portfolio,
) -> None:
    number = await teacher(portfolio)
    genuine = attendance(number)
    body = {
        "reports": [
            genuine.model_dump(mode="json"),
            attendance(number, provider_id="P0001").model_dump(mode="json"),
            attendance(number, activity_code="P0001-A001").model_dump(mode="json"),
            attendance(number, activity_code="P0042-UNKNOWN").model_dump(mode="json"),
        ]
    }
    answer = await portfolio.client.post(
        "/v1/attendance", json=body, headers=portfolio.provider("P0042")
    )
    assert answer.status_code == 200
    assert answer.json()["accepted"] == 1
    assert [(r["index"], r["reason"].split(":")[0]) for r in answer.json()["refused"]] == [
        (1, "provider mismatch"),
        (2, "provider mismatch"),
        (3, "unknown activity"),
    ]
    again = await portfolio.client.post(
        "/v1/attendance",
        json={"reports": [genuine.model_dump(mode="json")]},
        headers=portfolio.provider("P0042"),
    )
    assert again.json() == {"accepted": 1, "refused": []}  # taken again, counted once
    [current] = await progress_of(portfolio, number)
    assert current["total_hours"] == "16.00"


@pytest.mark.parametrize("token", ["none", "expired", "register", "other provider"])
async def test_attendance_over_http_without_its_providers_valid_token_never_becomes_hours(
    portfolio: Portfolio, token: str
) -> None:
    number = await teacher(portfolio)
    headers = {
        "none": {},
        "expired": {
            "Authorization": "Bearer " + portfolio.provider_token("P0042", now=two_hours_ago())
        },
        "register": portfolio.auth(number),
        "other provider": portfolio.provider("P0001"),
    }[token]
    body = {"reports": [attendance(number).model_dump(mode="json")]}
    answer = await portfolio.client.post("/v1/attendance", json=body, headers=headers)
    if token == "other provider":
        assert answer.status_code == 200
        assert answer.json()["accepted"] == 0
    else:
        assert answer.status_code == 401
    activities = await portfolio.client.get("/v1/me/activities", headers=portfolio.auth(number))
    assert activities.json() == []
    [current] = await progress_of(portfolio, number)
    assert current["total_hours"] == "0.00"
