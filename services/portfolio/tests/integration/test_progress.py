from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from aiokafka.structs import ConsumerRecord

from lr_portfolio.application import catalogue
from lr_portfolio.domain.activities import ActivityType
from lr_portfolio.domain.catalogue import CatalogueEntry
from lr_shared.auth import Principal
from lr_shared.cloudevents import CloudEvent, decode, event_type, source
from lr_shared.consumers import Event
from lr_shared.contracts.portfolio import AttendanceV1, ProgressV1
from lr_shared.contracts.topics import PORTFOLIO_ATTENDANCE, PORTFOLIO_PROGRESS
from lr_tools.testing import consume, eventually

from .conftest import Portfolio

pytestmark = pytest.mark.integration

START, END = date(2024, 8, 1), date(2028, 7, 31)
ENTRY = CatalogueEntry(
    activity_code="P0042-A017",
    provider_id="P0042",
    provider_name="Fontys Lerarenopleiding",
    title="Cursus formatief evalueren",
    type=ActivityType.COURSE,
    subtype=None,
    register_hours=Decimal(16),
    core=True,
)


def new_number() -> str:
    return f"LR{random.randint(0, 99_999_999):08d}"


def attendance(number: str, **changes: object) -> AttendanceV1:
    values: dict[str, object] = {
        "attendance_id": f"NSO-{uuid.uuid4().hex[:8]}",
        "provider_id": "P0042",
        "activity_code": "P0042-A017",
        "registration_number": number,
        "attended_on": date(2026, 2, 3),
    }
    values.update(changes)
    return AttendanceV1.model_validate(values)


async def progress_of(portfolio: Portfolio, number: str) -> list[dict[str, object]]:
    response = await portfolio.client.get("/v1/me/progress", headers=portfolio.auth(number))
    periods: list[dict[str, object]] = response.json()["periods"]
    return periods


async def progress_messages(portfolio: Portfolio, count: int) -> list[ProgressV1]:
    topic = portfolio.topic(PORTFOLIO_PROGRESS)
    records = await consume(portfolio.settings.kafka_bootstrap_servers, topic, count=count)
    return [decode(r.value, r.headers, ProgressV1).data for r in records if r.value is not None]


async def test_progress_counts_total_and_core_hours_against_the_norm(portfolio: Portfolio) -> None:
    number = new_number()
    await portfolio.register(number, START, END)
    me = portfolio.auth(number)
    for hours, core in (("100", True), ("30", False)):
        body = {"type": "course", "title": "Cursus", "start_date": "2026-01-10", "hours": hours}
        response = await portfolio.client.post(
            "/v1/me/activities", json={**body, "core": core}, headers=me
        )
        assert response.status_code == 201
    [current] = await progress_of(portfolio, number)
    assert current["total_hours"] == "130.00"
    assert current["core_hours"] == "100.00"
    assert current["missing_total_hours"] == "30.00"
    assert current["missing_core_hours"] == "0.00"
    assert current["norm_met"] is False


async def test_progress_goes_out_on_the_topic_as_totals_only(portfolio: Portfolio) -> None:
    number = new_number()
    await portfolio.register(number, START, END)
    body = {"type": "conference", "title": "NRO congres", "start_date": "2025-11-20"}
    await portfolio.client.post(
        "/v1/me/activities",
        json={**body, "hours": "8", "core": True},
        headers=portfolio.auth(number),
    )
    [message] = await progress_messages(portfolio, 1)
    assert message.registration_number == number
    assert (message.period_start, message.period_end) == (START, END)
    assert (message.total_hours, message.core_hours) == (Decimal(8), Decimal(8))
    assert (message.norm_total_hours, message.norm_core_hours) == (Decimal(160), Decimal(100))
    assert message.norm_met is False


async def test_an_activity_counts_in_the_period_that_contains_its_end_date(
    portfolio: Portfolio,
) -> None:
    portfolio.clock.fixed = datetime(2028, 7, 20, tzinfo=UTC)
    number = new_number()
    await portfolio.register(number, START, END)
    me = portfolio.auth(number)
    base = {"type": "formal_programme", "title": "Master SEN", "core": True}
    last_day = {**base, "start_date": "2027-09-01", "end_date": "2028-07-31", "hours": "40"}
    next_day = {**base, "start_date": "2028-07-01", "end_date": "2028-08-01", "hours": "7"}
    for body in (last_day, next_day):
        assert (await portfolio.client.post("/v1/me/activities", json=body, headers=me)).is_success
    periods = {p["period_start"]: p for p in await progress_of(portfolio, number)}
    assert periods["2024-08-01"]["total_hours"] == "40.00"
    assert periods["2024-08-01"]["current"] is True
    assert periods["2028-08-01"]["total_hours"] == "7.00"
    assert periods["2028-08-01"]["period_end"] == "2032-07-31"
    assert periods["2028-08-01"]["current"] is False


async def test_a_new_period_recomputes_progress_once(portfolio: Portfolio) -> None:
    portfolio.clock.fixed = datetime(2028, 7, 20, tzinfo=UTC)
    number = new_number()
    await portfolio.register(number, START, END)
    me = portfolio.auth(number)
    body = {"type": "course", "title": "Cursus", "hours": "10", "core": False}
    await portfolio.client.post(
        "/v1/me/activities", json={**body, "start_date": "2028-08-01"}, headers=me
    )
    await portfolio.register(number, date(2028, 8, 1), date(2032, 7, 31))
    periods = await progress_of(portfolio, number)
    current = next(p for p in periods if p["current"])
    assert current["period_start"] == "2028-08-01"
    assert current["total_hours"] == "10.00"
    assert current["core_hours"] == "0.00"


async def test_the_same_attendance_twice_gives_one_activity_counted_once(
    portfolio: Portfolio,
) -> None:
    await catalogue.load(portfolio.container.uow, [ENTRY])
    number = new_number()
    await portfolio.register(number, START, END)
    report = attendance(number)
    await portfolio.produce(PORTFOLIO_ATTENDANCE, number, report, event_id="same-id")
    await portfolio.produce(PORTFOLIO_ATTENDANCE, number, report, event_id="same-id")
    await portfolio.produce(PORTFOLIO_ATTENDANCE, number, report)  # resent as a new event
    me = portfolio.auth(number)

    async def applied() -> bool:
        return len((await portfolio.client.get("/v1/me/activities", headers=me)).json()) > 0

    assert await eventually(applied)
    later = attendance(number, attendance_id="marker")
    await portfolio.produce(PORTFOLIO_ATTENDANCE, number, later)

    async def marker_applied() -> bool:
        return len((await portfolio.client.get("/v1/me/activities", headers=me)).json()) >= 2

    assert await eventually(marker_applied)
    activities = (await portfolio.client.get("/v1/me/activities", headers=me)).json()
    assert len(activities) == 2
    assert {a["source"] for a in activities} == {"provider"}
    assert activities[0]["editable"] is False
    [current] = await progress_of(portfolio, number)
    assert current["total_hours"] == "32.00"


def as_event(report: AttendanceV1) -> Event[AttendanceV1]:
    """A report as the consumer hands it to the service, with an event id of its own and its
    provider's verified token."""
    event = CloudEvent(type=event_type("test", "attendance"), source=source("test"), data=report)
    record = ConsumerRecord(
        "t", 0, 0, 0, 0, None, None, None, 0, 0, ()
    )  # read only for a dead letter
    return Event(event, record, Principal(kind="provider", subject=report.provider_id))


async def test_a_report_resent_within_one_batch_counts_once(portfolio: Portfolio) -> None:
    """The batch the test above may or may not get, made for certain: a report and the same
    report as a new event, handled together."""
    await catalogue.load(portfolio.container.uow, [ENTRY])
    number = new_number()
    await portfolio.register(number, START, END)
    report = attendance(number)

    await portfolio.container.attendance.apply([as_event(report), as_event(report)])

    activities = await portfolio.client.get("/v1/me/activities", headers=portfolio.auth(number))
    assert len(activities.json()) == 1
    [current] = await progress_of(portfolio, number)
    assert current["total_hours"] == "16.00"


async def test_a_provider_validated_activity_cannot_be_changed_by_the_teacher(
    portfolio: Portfolio,
) -> None:
    await catalogue.load(portfolio.container.uow, [ENTRY])
    number = new_number()
    await portfolio.register(number, START, END)
    await portfolio.produce(PORTFOLIO_ATTENDANCE, number, attendance(number))
    me = portfolio.auth(number)

    async def applied() -> bool:
        return len((await portfolio.client.get("/v1/me/activities", headers=me)).json()) == 1

    assert await eventually(applied)
    [activity] = (await portfolio.client.get("/v1/me/activities", headers=me)).json()
    url = f"/v1/me/activities/{activity['id']}"
    body = {
        "type": "course",
        "title": "x",
        "start_date": "2026-01-01",
        "hours": "900",
        "core": True,
    }
    assert (await portfolio.client.put(url, json=body, headers=me)).status_code == 409
    assert (await portfolio.client.delete(url, headers=me)).status_code == 409


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"activity_code": "P0042-UNKNOWN"}, "unknown activity"),
        ({"registration_number": "LR99999999"}, "unknown registration"),
        ({"provider_id": "P0001"}, "provider mismatch"),
        ({"attendance_id": "NSO-\u0000-1"}, "invalid text"),
        ({"activity_code": "P0042-A017\u0000"}, "invalid text"),
    ],
)
async def test_an_attendance_that_cannot_be_applied_goes_to_the_dlq_with_the_reason(
    portfolio: Portfolio, change: dict[str, object], reason: str
) -> None:
    await catalogue.load(portfolio.container.uow, [ENTRY])
    number = new_number()
    await portfolio.register(number, START, END)
    report = attendance(number, **change)
    await portfolio.produce(PORTFOLIO_ATTENDANCE, report.registration_number, report)
    dlq = f"{portfolio.topic(PORTFOLIO_ATTENDANCE)}.dlq"
    [record] = await consume(portfolio.settings.kafka_bootstrap_servers, dlq, count=1)
    headers = dict(record.headers)
    assert headers["dlq_reason"].decode().startswith(reason)
    assert AttendanceV1.model_validate_json(record.value).attendance_id == report.attendance_id
    activities = await portfolio.client.get("/v1/me/activities", headers=portfolio.auth(number))
    assert activities.json() == []
