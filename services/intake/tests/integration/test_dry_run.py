"""A dry run (`?dry_run=true`): the feedback a delivery would get, and nothing stored or
published; on the real PostgreSQL and Kafka."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from lr_intake.devdata.deliveries import GeneratedRow, generate_rows
from lr_intake.devdata.files import render_delivery
from lr_intake.domain import codes
from lr_shared.contracts.topics import INTAKE_APPOINTMENTS, INTAKE_DELIVERY_REPORTS
from lr_tools.testing import consume

from .conftest import Service, frozen_now, stored_counts, upload, wait_completed

pytestmark = pytest.mark.integration

DRY_RUN = {"dry_run": "true"}
COUNTS = ("rows_total", "rows_accepted", "rows_rejected", "rows_warned", "rows_unchanged")


def rows_for(service: Service, board: str, count: int, seed: int) -> list[GeneratedRow]:
    return generate_rows(
        service.reference, rows=count, boards=[board], error_share=0.15, seed=seed,
        today=frozen_now().date(),
    )  # fmt: skip


async def messages(service: Service, topic: str, at_least: int) -> int:
    records = await consume(
        service.settings.kafka_bootstrap_servers, service.topic(topic),
        count=at_least + 1, timeout=3,
    )  # fmt: skip
    return len(records)


async def all_issues(service: Service, delivery_id: str, board: str) -> list[dict[str, Any]]:
    page = await service.client.get(
        f"/v1/deliveries/{delivery_id}/errors",
        params={"page_size": 1000},
        headers=service.headers(board),
    )
    return list(page.json()["issues"])


def in_order(issues: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(issues, key=lambda i: (i["row_number"], i["severity"], i["code"]))


async def test_a_dry_run_answers_as_the_delivery_would_and_stores_and_publishes_nothing(
    intake: Service,
) -> None:
    board = intake.reference.boards[0].bevoegd_gezag
    rows = rows_for(intake, board, 120, seed=21)
    earlier = await upload(intake, render_delivery([r.values for r in rows[:100]]), board)
    await wait_completed(intake, earlier.json()["id"], board)
    appointments = await messages(intake, INTAKE_APPOINTMENTS.name, 0)
    reports = await messages(intake, INTAKE_DELIVERY_REPORTS.name, 0)
    before = await stored_counts(intake)
    body = render_delivery([r.values for r in rows[10:]])  # 10 gone, 20 new, 90 again
    key = {"Idempotency-Key": "salaris-2026-09-001"}

    checked = await upload(intake, body, board, headers=key, params=DRY_RUN)

    assert checked.status_code == 200, checked.text
    check = checked.json()
    assert check["dry_run"] is True
    assert check["status"] == "checked"
    assert await stored_counts(intake) == before  # no delivery, issue, appointment, outbox row
    assert await messages(intake, INTAKE_APPOINTMENTS.name, appointments) == appointments
    assert await messages(intake, INTAKE_DELIVERY_REPORTS.name, reports) == reports

    # The key was not used: the delivery of the same file is new, and answers the same.
    delivered = await upload(intake, body, board, headers=key)
    assert delivered.status_code == 202
    assert "Idempotent-Replayed" not in delivered.headers
    delivery = delivered.json()
    assert {c: check[c] for c in COUNTS} == {c: delivery[c] for c in COUNTS}
    assert check["rows_unchanged"] > 0
    assert check["changes"] == delivery["changes"]
    assert check["changes"]["no_longer_delivered"] == sum(
        1 for r in rows[:10] if r.expected_error is None
    )
    issues = await all_issues(intake, delivery["id"], board)
    assert check["issues"] == in_order(issues)
    assert check["issues_total"] == len(issues)
    assert check["issue_counts"] == {
        code: sum(1 for i in issues if i["code"] == code) for code in {i["code"] for i in issues}
    }
    changes = await intake.client.get(
        f"/v1/deliveries/{delivery['id']}/changes",
        params={"page_size": 1000},
        headers=intake.headers(board),
    )
    assert check["no_longer_delivered"] == changes.json()["no_longer_delivered"]


async def test_a_dry_run_of_an_unreadable_file_answers_its_rejection_and_keeps_nothing(
    intake: Service,
) -> None:
    board = intake.reference.boards[0].bevoegd_gezag
    before = await stored_counts(intake)
    answer = await upload(intake, "achternaam;Jånsen\n".encode("latin-1"), board, params=DRY_RUN)
    assert answer.status_code == 422
    assert answer.json()["status"] == "rejected"
    assert answer.json()["rejection_code"] == codes.FILE_NOT_UTF8
    assert await stored_counts(intake) == before


async def test_a_slow_dry_run_does_not_hold_up_a_delivery_of_the_same_board(
    intake: Service,
) -> None:
    board = intake.reference.boards[1].bevoegd_gezag
    rows = rows_for(intake, board, 600, seed=22)
    body = render_delivery([r.values for r in rows])
    await upload(intake, body, board)  # the board's appointments are known: they are looked up
    delivered = asyncio.Event()
    pieces = [body[i : i + 4096] for i in range(0, len(body), 4096)]

    async def slowly() -> AsyncIterator[bytes]:
        for number, piece in enumerate(pieces):
            if number == len(pieces) // 2:
                await asyncio.wait_for(delivered.wait(), timeout=30)  # held open meanwhile
            yield piece

    async def deliver_meanwhile() -> int:
        await asyncio.sleep(0.5)
        changed = [dict(r.values) for r in rows]
        changed[0]["achternaam"] = "Anders"
        answer = await upload(intake, render_delivery(changed), board)
        delivered.set()
        return answer.status_code

    checking = intake.client.post(
        "/v1/deliveries",
        content=slowly(),
        params=DRY_RUN,
        headers={**intake.headers(board), "Content-Type": "text/csv"},
    )
    check, status = await asyncio.gather(checking, deliver_meanwhile())
    assert status == 202
    assert check.status_code == 200
    assert check.json()["rows_total"] == len(rows)
