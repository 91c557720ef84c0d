"""Deliveries over HTTP, on the real PostgreSQL and Kafka."""

from __future__ import annotations

import asyncio
import json

import pytest

from lr_intake.devdata.deliveries import GeneratedRow, generate_rows
from lr_intake.devdata.files import render_delivery
from lr_intake.domain import codes
from lr_shared.contracts.intake import AppointmentV1, DeliveryReportV1
from lr_shared.contracts.topics import INTAKE_APPOINTMENTS, INTAKE_DELIVERY_REPORTS
from lr_tools.testing import consume

from .conftest import Service, frozen_now, upload, wait_completed

pytestmark = pytest.mark.integration


def rows_for(
    service: Service, board: str, count: int, share: float, seed: int = 3
) -> list[GeneratedRow]:
    return generate_rows(
        service.reference, rows=count, boards=[board], error_share=share, seed=seed,
        today=frozen_now().date(),
    )  # fmt: skip


async def test_a_mixed_file_rejects_exactly_the_bad_rows_and_publishes_exactly_the_good_ones(
    intake: Service,
) -> None:
    board = intake.reference.boards[0].bevoegd_gezag
    rows = rows_for(intake, board, 400, 0.2)
    response = await upload(intake, render_delivery([r.values for r in rows]), board)
    assert response.status_code == 202
    assert response.headers["Location"] == f"/v1/deliveries/{response.json()['id']}"
    delivery = await wait_completed(intake, response.json()["id"], board)

    bad = {n for n, r in enumerate(rows, start=2) if r.expected_error}
    good = {n for n, r in enumerate(rows, start=2) if not r.expected_error}
    assert delivery["rows_total"] == len(rows)
    assert delivery["rows_rejected"] == len(bad)
    assert delivery["rows_accepted"] == len(good)
    errors = await intake.client.get(
        f"/v1/deliveries/{delivery['id']}/errors",
        params={"page_size": 1000},
        headers=intake.headers(board),
    )
    issues = errors.json()["issues"]
    rejected = {i["row_number"] for i in issues if i["severity"] == "error"}
    assert rejected == bad
    expected_codes = {n: r.expected_error for n, r in enumerate(rows, start=2) if r.expected_error}
    for issue in issues:
        if issue["severity"] == "error":
            assert issue["code"] == expected_codes[issue["row_number"]]

    records = await consume(
        intake.settings.kafka_bootstrap_servers, intake.topic(INTAKE_APPOINTMENTS.name),
        count=len(good) + 1, timeout=15,
    )  # fmt: skip
    published = [AppointmentV1.model_validate_json(r.value) for r in records]
    assert sorted(a.row_number for a in published) == sorted(good)
    reports = await consume(
        intake.settings.kafka_bootstrap_servers,
        intake.topic(INTAKE_DELIVERY_REPORTS.name),
        count=1,
    )
    report = DeliveryReportV1.model_validate_json(reports[0].value)
    assert report.rows_rejected == len(bad)
    for record in reports:
        text = record.value.decode()
        assert all(r.values["bsn"] not in text for r in rows if len(r.values["bsn"]) == 9)


@pytest.mark.parametrize(
    "options",
    [
        {"bom": True},
        {"delimiter": ","},
        {"crlf": True},
        {"dutch_dates": True},
        {"bom": True, "delimiter": ",", "crlf": True, "dutch_dates": True},
        {"fmt": "ndjson"},
    ],
    ids=["bom", "comma", "crlf", "dd-mm-yyyy", "all-together", "ndjson"],
)
async def test_file_variants_are_all_read_alike(
    intake: Service, options: dict[str, object]
) -> None:
    board = intake.reference.boards[1].bevoegd_gezag
    rows = rows_for(intake, board, 60, 0.0)
    body = render_delivery([r.values for r in rows], **options)  # type: ignore[arg-type]
    ndjson = options.get("fmt") == "ndjson"
    response = await upload(
        intake, body, board, content_type="application/x-ndjson" if ndjson else "text/csv"
    )
    assert response.status_code == 202, response.json()
    assert response.json()["rows_accepted"] == 60
    assert response.json()["rows_rejected"] == 0


async def test_a_file_that_is_not_utf8_is_rejected_at_once_with_one_message(
    intake: Service,
) -> None:
    board = intake.reference.boards[0].bevoegd_gezag
    rows = rows_for(intake, board, 20, 0.0)
    body = render_delivery([r.values for r in rows]).decode().replace("Jansen", "Jånsen")
    response = await upload(intake, body.encode("latin-1", errors="replace") + b"\xe5\n", board)
    assert response.status_code == 422
    answer = response.json()
    assert answer["status"] == "rejected"
    assert answer["rejection_code"] == codes.FILE_NOT_UTF8
    assert answer["rows_accepted"] == 0
    again = await intake.client.get(f"/v1/deliveries/{answer['id']}", headers=intake.headers(board))
    assert again.json()["status"] == "rejected"


async def test_a_retried_upload_with_the_same_idempotency_key_returns_the_first_delivery(
    intake: Service,
) -> None:
    board = intake.reference.boards[0].bevoegd_gezag
    body = render_delivery([r.values for r in rows_for(intake, board, 30, 0.0)])
    key = {"Idempotency-Key": "salaris-2026-08-001"}
    first = await upload(intake, body, board, headers=key)
    second = await upload(intake, body, board, headers=key)
    assert first.status_code == second.status_code == 202
    assert second.json()["id"] == first.json()["id"]
    assert second.headers["Idempotent-Replayed"] == "true"
    listed = await intake.client.get(
        f"/v1/boards/{board}/deliveries", headers=intake.headers(board)
    )
    assert [d["id"] for d in listed.json()["deliveries"]] == [first.json()["id"]]


async def test_concurrent_retries_with_one_key_make_one_delivery(intake: Service) -> None:
    board = intake.reference.boards[1].bevoegd_gezag
    body = render_delivery([r.values for r in rows_for(intake, board, 40, 0.1)])
    key = {"Idempotency-Key": "salaris-2026-08-concurrent"}
    answers = await asyncio.gather(*(upload(intake, body, board, headers=key) for _ in range(4)))
    assert {a.status_code for a in answers} == {202}
    assert len({a.json()["id"] for a in answers}) == 1
    assert [a.headers.get("Idempotent-Replayed") for a in answers].count(None) == 1
    again = await upload(intake, body, board, headers=key)
    assert again.json()["id"] == answers[0].json()["id"]
    assert again.json()["status"] != "received"
    listed = await intake.client.get(
        f"/v1/boards/{board}/deliveries", headers=intake.headers(board)
    )
    assert [d["id"] for d in listed.json()["deliveries"]].count(answers[0].json()["id"]) == 1


async def test_the_same_appointments_delivered_again_are_not_published_again_unless_changed(
    intake: Service,
) -> None:
    board = intake.reference.boards[0].bevoegd_gezag
    rows = rows_for(intake, board, 10, 0.0)
    first = await upload(intake, render_delivery([r.values for r in rows]), board)
    again = await upload(intake, render_delivery([r.values for r in rows]), board)
    assert again.json()["rows_accepted"] == 10
    assert again.json()["rows_unchanged"] == 10
    rows[0].values["benoeming_einddatum"] = "2027-07-31"
    rows[0].values["dienstverband_einddatum"] = ""
    changed = await upload(intake, render_delivery([r.values for r in rows]), board)
    assert changed.json()["rows_unchanged"] == 9
    await wait_completed(intake, changed.json()["id"], board)
    records = await consume(
        intake.settings.kafka_bootstrap_servers, intake.topic(INTAKE_APPOINTMENTS.name),
        count=12, timeout=10,
    )  # fmt: skip
    delivery_ids = [json.loads(r.value)["delivery_id"] for r in records]
    assert delivery_ids.count(first.json()["id"]) == 10
    assert delivery_ids.count(again.json()["id"]) == 0
    assert delivery_ids.count(changed.json()["id"]) == 1


async def test_a_board_delivering_for_another_boards_school_gets_row_errors(
    intake: Service,
) -> None:
    board = intake.reference.boards[0].bevoegd_gezag
    other_school = next(s for s in intake.reference.schools if s.bevoegd_gezag != board)
    rows = rows_for(intake, board, 2, 0.0)
    rows[0].values.update(brin=other_school.brin, brin_volgnummer=other_school.brin_volgnummer)
    rows[1].values["bevoegd_gezag"] = other_school.bevoegd_gezag
    response = await upload(intake, render_delivery([r.values for r in rows]), board)
    errors = await intake.client.get(
        f"/v1/deliveries/{response.json()['id']}/errors", headers=intake.headers(board)
    )
    found = {(i["row_number"], i["code"]) for i in errors.json()["issues"]}
    assert (3, codes.BG_NOT_ALLOWED) in found
    if other_school.sector == "PO" or rows[0].values["benoemingsgrondslag"].startswith(
        other_school.sector
    ):
        assert (2, codes.SCHOOL_OTHER_BOARD) in found
    assert response.json()["rows_rejected"] == 2


async def test_a_board_reading_another_boards_delivery_is_told_it_does_not_exist(
    intake: Service,
) -> None:
    board, other = (b.bevoegd_gezag for b in intake.reference.boards[:2])
    response = await upload(
        intake, render_delivery([r.values for r in rows_for(intake, board, 3, 0)]), board
    )
    delivery_id = response.json()["id"]
    for path in (f"/v1/deliveries/{delivery_id}", f"/v1/deliveries/{delivery_id}/errors"):
        assert (await intake.client.get(path, headers=intake.headers(other))).status_code == 404
    listed = await intake.client.get(
        f"/v1/boards/{board}/deliveries", headers=intake.headers(other)
    )
    assert listed.status_code == 404
    mine = await intake.client.get(f"/v1/deliveries/{delivery_id}", headers=intake.headers(board))
    assert mine.status_code == 200


async def test_a_payroll_bureau_delivers_for_its_boards_and_sees_their_deliveries(
    intake: Service,
) -> None:
    board = intake.reference.boards[2].bevoegd_gezag
    rows = rows_for(intake, board, 5, 0.0)
    body = render_delivery([r.values for r in rows])
    response = await upload(intake, body, "90001", boards=[board], params={"bevoegd_gezag": board})
    assert response.status_code == 202
    assert response.json()["rows_accepted"] == 5
    assert response.json()["bevoegd_gezag"] == board
    seen = await intake.client.get(
        f"/v1/deliveries/{response.json()['id']}", headers=intake.headers(board)
    )
    assert seen.status_code == 200
    stranger = await upload(intake, body, "90002", params={"bevoegd_gezag": board})
    assert stranger.status_code == 403


async def test_the_errors_are_paged_and_available_as_csv(intake: Service) -> None:
    board = intake.reference.boards[0].bevoegd_gezag
    rows = rows_for(intake, board, 100, 0.3)
    response = await upload(intake, render_delivery([r.values for r in rows]), board)
    delivery_id = response.json()["id"]
    page = await intake.client.get(
        f"/v1/deliveries/{delivery_id}/errors",
        params={"page": 2, "page_size": 5},
        headers=intake.headers(board),
    )
    assert page.json()["page"] == 2
    assert len(page.json()["issues"]) == 5
    as_csv = await intake.client.get(
        f"/v1/deliveries/{delivery_id}/errors",
        headers={**intake.headers(board), "Accept": "text/csv"},
    )
    assert as_csv.headers["content-type"].startswith("text/csv")
    lines = as_csv.text.lstrip("\ufeff").strip().splitlines()
    assert lines[0] == "row_number;column;code;severity;message"
    assert len(lines) - 1 == page.json()["total"]
