"""AVG erasure across services: the registry asks, portfolio, notifications, intake and the
profession erase and confirm, and the teacher sees the request completed only then. A board
that delivers her again afterwards is told so in its feedback, and she is not enrolled or
mailed again (docs/privacy.md, "Redelivery after erasure")."""

import asyncio
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from lr_intake.adapters.reference_files import write_reference
from lr_intake.devdata.files import render_delivery
from lr_intake.devdata.reference import generate_reference
from lr_intake.domain import codes
from lr_tools.fleet import PROFESSION, Fleet
from lr_tools.mainjob.endpoints import Endpoints
from lr_tools.mainjob.job import run_job
from lr_tools.testing import eventually

pytestmark = pytest.mark.e2e

ERASING = {"portfolio", "notifications", "intake", "profession"}


def mails(sink: Any) -> int:
    return len(list(Path(sink.directory).glob("*.eml")))


async def test_an_erased_teacher_is_gone_from_every_service(
    fleet: Fleet, endpoints: Endpoints, mail_sink: Any, tmp_path: Path
) -> None:
    reference = generate_reference(seed=5, boards=20, bureaus=2)
    write_reference(tmp_path / "reference", reference)
    fleet.run_cli("intake", "reference", "load", str(tmp_path / "reference"))
    result = await run_job(
        endpoints, reference, teachers=12, boards=2, seed=5,
        mails_on_disk=lambda: 0, visits=1, stage_timeout=180,
    )  # fmt: skip
    assert result.problems == []
    [visit] = result.visits
    bsn = next(
        row.values["bsn"] for d in result.deliveries for row in d.rows if row.expected_error is None
    )
    delivery = next(d for d in result.deliveries if any(r.values["bsn"] == bsn for r in d.rows))

    async with httpx.AsyncClient(timeout=30) as client:
        identity = {"Authorization": f"Bearer {endpoints.token('identity', bsn)}"}
        exchanged = await client.post(f"{endpoints.registry}/v1/me/token", headers=identity)
        assert exchanged.json()["registration_number"] == visit.registration_number
        me = {"Authorization": f"Bearer {exchanged.json()['access_token']}"}
        activities = await client.get(f"{endpoints.portfolio}/v1/me/activities", headers=me)
        assert activities.status_code == 200
        assert activities.json()

        requested = await client.post(f"{endpoints.registry}/v1/me/erasure-request", headers=me)
        assert requested.status_code == 202

        latest: dict[str, Any] = {}

        async def completed() -> bool:
            progress = await client.get(f"{endpoints.registry}/v1/me/erasure-request", headers=me)
            latest.update(progress.json())
            return bool(latest["status"] == "completed")

        assert await eventually(completed, timeout=120), latest
        progress = (
            await client.get(f"{endpoints.registry}/v1/me/erasure-request", headers=me)
        ).json()
        confirmed = {s["service"]: s["confirmed_at"] for s in progress["services"]}
        assert set(confirmed) == ERASING
        assert all(confirmed.values()), confirmed
        # Complete only once the last of them confirmed.
        completed_at = datetime.fromisoformat(progress["completed_at"])
        assert completed_at >= max(datetime.fromisoformat(v) for v in confirmed.values())
        public = await client.get(
            f"{endpoints.registry}/v1/public/registrations/{visit.registration_number}"
        )
        assert public.status_code == 404
        own = await client.get(f"{endpoints.registry}/v1/me/registration", headers=me)
        assert own.status_code == 404
        after = await client.get(f"{endpoints.portfolio}/v1/me/activities", headers=me)
        assert after.status_code == 404 or after.json() in ([], {"activities": []})
        profession = await client.get(f"{fleet.url(PROFESSION)}/v1/me/votes", headers=me)
        assert profession.status_code != 200 or profession.json()["may_vote"] is False
        exchanged_again = await client.post(f"{endpoints.registry}/v1/me/token", headers=identity)
        assert exchanged_again.status_code == 404

        # Her board delivers the same file again, as boards do (a new delivery, no key).
        mailed_before = mails(mail_sink)
        board = {"Authorization": f"Bearer {endpoints.token('board', delivery.board)}"}
        again = await client.post(
            f"{endpoints.intake}/v1/deliveries",
            content=render_delivery([r.values for r in delivery.rows]),
            headers={**board, "Content-Type": "text/csv"},
        )
        assert again.status_code == 202, again.text
        delivery_id = again.json()["id"]

        async def published() -> bool:
            view = await client.get(
                f"{endpoints.intake}/v1/deliveries/{delivery_id}", headers=board
            )
            return bool(view.json()["status"] == "completed")

        assert await eventually(published, timeout=60)
        hers = [
            n
            for n, r in enumerate(delivery.rows, 2)
            if r.values["bsn"] == bsn and r.expected_error is None
        ]
        errors = await client.get(
            f"{endpoints.intake}/v1/deliveries/{delivery_id}/errors",
            params={"page_size": 1000},
            headers=board,
        )
        reported = [i for i in errors.json()["issues"] if i["code"] == codes.ERASED_TEACHER]
        assert [(i["row_number"], i["severity"]) for i in reported] == [
            (n, "warning") for n in hers
        ]
        assert reported[0]["message"] == codes.row_message(codes.ERASED_TEACHER)
        assert again.json()["changes"]["withheld"] == len(hers)
        assert bsn not in errors.text

        # Not enrolled again and not invited again: give the registry and notifications the
        # time a new teacher's invitation takes, then look.
        await asyncio.sleep(10)
        assert (
            await client.post(f"{endpoints.registry}/v1/me/token", headers=identity)
        ).status_code == 404
        # The file's other teachers are unchanged: no mail at all may follow it.
        assert mails(mail_sink) == mailed_before
