"""Accredited activities from the profession (lr.profession.accreditations.v1) enter the
provider catalogue, once per message, and the public catalogue lists them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from lr_shared.contracts.profession import ActivityAccreditedV1
from lr_shared.contracts.topics import PROFESSION_ACCREDITATIONS
from lr_tools.testing import eventually

from .conftest import Portfolio

pytestmark = pytest.mark.integration


def accredited(code: str, hours: str, version: int = 1) -> ActivityAccreditedV1:
    return ActivityAccreditedV1.model_validate(
        {
            "activity_code": code,
            "accreditation_id": uuid.uuid4(),
            "provider_id": "P0042",
            "provider_name": "Penta Nova",
            "title": "Intervisie in het team",
            "type": "inside_school",
            "subtype": "intervision",
            "sectors": ["PO"],
            "register_hours": hours,
            "core": False,
            "criteria_version": version,
            "on_demand": True,
            "accredited_at": datetime.now(UTC),
        }
    )


async def entry(portfolio: Portfolio, code: str) -> dict[str, Any] | None:
    listed = await portfolio.client.get("/v1/catalogue", params={"provider_id": "P0042"})
    assert listed.status_code == 200
    return next((e for e in listed.json()["items"] if e["activity_code"] == code), None)


async def test_an_accreditation_enters_the_catalogue_and_a_later_one_updates_it(
    portfolio: Portfolio,
) -> None:
    code = f"PR-{uuid.uuid4().hex[:7]}"
    await portfolio.produce(PROFESSION_ACCREDITATIONS, code, accredited(code, "7.5"))

    async def listed() -> bool:
        return await entry(portfolio, code) is not None

    assert await eventually(listed, timeout=30)
    first = await entry(portfolio, code)
    assert first is not None
    assert (Decimal(first["register_hours"]), first["criteria_version"]) == (Decimal("7.5"), 1)
    assert (first["type"], first["subtype"], first["core"]) == (
        "inside_school",
        "intervision",
        False,
    )

    await portfolio.produce(PROFESSION_ACCREDITATIONS, code, accredited(code, "9", version=2))

    async def updated() -> bool:
        found = await entry(portfolio, code)
        return found is not None and found["criteria_version"] == 2

    assert await eventually(updated, timeout=30)
    rows = await portfolio.sql(
        "select register_hours from catalogue where activity_code = $1", code
    )
    assert [r[0] for r in rows] == [Decimal(9)]


async def test_a_redelivered_accreditation_changes_nothing(portfolio: Portfolio) -> None:
    code = f"PR-{uuid.uuid4().hex[:7]}"
    event_id = str(uuid.uuid4())
    await portfolio.produce(
        PROFESSION_ACCREDITATIONS, code, accredited(code, "4"), event_id=event_id
    )

    async def listed() -> bool:
        return await entry(portfolio, code) is not None

    assert await eventually(listed, timeout=30)
    await portfolio.sql("update catalogue set register_hours = 5 where activity_code = $1", code)
    await portfolio.produce(
        PROFESSION_ACCREDITATIONS, code, accredited(code, "4"), event_id=event_id
    )
    # Sent after it on its partition (same key): once the marker is in, the redelivery was seen.
    marker = f"PR-{uuid.uuid4().hex[:7]}"
    await portfolio.produce(PROFESSION_ACCREDITATIONS, code, accredited(marker, "1"))

    async def marker_in() -> bool:
        return await entry(portfolio, marker) is not None

    assert await eventually(marker_in, timeout=30)
    found = await entry(portfolio, code)
    assert found is not None
    assert Decimal(found["register_hours"]) == Decimal(5)  # the second delivery was dropped
