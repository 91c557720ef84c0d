"""AVG erasure across services: the registry asks, portfolio and notifications erase and
confirm, and the teacher sees the request completed."""

from pathlib import Path

import httpx
import pytest

from lr_intake.adapters.reference_files import write_reference
from lr_intake.devdata.reference import generate_reference
from lr_tools.fleet import Fleet
from lr_tools.mainjob.endpoints import Endpoints
from lr_tools.mainjob.job import run_job
from lr_tools.testing import eventually

pytestmark = pytest.mark.e2e


async def test_an_erased_teacher_is_gone_from_every_service(
    fleet: Fleet, endpoints: Endpoints, tmp_path: Path
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

        latest: dict[str, object] = {}

        async def completed() -> bool:
            progress = await client.get(f"{endpoints.registry}/v1/me/erasure-request", headers=me)
            latest.update(progress.json())
            return latest["status"] == "completed"

        assert await eventually(completed, timeout=120), latest
        progress = (
            await client.get(f"{endpoints.registry}/v1/me/erasure-request", headers=me)
        ).json()
        assert {s["service"] for s in progress["services"] if s["confirmed_at"]} == {
            "portfolio",
            "notifications",
        }
        public = await client.get(
            f"{endpoints.registry}/v1/public/registrations/{visit.registration_number}"
        )
        assert public.status_code == 404
        own = await client.get(f"{endpoints.registry}/v1/me/registration", headers=me)
        assert own.status_code == 404
        after = await client.get(f"{endpoints.portfolio}/v1/me/activities", headers=me)
        assert after.status_code == 404 or after.json() in ([], {"activities": []})
        exchanged_again = await client.post(f"{endpoints.registry}/v1/me/token", headers=identity)
        assert exchanged_again.status_code == 404
