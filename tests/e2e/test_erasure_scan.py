"""After an erasure, her data is nowhere: every database and every topic of the fleet, read from the
beginning and decrypted with every key that still exists (docs/privacy.md, "Crypto-shredding").

`NOT_YET_SEALED` lists the topics whose records still carry her data in plain text until their
sealing is built (docs/privacy.md, "Not done yet"); the test also requires her to be found there,
so the entry has to go when a topic is sealed, and any other finding fails it.
"""

from datetime import date
from pathlib import Path

import httpx
import pytest

from lr_intake.adapters.reference_files import write_reference
from lr_intake.devdata.reference import generate_reference
from lr_shared.contracts.topics import all_topic_configs
from lr_tools.fleet import Fleet
from lr_tools.mainjob.endpoints import Endpoints
from lr_tools.mainjob.job import run_job
from lr_tools.privacy_scan import Keys, Needles, scan_database, scan_topics
from lr_tools.services.spec import read_env_file
from lr_tools.testing import eventually

pytestmark = pytest.mark.e2e

NOT_YET_SEALED = {
    "lr.intake.appointments.v1",
    "lr.registry.contacts.v1",
    "lr.registry.correction-requests.v1",
    "lr.registry.registrations.v1",  # public name, tombstoned; gone with compaction
}


async def test_an_erased_teacher_is_found_in_no_database_and_no_topic(
    fleet: Fleet, endpoints: Endpoints, tmp_path: Path
) -> None:
    reference = generate_reference(seed=7, boards=20, bureaus=2)
    write_reference(tmp_path / "reference", reference)
    fleet.run_cli("intake", "reference", "load", str(tmp_path / "reference"))
    result = await run_job(
        endpoints, reference, teachers=12, boards=2, seed=7,
        mails_on_disk=lambda: 0, visits=1, stage_timeout=180,
    )  # fmt: skip
    assert result.problems == []
    row = next(r.values for d in result.deliveries for r in d.rows if r.expected_error is None)
    born = row["geboortedatum"]
    if born[2] == "-":  # DD-MM-YYYY, which deliveries may use
        born = f"{born[6:]}-{born[3:5]}-{born[:2]}"
    needles = Needles(row["bsn"], row["achternaam"], date.fromisoformat(born), row["email"] or None)

    async with httpx.AsyncClient(timeout=30) as client:
        identity = {"Authorization": f"Bearer {endpoints.token('identity', row['bsn'])}"}
        exchanged = await client.post(f"{endpoints.registry}/v1/me/token", headers=identity)
        me = {"Authorization": f"Bearer {exchanged.json()['access_token']}"}
        own = (await client.get(f"{endpoints.registry}/v1/me/registration", headers=me)).json()
        appointment_id = own["schools"][0]["appointments"][0]["id"]
        filed = await client.post(
            f"{endpoints.registry}/v1/me/correction-requests",
            headers=me,
            json={
                "appointment_id": appointment_id,
                "fields": ["benoeming_einddatum"],
                "explanation": "Mijn benoeming loopt door.",
            },
        )
        assert filed.status_code == 202, filed.text
        assert (
            await client.post(f"{endpoints.registry}/v1/me/erasure-request", headers=me)
        ).status_code == 202

        latest: dict[str, object] = {}

        async def completed() -> bool:
            progress = await client.get(f"{endpoints.registry}/v1/me/erasure-request", headers=me)
            latest.update(progress.json())
            return latest["status"] == "completed"

        erased = await eventually(completed, timeout=120)

    base = fleet.postgres_url.rsplit("/", 1)[0]
    secrets = read_env_file(fleet.root / "deploy" / "native" / "services.env")
    keys = await Keys.from_registry(
        f"{base}/{fleet.databases['registry']}", secrets["LR_BSN_ENCRYPTION_KEY"]
    )
    findings = []
    for service, database in sorted(fleet.databases.items()):
        findings += await scan_database(f"{base}/{database}", service, needles, keys)
    topics = [f"{name}{fleet.topic_suffix}" for name in all_topic_configs()]
    findings += await scan_topics(
        fleet.kafka_bootstrap, topics, needles, keys, fleet.kafka_security
    )

    def logical(where: str) -> str:  # a topic's catalogue name, or db:<service>.<table>
        if not where.startswith("topic:"):
            return where
        return where.removeprefix("topic:").split("/")[0].replace(fleet.topic_suffix, "")

    where = sorted({(logical(f.where), f.needles, f.decrypted) for f in findings})
    assert erased, (latest, where)
    elsewhere = [f for f in findings if logical(f.where) not in NOT_YET_SEALED]
    assert elsewhere == []
    assert {logical(f.where) for f in findings} == NOT_YET_SEALED
