"""Feedback afterwards: one rating per teacher and activity, the average shown only from 5
ratings on; the provider's view, the feedback topic and erasure, on the real stack."""

from __future__ import annotations

import json
import random
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from aiokafka.structs import ConsumerRecord
from pydantic import BaseModel

from lr_portfolio.application import catalogue
from lr_portfolio.domain.activities import ActivityType
from lr_portfolio.domain.catalogue import CatalogueEntry
from lr_shared.auth import DEV_IDP_ISSUER, DEV_IDP_KEY_FILE, DEV_IDP_KID, mint_token
from lr_shared.cloudevents import CloudEvent, decode, event_type, source
from lr_shared.consumers import Event
from lr_shared.contracts.portfolio import ActivityFeedbackV1, AttendanceV1
from lr_shared.contracts.privacy import ErasureRequestV1
from lr_shared.contracts.registry import RegistrationV1
from lr_shared.contracts.topics import PORTFOLIO_ACTIVITY_FEEDBACK, PRIVACY_ERASURE_REQUESTS
from lr_tools.testing import consume, eventually

from .conftest import Portfolio

pytestmark = pytest.mark.integration

PROVIDER = "P0042"


def new_number() -> str:
    return f"LR{random.randint(0, 99_999_999):08d}"


def entry(code: str) -> CatalogueEntry:
    return CatalogueEntry(
        activity_code=code,
        provider_id=PROVIDER,
        provider_name="Penta Nova",
        title="Cursus formatief evalueren",
        type=ActivityType.COURSE,
        subtype=None,
        register_hours=Decimal(12),
        core=True,
        criteria_version=1,
    )


def as_event(body: BaseModel) -> Event[Any]:
    event: CloudEvent[BaseModel] = CloudEvent(
        type=event_type("test", "event"), source=source("test"), data=body
    )
    record = ConsumerRecord("t", 0, 0, 0, 0, None, None, None, 0, 0, ())
    return Event(event, record)


def provider(portfolio: Portfolio, provider_id: str = PROVIDER) -> dict[str, str]:
    token = mint_token(
        (portfolio.keys / DEV_IDP_KEY_FILE).read_bytes(),
        kid=DEV_IDP_KID,
        issuer=DEV_IDP_ISSUER,
        subject=provider_id,
        kind="provider",
        extra_claims={"lr_provider_name": "Penta Nova"},
    )
    return {"Authorization": f"Bearer {token}"}


async def teacher(portfolio: Portfolio, code: str | None = None) -> tuple[str, str | None]:
    """A registered teacher, with (when `code` is given) the provider's attendance report of
    that activity applied; returns her number and that activity's id."""
    number = new_number()
    registration = RegistrationV1(
        registration_number=number,
        state="registered",
        voorletters="J.",
        achternaam="Jansen",
        sectors=["PO"],
        qualified=True,
        period_start=date(2024, 8, 1),
        period_end=date(2028, 7, 31),
        updated_at=datetime.now(UTC),
    )
    await portfolio.container.registrations.apply([as_event(registration)])
    if code is None:
        return number, None
    report = AttendanceV1(
        attendance_id=f"NSO-{uuid.uuid4().hex[:8]}",
        provider_id=PROVIDER,
        activity_code=code,
        registration_number=number,
        attended_on=date(2026, 2, 3),
    )
    assert await portfolio.container.attendance.report(PROVIDER, [report]) == [None]
    [activity] = (
        await portfolio.client.get("/v1/me/activities", headers=portfolio.auth(number))
    ).json()
    return number, str(activity["id"])


async def rate(
    portfolio: Portfolio, number: str, activity_id: str, rating: int, comment: str | None = None
) -> Any:
    return await portfolio.client.post(
        f"/v1/me/activities/{activity_id}/rating",
        json={"rating": rating, "comment": comment},
        headers=portfolio.auth(number),
    )


async def listed(portfolio: Portfolio, code: str) -> dict[str, Any]:
    response = await portfolio.client.get("/v1/catalogue", params={"provider_id": PROVIDER})
    assert response.status_code == 200
    return next(e for e in response.json()["items"] if e["activity_code"] == code)


async def provider_view(portfolio: Portfolio, code: str) -> dict[str, Any]:
    response = await portfolio.client.get(
        f"/v1/provider/activities/{code}/feedback", headers=provider(portfolio)
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def feedback_messages(portfolio: Portfolio, code: str, count: int) -> list[Any]:
    """The feedback topic's messages for `code`, once at least `count` are there."""
    found: list[ActivityFeedbackV1] = []

    async def arrived() -> bool:
        records = await consume(
            portfolio.settings.kafka_bootstrap_servers,
            portfolio.topic(PORTFOLIO_ACTIVITY_FEEDBACK),
            count=count,
            timeout=5,
        )
        found[:] = [
            decode(r.value, r.headers, ActivityFeedbackV1).data
            for r in records
            if r.key == code.encode()
        ]
        return len(found) >= count

    assert await eventually(arrived, timeout=30)
    return found


async def test_a_teacher_rates_an_accredited_activity_she_attended_once(
    portfolio: Portfolio,
) -> None:
    code = f"PR-{uuid.uuid4().hex[:7]}"
    await catalogue.load(portfolio.container.uow, [entry(code)])
    number, activity_id = await teacher(portfolio, code)
    assert activity_id is not None
    me = portfolio.auth(number)
    [before] = (await portfolio.client.get("/v1/me/activities", headers=me)).json()
    assert (before["rateable"], before["my_rating"]) == (True, None)

    first = await rate(portfolio, number, activity_id, 4, "  Direct toepasbaar.  ")
    assert first.status_code == 201, first.text
    assert first.json()["rating"] == 4
    assert first.json()["comment"] == "Direct toepasbaar."

    again = await rate(portfolio, number, activity_id, 1, "Toch niet goed.")
    assert again.status_code == 409
    assert again.json()["code"] == "already-rated"
    rows = await portfolio.sql(
        "select rating, comment from activity_ratings where activity_code = $1", code
    )
    assert [tuple(r) for r in rows] == [(4, "Direct toepasbaar.")]
    [after] = (await portfolio.client.get("/v1/me/activities", headers=me)).json()
    assert after["my_rating"]["rating"] == 4
    one = await portfolio.client.get(f"/v1/me/activities/{activity_id}", headers=me)
    assert one.json()["my_rating"]["comment"] == "Direct toepasbaar."


async def test_only_an_accredited_activity_of_her_own_portfolio_can_be_rated(
    portfolio: Portfolio,
) -> None:
    code = f"PR-{uuid.uuid4().hex[:7]}"
    await catalogue.load(portfolio.container.uow, [entry(code)])
    attendee, activity_id = await teacher(portfolio, code)
    assert activity_id is not None
    stranger, _ = await teacher(portfolio)

    # Who did not attend has no such activity: her colleague's id is not hers.
    not_hers = await rate(portfolio, stranger, activity_id, 5)
    assert not_hers.status_code == 404
    unknown = await rate(portfolio, stranger, str(uuid.uuid4()), 5)
    assert unknown.status_code == 404

    own = {
        "type": "course",
        "title": "Cursus formatief evalueren",
        "start_date": "2026-01-10",
        "hours": 12,
        "core": True,
    }
    logged = await portfolio.client.post(
        "/v1/me/activities", json=own, headers=portfolio.auth(stranger)
    )
    assert logged.json()["rateable"] is False
    refused = await rate(portfolio, stranger, logged.json()["id"], 5)
    assert refused.status_code == 409
    assert refused.json()["code"] == "not-rateable"

    assert (await rate(portfolio, attendee, activity_id, 6)).status_code == 422
    assert (await rate(portfolio, attendee, activity_id, 3, "x" * 1001)).status_code == 422
    assert (await portfolio.sql("select count(*) from activity_ratings"))[0][0] == 0


async def test_the_average_and_the_comments_show_only_from_five_ratings(
    portfolio: Portfolio,
) -> None:
    code = f"PR-{uuid.uuid4().hex[:7]}"
    await catalogue.load(portfolio.container.uow, [entry(code)])
    raters = [await teacher(portfolio, code) for _ in range(5)]
    ratings = [(5, "Sterk programma."), (4, None), (4, "Te veel theorie."), (3, None)]
    portfolio.clock.fixed = datetime(2026, 10, 5, 10, tzinfo=UTC)
    for (number, activity_id), (value, comment) in zip(raters, ratings, strict=False):
        assert activity_id is not None
        assert (await rate(portfolio, number, activity_id, value, comment)).status_code == 201

    four = await listed(portfolio, code)
    assert (four["ratings_count"], four["average_rating"]) == (None, None)
    hidden = await provider_view(portfolio, code)
    assert hidden["ratings_count"] is None
    assert hidden["average_rating"] is None
    assert hidden["distribution"] is None
    assert hidden["comments"] == []

    portfolio.clock.fixed = datetime(2026, 11, 20, 10, tzinfo=UTC)
    last_number, last_activity = raters[4]
    assert last_activity is not None
    fifth = await rate(portfolio, last_number, last_activity, 5, "Meteen gebruikt in groep 7.")
    assert fifth.status_code == 201

    five = await listed(portfolio, code)
    assert five["ratings_count"] == 5
    assert Decimal(five["average_rating"]) == Decimal("4.2")  # (5 + 4 + 4 + 3 + 5) / 5
    shown = await provider_view(portfolio, code)
    assert (shown["ratings_count"], Decimal(shown["average_rating"])) == (5, Decimal("4.2"))
    assert shown["distribution"] == {"1": 0, "2": 0, "3": 1, "4": 2, "5": 2}
    assert shown["comments"] == [
        {"text": "Meteen gebruikt in groep 7.", "month": "2026-11"},
        {"text": "Sterk programma.", "month": "2026-10"},
        {"text": "Te veel theorie.", "month": "2026-10"},
    ]
    assert shown["comments_total"] == 3
    assert not any(number in json.dumps(shown) for number, _ in raters)

    other = await portfolio.client.get(
        f"/v1/provider/activities/{code}/feedback", headers=provider(portfolio, "P0001")
    )
    assert other.status_code == 404
    missing = await portfolio.client.get(
        "/v1/provider/activities/PR-unknown/feedback", headers=provider(portfolio)
    )
    assert missing.status_code == 404
    as_teacher = await portfolio.client.get(
        f"/v1/provider/activities/{code}/feedback", headers=portfolio.auth(last_number)
    )
    assert as_teacher.status_code == 401

    messages = await feedback_messages(portfolio, code, 5)
    assert [m.ratings_count for m in messages] == [None, None, None, None, 5]
    latest = messages[-1]
    assert latest.provider_id == PROVIDER
    assert latest.average_rating == Decimal("4.2")
    assert latest.distribution == [0, 0, 1, 2, 2]
    assert [c.text for c in latest.comments] == [
        "Meteen gebruikt in groep 7.",
        "Sterk programma.",
        "Te veel theorie.",
    ]
    assert all(m.comments == [] for m in messages[:4])


async def test_an_erasure_removes_her_rating_and_the_aggregate_drops(
    portfolio: Portfolio,
) -> None:
    code = f"PR-{uuid.uuid4().hex[:7]}"
    await catalogue.load(portfolio.container.uow, [entry(code)])
    raters = [await teacher(portfolio, code) for _ in range(5)]
    for index, (number, activity_id) in enumerate(raters):
        assert activity_id is not None
        response = await rate(portfolio, number, activity_id, 4, f"Opmerking {index}.")
        assert response.status_code == 201
    assert (await listed(portfolio, code))["ratings_count"] == 5

    erased, _ = raters[0]
    request = ErasureRequestV1(
        request_id=uuid.uuid4(),
        registration_number=erased,
        requested_at=datetime.now(UTC),
        services=["portfolio"],
    )
    await portfolio.produce(PRIVACY_ERASURE_REQUESTS, erased, request)

    async def gone() -> bool:
        rows = await portfolio.sql(
            "select count(*) from activity_ratings where registration_number = $1", erased
        )
        return bool(rows[0][0] == 0)

    assert await eventually(gone)
    left = await portfolio.sql(
        "select count(*) from activity_ratings where activity_code = $1", code
    )
    assert left[0][0] == 4
    dropped = await listed(portfolio, code)
    assert (dropped["ratings_count"], dropped["average_rating"]) == (None, None)
    assert (await provider_view(portfolio, code))["comments"] == []

    messages = await feedback_messages(portfolio, code, 6)
    assert messages[4].ratings_count == 5
    assert "Opmerking 0." in [c.text for c in messages[4].comments]
    assert (messages[-1].ratings_count, messages[-1].average_rating) == (None, None)
    assert messages[-1].comments == []
