"""Temporary SMTP failures are retried with backoff, permanent ones recorded, outages survived."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from lr_tools.testing import eventually

pytestmark = pytest.mark.integration


async def test_a_temporary_failure_is_retried_until_the_mail_is_accepted(
    service: Any, registry: Any, mailbox: Any, mail_sink: Any, new_number: Any, database: Any
) -> None:
    mail_sink.fail_next(1, 451)
    number = new_number()
    address = f"{number.lower()}@example.org"
    await registry.contact(number, email=address)
    await registry.event(number, "teacher-invited")

    async def arrived() -> bool:
        return len(mailbox.to(address)) == 1

    assert await eventually(arrived, timeout=60)

    async def recorded() -> bool:
        status = await database.fetchval("select status from notifications")
        return bool(status == "sent")

    assert await eventually(recorded, timeout=10)
    row = await database.fetchrow("select attempts, smtp_code, recipient from notifications")
    assert (row["attempts"], row["smtp_code"], row["recipient"]) == (2, 250, address)


async def test_a_permanent_failure_is_recorded_as_failed_and_not_retried(
    service: Any, registry: Any, mailbox: Any, mail_sink: Any, new_number: Any, stats: Any,
    database: Any,
) -> None:  # fmt: skip
    mail_sink.fail_next(1, 550)
    number = new_number()
    await registry.contact(number, email=f"{number.lower()}@example.org")
    await registry.event(number, "teacher-invited")

    async def failed() -> bool:
        return bool((await stats())["failed"] == 1)

    assert await eventually(failed, timeout=60)
    await asyncio.sleep(2)  # several retry intervals of this test's settings
    row = await database.fetchrow("select status, attempts, smtp_code from notifications")
    assert (row["status"], row["attempts"], row["smtp_code"]) == ("failed", 1, 550)
    assert mail_sink.received == 0
    assert mailbox.all() == []


async def test_nothing_is_lost_while_the_mail_server_is_down(
    service: Any, registry: Any, mailbox: Any, mail_sink: Any, new_number: Any, database: Any
) -> None:
    await mail_sink.stop()
    numbers = [new_number() for _ in range(5)]
    for number in numbers:
        await registry.contact(number, email=f"{number.lower()}@example.org")
        await registry.event(number, "teacher-invited")

    async def tried() -> bool:
        count = await database.fetchval(
            "select count(*) from notifications where attempts >= 1 and status = 'pending'"
        )
        return bool(count == len(numbers))

    assert await eventually(tried, timeout=60)
    await mail_sink.start()  # same port, as a restarted server

    async def all_arrived() -> bool:
        return len(mailbox.all()) == len(numbers)

    assert await eventually(all_arrived, timeout=60)
    await asyncio.sleep(1)
    assert sorted(m["To"] for m in mailbox.all()) == sorted(
        f"{n.lower()}@example.org" for n in numbers
    )
    statuses = await database.fetch("select status from notifications")
    assert {r["status"] for r in statuses} == {"sent"}
