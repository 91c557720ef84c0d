"""What a delivery changed against the board's earlier deliveries, `GET
/v1/deliveries/{id}/changes`, on the real PostgreSQL and Kafka."""

from __future__ import annotations

import pytest

from lr_intake.devdata.deliveries import generate_rows
from lr_intake.devdata.files import render_delivery

from .conftest import Service, frozen_now, upload, wait_completed

pytestmark = pytest.mark.integration


async def test_a_second_delivery_says_what_is_new_changed_unchanged_and_no_longer_delivered(
    intake: Service,
) -> None:
    board, other = (b.bevoegd_gezag for b in intake.reference.boards[:2])
    generated = generate_rows(
        intake.reference, rows=31, boards=[board], error_share=0.0, seed=31,
        today=frozen_now().date(),
    )  # fmt: skip
    rows = [r.values for r in generated]
    n = 30
    first = await upload(intake, render_delivery(rows[:n]), board)
    assert first.json()["changes"]["new"] == n
    await wait_completed(intake, first.json()["id"], board)
    dropped, kept, added = rows[0], [dict(r) for r in rows[1:n]], rows[n]
    kept[4]["achternaam"] = kept[4]["achternaam"] + "-Verbeek"  # one field of one appointment
    second = await upload(intake, render_delivery([*kept, added]), board)
    assert second.status_code == 202
    assert second.json()["rows_accepted"] == n

    answer = await intake.client.get(
        f"/v1/deliveries/{second.json()['id']}/changes", headers=intake.headers(board)
    )

    assert answer.status_code == 200
    changes = answer.json()
    summary = changes["summary"]
    assert (summary["new"], summary["changed"], summary["unchanged"]) == (1, 1, n - 2)
    assert {f: count for f, count in summary["changed_fields"].items() if count} == {
        "achternaam": 1
    }
    assert summary["changed_fields_unknown"] == 0
    assert summary["no_longer_delivered"] == 1
    assert changes["no_longer_delivered"] == [
        {
            "brin": dropped["brin"],
            "brin_volgnummer": dropped["brin_volgnummer"] or "00",
            "benoemingsgrondslag": dropped["benoemingsgrondslag"],
            "benoeming_begindatum": dropped["benoeming_begindatum"],
            "last_delivery_id": first.json()["id"],
            "last_row_number": 2,
        }
    ]
    assert second.json()["changes"] == summary
    assert second.json()["rows_unchanged"] == n - 2
    assert dropped["bsn"] not in answer.text
    assert dropped["achternaam"] not in answer.text
    foreign = await intake.client.get(
        f"/v1/deliveries/{second.json()['id']}/changes", headers=intake.headers(other)
    )
    assert foreign.status_code == 404


async def test_a_rejected_delivery_changed_nothing(intake: Service) -> None:
    board = intake.reference.boards[0].bevoegd_gezag
    rejected = await upload(intake, "achternaam;Jånsen\n".encode("latin-1"), board)
    answer = await intake.client.get(
        f"/v1/deliveries/{rejected.json()['id']}/changes", headers=intake.headers(board)
    )
    assert answer.status_code == 200
    summary = answer.json()["summary"]
    assert (summary["new"], summary["changed"], summary["unchanged"]) == (0, 0, 0)
    assert answer.json()["no_longer_delivered"] == []
