"""The main job's accreditation round (`make run`), on a fleet with the profession: teachers who
signed in join a panel, review a provider's offer, the decision enters the catalogue and an
attendance adds exactly the decided hours."""

from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from lr_intake.adapters.reference_files import write_reference
from lr_intake.devdata.reference import generate_reference
from lr_tools.fleet import PROFESSION, SERVICES, Fleet
from lr_tools.mainjob.accreditation import run_round
from lr_tools.mainjob.endpoints import Endpoints
from lr_tools.mainjob.job import run_job
from lr_tools.paths import Paths
from lr_tools.testing import StackEndpoints

pytestmark = pytest.mark.e2e


@pytest_asyncio.fixture
async def fleet(
    stack: StackEndpoints, dev_keys: Path, mail_sink: Any, tmp_path: Path
) -> AsyncIterator[Fleet]:
    """The four services and the profession, as in `make run`."""
    fleet = Fleet(
        root=Paths.discover().root,
        workdir=tmp_path,
        postgres_url=stack.postgres_url,
        kafka_bootstrap=stack.kafka_bootstrap,
        smtp_port=mail_sink.port,
        keys=dev_keys,
    )
    try:
        await fleet.open((*SERVICES, PROFESSION))
        yield fleet
    finally:
        fleet.stop()
        await fleet.delete_topics()
        await fleet.drop_databases()


async def test_the_main_jobs_accreditation_round_decides_and_counts_the_hours(
    fleet: Fleet, endpoints: Endpoints, tmp_path: Path
) -> None:
    reference = generate_reference(seed=3, boards=40, bureaus=3)
    write_reference(tmp_path / "reference", reference)
    fleet.run_cli("intake", "reference", "load", str(tmp_path / "reference"))
    job = await run_job(
        endpoints,
        reference,
        teachers=60,
        boards=3,
        seed=5,
        mails_on_disk=lambda: 0,
        visits=3,
        stage_timeout=180,
    )
    assert job.problems == []

    outcome = await run_round(endpoints, fleet.url(PROFESSION), job.visits, job.deliveries)

    assert outcome.problems == []
    assert outcome.panel >= 3
    assert outcome.outcome == "accepted"
    assert Decimal(str(outcome.register_hours)) == Decimal(14)  # the median of 12, 16 and 14
    assert outcome.in_catalogue
    assert str(outcome.activity_code).startswith("PR-")
    assert outcome.hours_before is not None
    assert outcome.hours_after is not None
    assert Decimal(outcome.hours_after) - Decimal(outcome.hours_before) == Decimal(14)
