"""A small national delivery through all four services running as processes, on the real broker,
database and SMTP server."""

import json
from collections import Counter
from email import message_from_bytes
from email.policy import default
from pathlib import Path
from typing import Any

import pytest

from lr_intake.adapters.reference_files import write_reference
from lr_intake.devdata.reference import generate_reference
from lr_tools.fleet import Fleet
from lr_tools.mainjob.endpoints import Endpoints
from lr_tools.mainjob.job import JobResult, run_job

pytestmark = pytest.mark.e2e


def _traces_per_service(directory: Path) -> dict[str, set[str]]:
    seen: dict[str, set[str]] = {}
    for path in directory.glob("*.jsonl"):
        for line in path.read_text().splitlines():
            span = json.loads(line)
            seen.setdefault(span["service"], set()).add(span["trace_id"])
    return seen


async def test_a_national_delivery_reaches_every_teacher_once_with_one_trace_across_services(
    fleet: Fleet, endpoints: Endpoints, mail_sink: Any, tmp_path: Path
) -> None:
    reference = generate_reference(seed=3, boards=40, bureaus=3)
    write_reference(tmp_path / "reference", reference)
    fleet.run_cli("intake", "reference", "load", str(tmp_path / "reference"))
    catalogue = fleet.root / "services" / "portfolio" / "data" / "catalogue.csv"
    fleet.run_cli("portfolio", "catalogue", "load", str(catalogue))

    result: JobResult = await run_job(
        endpoints,
        reference,
        teachers=60,
        boards=5,
        seed=11,
        mails_on_disk=lambda: sum(1 for _ in mail_sink.directory.glob("*.eml")),
        visits=2,
        stage_timeout=180,
    )
    fleet.stop()  # flushes every service's traces

    assert result.problems == []
    assert {d.status for d in result.deliveries} == {"completed"}
    expected_errors = Counter(
        row.expected_error for d in result.deliveries for row in d.rows if row.expected_error
    )
    reported_errors = Counter(
        {k.split(":", 1)[1]: n for k, n in result.codes.items() if k.startswith("error:")}
    )
    assert reported_errors == expected_errors

    known = sum(result.states.values())
    assert known == result.expected_teachers
    assert result.states["registered"] + result.states["pre_registered"] == 2
    assert [v.found_publicly for v in result.visits] == [True, True]

    mails = [
        message_from_bytes(p.read_bytes(), policy=default)
        for p in mail_sink.directory.glob("*.eml")
    ]
    recipients = Counter(str(m["To"]) for m in mails)
    assert len(mails) == result.invitations_sent > 0
    assert all(count == 1 for count in recipients.values()), "a teacher was mailed twice"
    assert all("/mijn-registratie" in m.get_body(("plain",)).get_content() for m in mails)

    traces = _traces_per_service(fleet.workdir / "traces")
    across = traces["lr-intake"] & traces["lr-registry"] & traces["lr-notifications"]
    assert across, "no trace followed a delivery from intake through registry to notifications"
