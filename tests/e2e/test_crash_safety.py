"""Crash tests: each service dies at each failpoint it passes during a real delivery
(lr_shared.failpoints: `os._exit`, as `kill -9` there would), is started again, and the run must
end as if nothing had happened: every accepted appointment and teacher registered, every
invitation recorded and mailed once, every delivery completed, nothing in a dead-letter topic.

One fleet serves every case (a service is only restarted, armed, for its case), and each case
adds a small delivery of its own, so the audit's totals cover all deliveries so far.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import pytest_asyncio

from lr_intake.adapters.reference_files import write_reference
from lr_intake.devdata.reference import generate_reference
from lr_intake.domain.reference import ReferenceSet
from lr_tools.chaos import crash
from lr_tools.chaos.audit import Audit, settle, take, until
from lr_tools.chaos.upload import upload_patiently
from lr_tools.fleet import Fleet
from lr_tools.mailsink import MailSink
from lr_tools.mainjob.deliveries import expected_teachers, plan
from lr_tools.mainjob.endpoints import Endpoints
from lr_tools.paths import Paths
from lr_tools.testing import StackEndpoints

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

SMTP_POOL_SIZE = 4
"""Notifications' sending connections here: the bound on mails sent twice after a crash between
an SMTP transaction's end and the storing of its result (docs/notifications.md)."""

CASES = [
    # Intake takes HTTP uploads: its work is a unit of work per step, and its outbox relay.
    ("intake", "db.before-commit"),
    ("intake", "relay.after-publish"),
    ("registry", "inbox.after-claim"),
    ("registry", "db.before-commit"),
    ("registry", "consumer.before-offset-commit"),
    ("registry", "relay.after-publish"),
    # Portfolio publishes nothing during a delivery (progress only after an erasure).
    ("portfolio", "inbox.after-claim"),
    ("portfolio", "db.before-commit"),
    ("portfolio", "consumer.before-offset-commit"),
    # Notifications publishes only erasure confirmations: no relay pass during a delivery.
    ("notifications", "inbox.after-claim"),
    ("notifications", "db.before-commit"),
    ("notifications", "consumer.before-offset-commit"),
    ("notifications", "sender.after-claim"),
    ("notifications", "smtp.after-send"),
]
MAY_MAIL_TWICE = {("notifications", "smtp.after-send")}
"""The one crash after an SMTP transaction ended and before its result was stored (the sender
stores each outcome on its own, not through a unit of work's commit)."""


@dataclass
class Rig:
    fleet: Fleet
    sink: MailSink
    endpoints: Endpoints
    reference: ReferenceSet
    teachers: set[str] = field(default_factory=set)


@pytest_asyncio.fixture(scope="module")
async def rig(
    stack: StackEndpoints, dev_keys: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Rig]:
    workdir = tmp_path_factory.mktemp("crash")
    sink = MailSink(port=0, directory=workdir / "mail")
    await sink.start()
    fleet = Fleet(
        root=Paths.discover().root,
        workdir=workdir,
        postgres_url=stack.postgres_url,
        kafka_bootstrap=stack.kafka_bootstrap,
        smtp_port=sink.port,
        keys=dev_keys,
    )
    # A mail claimed by a process that died is retried when its lease ends: short, here.
    fleet.instance_env["notifications"] = {
        "LR_SEND_LEASE_SECONDS": "10",
        "LR_SMTP_POOL_SIZE": str(SMTP_POOL_SIZE),
    }
    try:
        await fleet.open(ready_timeout=600.0)
        reference = generate_reference(seed=5, boards=30, bureaus=2)
        write_reference(workdir / "reference", reference)
        fleet.run_cli("intake", "reference", "load", str(workdir / "reference"))
        catalogue = fleet.root / "services" / "portfolio" / "data" / "catalogue.csv"
        fleet.run_cli("portfolio", "catalogue", "load", str(catalogue))
        endpoints = Endpoints(
            intake=fleet.url("intake"),
            registry=fleet.url("registry"),
            portfolio=fleet.url("portfolio"),
            notifications=fleet.url("notifications"),
            kafka_bootstrap=fleet.kafka_bootstrap,
            keys=fleet.keys,
            topic_suffix=fleet.topic_suffix,
        )
        yield Rig(fleet, sink, endpoints, reference)
    finally:
        fleet.stop()
        await sink.stop()
        await fleet.delete_topics()
        await fleet.drop_databases()


HITS = {"db.before-commit": 2}
"""Which hit kills: the first commit after a start is the inbox prune's, not the delivery's."""


def _upstream_done(service: str, rig: Rig, deliveries: int) -> Callable[[Audit], bool]:
    """When the work of this case's delivery waits for `service` (stopped meanwhile)."""
    if service == "registry":
        return lambda a: a.deliveries >= deliveries and a.deliveries_not_completed == 0
    return lambda a: a.teachers_registered >= len(rig.teachers)


@pytest.mark.parametrize(("service", "point"), CASES, ids=[f"{s}-{p}" for s, p in CASES])
async def test_a_service_killed_at_a_failpoint_loses_nothing_and_sends_nothing_twice(
    rig: Rig, service: str, point: str
) -> None:
    fleet, mail = rig.fleet, rig.sink.directory
    seed = 100 + CASES.index((service, point))
    deliveries = plan(rig.reference, teachers=150, boards=3, seed=seed)
    rig.teachers |= expected_teachers(deliveries)
    before = await take(fleet, mail, teachers_expected=len(rig.teachers))
    upload = upload_patiently(rig.endpoints, deliveries, key_prefix=f"crash-{seed}")
    armed = f"{point}:{HITS.get(point, 1)}"

    if service == "intake":  # its work is the upload itself
        crash.arm(fleet, service, armed)
        await crash.start(fleet, service)
        uploading = asyncio.create_task(upload)
    else:  # the delivery's work piles up on the topics, then the armed service takes it
        crash.stop(fleet, service)
        uploading = asyncio.create_task(upload)
        await uploading
        await until(
            fleet,
            mail,
            _upstream_done(service, rig, before.deliveries + len(deliveries)),
            teachers_expected=len(rig.teachers),
        )
        crash.arm(fleet, service, armed)
        await crash.start(fleet, service)
    code = await crash.wait_exit(fleet, service, timeout=180)
    crash.disarm(fleet, service)
    assert code == crash.EXIT_CODE, f"{service} did not die at {point}:\n{fleet.log_tail(service)}"
    await crash.restart(fleet, service)
    uploads = await uploading
    assert uploads.gave_up == []

    audit = await settle(fleet, mail, teachers_expected=len(rig.teachers))
    assert audit.unsettled == []
    assert audit.deliveries == before.deliveries + len(deliveries)
    assert audit.teachers_registered == len(rig.teachers)
    assert audit.appointments_registered == audit.appointments_accepted
    assert audit.invitations_recorded == audit.invitations_expected
    assert audit.mails_distinct == audit.invitations["sent"]
    assert audit.deliveries_not_completed == 0
    assert audit.dlq_messages == 0
    twice = audit.mails_received_twice - before.mails_received_twice
    assert twice <= (SMTP_POOL_SIZE if (service, point) in MAY_MAIL_TWICE else 0)
