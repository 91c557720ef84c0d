"""The lifecycle through the running service: confirmation, scheduler ticks, progress."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from lr_shared.contracts import topics
from lr_shared.contracts.portfolio import ProgressV1
from lr_tools.testing import consume

from .conftest import START, Registry, appointment, random_bsn

pytestmark = pytest.mark.integration


async def state(registry: Registry, number: str) -> str:
    value: str = await registry.value(
        "select state from registrations where registration_number = $1", number
    )
    return value


def on(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 6, tzinfo=UTC)


async def progress(registry: Registry, number: str, end: date, met: bool) -> None:
    report = ProgressV1(
        registration_number=number,
        period_start=date(end.year - 4, end.month, end.day),
        period_end=end,
        total_hours=Decimal(170 if met else 20),
        core_hours=Decimal(110 if met else 10),
        norm_total_hours=Decimal(160),
        norm_core_hours=Decimal(100),
        norm_met=met,
        updated_at=registry.clock.now,
    )
    await registry.produce(topics.PORTFOLIO_PROGRESS, number, report)


async def test_an_unconfirmed_invitation_is_reminded_exactly_once(registry: Registry) -> None:
    bsn = random_bsn()
    await registry.deliver(appointment(bsn))
    number = await registry.number_of(bsn)
    later = START + timedelta(weeks=4, hours=1)
    # Two replicas ticking at once, then again: one reminder.
    await asyncio.gather(registry.container.tick(later), registry.container.tick(later))
    await registry.container.tick(later + timedelta(days=1))
    assert (
        await registry.value(
            "select count(*) from notifications where notification_key = 'invitation-reminder'"
        )
        == 1
    )
    events = await registry.events(number, 3, timeout=5)
    assert [e["kind"] for e in events] == ["teacher-invited", "invitation-reminder"]


async def test_a_registration_runs_through_its_period(registry: Registry) -> None:
    bsn = random_bsn()
    await registry.deliver(appointment(bsn))
    number = await registry.number_of(bsn)
    headers = await registry.sign_in(bsn)
    response = await registry.client.post("/v1/me/registration/confirm", headers=headers)
    assert response.json() == {"registration_number": number, "state": "registered"}
    end = await registry.value(
        "select period_end from registrations where registration_number = $1", number
    )
    assert end == date(2030, 8, 1)

    tick = registry.container.tick
    await tick(on(date(2030, 2, 1)))
    await tick(on(date(2030, 2, 2)))
    await tick(on(date(2030, 5, 9)))
    await tick(on(date(2030, 8, 1)))
    assert await state(registry, number) == "conditional"

    registry.clock.now = on(date(2030, 9, 1))
    await progress(registry, number, end, met=True)
    await registry.until(
        "select state from registrations where registration_number = $1",
        number,
        expected="registered",
    )
    assert await registry.value(
        "select period_end from registrations where registration_number = $1", number
    ) == date(2034, 8, 1)

    keys = [e["notification_key"] for e in await registry.events(number, 6)]
    assert keys == [
        "teacher-invited",
        "confirmed",
        "reregistration-due:2030-08-01:6m",
        "reregistration-due:2030-08-01:12w",
        "conditional:2030-08-01",
        "reregistered:2030-08-01",
    ]
    history = await registry.rows(
        "select to_state, reason from history where registration_number = $1 order by id", number
    )
    assert [h["to_state"] for h in history] == [
        "pending_confirmation",
        "registered",
        "conditional",
        "registered",
    ]
    view = (await registry.client.get("/v1/me/registration", headers=headers)).json()
    assert [h["to_state"] for h in view["history"]] == [h["to_state"] for h in history]
    assert view["progress"][0]["norm_met"] is True


async def test_a_progress_tombstone_is_passed_over_not_dead_lettered(registry: Registry) -> None:
    """The portfolio tombstones a teacher's progress after an erasure: not an error."""
    bsn = random_bsn()
    await registry.deliver(appointment(bsn))
    number = await registry.number_of(bsn)
    progress_topic = registry.topic(topics.PORTFOLIO_PROGRESS)
    await registry.producer.send_and_wait(progress_topic, None, key=number.encode())
    await progress(registry, number, date(2030, 8, 1), met=False)  # after it, same partition

    await registry.until("select count(*) = 1 from progress where registration_number = $1", number)
    dead = await consume(registry.bootstrap, f"{progress_topic}.dlq", count=1, timeout=3)
    assert dead == []


async def test_six_months_conditional_lapses(registry: Registry) -> None:
    bsn = random_bsn()
    await registry.deliver(appointment(bsn))
    number = await registry.number_of(bsn)
    await registry.client.post("/v1/me/registration/confirm", headers=await registry.sign_in(bsn))
    await registry.container.tick(on(date(2030, 8, 1)))
    assert await state(registry, number) == "conditional"
    await registry.container.tick(on(date(2031, 1, 31)))
    assert await state(registry, number) == "conditional"
    await registry.container.tick(on(date(2031, 2, 1)))
    assert await state(registry, number) == "lapsed"
    kinds = [e["kind"] for e in await registry.events(number, 4)]
    assert kinds[-2:] == ["conditional", "lapsed"]


async def test_unqualified_teacher_is_pre_registered_until_a_qualified_appointment(
    registry: Registry,
) -> None:
    bsn = random_bsn()
    unqualified = appointment(
        bsn, qualified=False, onderwijsterrein="rekenen", benoeming_einddatum=date(2027, 7, 31)
    )
    await registry.deliver(unqualified)
    number = await registry.number_of(bsn)
    response = await registry.client.post(
        "/v1/me/registration/confirm", headers=await registry.sign_in(bsn)
    )
    assert response.json()["state"] == "pre_registered"
    registry.clock.now = START + timedelta(days=30)
    await registry.deliver(appointment(bsn, brin="34CD", benoemingsgrondslag="PO-BEV2"))
    await registry.until(
        "select state from registrations where registration_number = $1",
        number,
        expected="registered",
    )
    assert await registry.value(
        "select period_start from registrations where registration_number = $1", number
    ) == date(2026, 8, 31)


async def test_an_end_date_passing_deregisters_on_the_next_tick(registry: Registry) -> None:
    bsn = random_bsn()
    await registry.deliver(appointment(bsn, benoeming_einddatum=date(2027, 7, 31)))
    number = await registry.number_of(bsn)
    await registry.client.post("/v1/me/registration/confirm", headers=await registry.sign_in(bsn))
    await registry.container.tick(on(date(2027, 7, 31)))
    assert await state(registry, number) == "registered"
    await registry.container.tick(on(date(2027, 8, 1)))
    assert await state(registry, number) == "deregistered"
    kinds = [e["kind"] for e in await registry.events(number, 3)]
    assert kinds == ["teacher-invited", "confirmed", "deregistered"]


async def test_a_school_whose_appointment_ended_leaves_the_published_registration(
    registry: Registry,
) -> None:
    """One of two appointments passes its end date: the registration stays, and the next tick
    publishes it without that school."""
    bsn = random_bsn()
    await registry.deliver(
        appointment(bsn, brin="12AB", benoeming_einddatum=date(2027, 7, 31)),
        appointment(bsn, brin="34CD", benoemingsgrondslag="PO-BEV2"),
    )
    number = await registry.number_of(bsn)
    await registry.until(
        "select count(*) from appointments where registration_number = $1", number, expected=2
    )
    await registry.client.post("/v1/me/registration/confirm", headers=await registry.sign_in(bsn))

    async def published_schools() -> list[list[str]]:
        records = await registry.messages(topics.REGISTRY_REGISTRATIONS, 10**6, timeout=2)
        return [
            sorted(s["brin"] for s in json.loads(r.value)["schools"])
            for r in records
            if r.key == number.encode()
        ]

    await registry.container.tick(on(date(2027, 7, 31)))
    assert (await published_schools())[-1] == ["12AB", "34CD"]
    await registry.container.tick(on(date(2027, 8, 1)))
    assert (await published_schools())[-1] == ["34CD"]
    assert await state(registry, number) == "registered"
    # and once only: a later tick has nothing to publish
    count = len(await published_schools())
    await registry.container.tick(on(date(2027, 8, 2)))
    assert len(await published_schools()) == count
