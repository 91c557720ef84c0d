"""Part 1: the national delivery end to end on a fleet of service processes.

Stages, each timed from the start of the upload: the boards' files uploaded (every 202 back),
validated (every delivery `completed`: its appointments and report published), registered
(every accepted teacher on the registrations topic), invited (every invitation mailed or
recorded as having no address)."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import asyncpg
import httpx

from lr_intake.devdata.files import render_delivery
from lr_intake.domain.reference import ReferenceSet
from lr_tools.bench.fleet import BenchFleet
from lr_tools.bench.machine import command_cpu_s, process_cpu_s, process_kib
from lr_tools.bench.report import Stage
from lr_tools.bench.sampling import Sampler, Series
from lr_tools.console import err_console
from lr_tools.mainjob.deliveries import Delivery, expected_teachers, plan, post_delivery
from lr_tools.mainjob.endpoints import Endpoints
from lr_tools.mainjob.follow import RegistrationTally, notification_stats

FINAL = ("completed", "rejected")


@dataclass
class NationalRun:
    rows: int = 0
    deliveries: int = 0
    teachers: int = 0
    invited: int = 0
    csv_bytes: int = 0
    generate_s: float = 0.0
    upload_latency_s: list[float] = field(default_factory=list)
    stages: list[Stage] = field(default_factory=list)
    peak_rss_mib: dict[str, float] = field(default_factory=dict)
    cpu_s: dict[str, float] = field(default_factory=dict)
    wall_s: float = 0.0
    series: Series = field(default_factory=Series)
    statuses: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    bodies: list[bytes] = field(default_factory=list, repr=False)
    plan: list[Delivery] = field(default_factory=list, repr=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "deliveries": self.deliveries,
            "teachers": self.teachers,
            "invited": self.invited,
            "csv_bytes": self.csv_bytes,
            "generate_s": round(self.generate_s, 1),
            "upload_latency_s": [round(x, 3) for x in self.upload_latency_s],
            "stages": [s.to_json() for s in self.stages],
            "peak_rss_mib": self.peak_rss_mib,
            "cpu_s": self.cpu_s,
            "wall_s": round(self.wall_s, 1),
            "delivery_statuses": self.statuses,
            "problems": self.problems,
            "series": self.series.to_json(),
        }


def delivery_file(delivery: Delivery, variant: int) -> bytes:
    """CSV as boards send it (`;` or `,`, BOM, CRLF, Dutch dates); only CSV, so the raw limit
    parses exactly the bytes intake received."""
    return render_delivery(
        [row.values for row in delivery.rows],
        delimiter=";" if variant % 2 else ",",
        bom=variant % 3 == 0,
        crlf=variant % 4 == 1,
        dutch_dates=variant % 5 == 2,
    )


def prepare(reference: ReferenceSet, *, teachers: int, boards: int, seed: int) -> NationalRun:
    run = NationalRun()
    clock = time.monotonic()
    deliveries = plan(reference, teachers=teachers, boards=boards, seed=seed)
    run.bodies = [delivery_file(d, i) for i, d in enumerate(deliveries)]
    run.generate_s = time.monotonic() - clock
    run.rows = sum(len(d.rows) for d in deliveries)
    run.deliveries = len(deliveries)
    run.teachers = len(expected_teachers(deliveries))
    run.csv_bytes = sum(len(b) for b in run.bodies)
    run.plan = deliveries
    return run


class _Uploads:
    def __init__(self) -> None:
        self.rows = 0
        self.latencies: list[float] = []


async def _upload(
    endpoints: Endpoints,
    deliveries: list[Delivery],
    bodies: list[bytes],
    progress: _Uploads,
    concurrency: int,
) -> None:
    limit = asyncio.Semaphore(concurrency)

    async def one(index: int, client: httpx.AsyncClient) -> None:
        delivery = deliveries[index]
        token = endpoints.token("board", delivery.board)
        async with limit:
            started = time.monotonic()
            response = await post_delivery(
                client,
                f"{endpoints.intake}/v1/deliveries",
                bodies[index],
                {
                    "Authorization": f"Bearer {token}",
                    "Content-Type": "text/csv",
                    "Idempotency-Key": f"bench-{delivery.board}-{index}",
                },
            )
            progress.latencies.append(time.monotonic() - started)
        if response.status_code not in (202, 422):
            raise RuntimeError(f"upload for board {delivery.board}: HTTP {response.status_code}")
        progress.rows += len(delivery.rows)

    async with httpx.AsyncClient(timeout=600) as client:
        await asyncio.gather(*(one(i, client) for i in range(len(deliveries))))


def _cpu(pids: dict[str, int]) -> dict[str, float]:
    """CPU seconds so far of each fleet process, PostgreSQL, Kafka and this process (the bench:
    uploads, polling and sampling)."""
    seconds = {name: process_cpu_s(pid) for name, pid in pids.items()}
    out = {name: value for name, value in seconds.items() if value is not None}
    out["postgresql"] = command_cpu_s("postgres")
    out["kafka"] = command_cpu_s("java")
    out["bench"] = time.process_time()
    return out


def _handled_invitations(stats: dict[str, Any]) -> int:
    invited = stats.get("per_kind", {}).get("invitation", {})
    return int(invited.get("sent", 0)) + int(invited.get("no_address", 0))


async def run_national(
    fleet: BenchFleet,
    run: NationalRun,
    *,
    mails_received: Any,
    concurrency: int = 8,
    stage_timeout: float = 1800.0,
) -> NationalRun:
    deliveries = run.plan
    endpoints = Endpoints(
        intake=fleet.url("intake"),
        registry=fleet.url("registry"),
        portfolio=fleet.url("portfolio"),
        notifications=fleet.url("notifications"),
        kafka_bootstrap=fleet.kafka_bootstrap,
        keys=fleet.keys,
        topic_suffix=fleet.topic_suffix,
        kafka_security=fleet.kafka_security,
    )
    intake_db = await asyncpg.connect(fleet.libpq_url("intake"))
    uploads = _Uploads()
    series = run.series = Series()
    stages = {
        "upload": Stage("upload", "rows", run.rows),
        "validated": Stage("validated", "rows", run.rows),
        "registered": Stage("registered", "teachers", run.teachers),
        "invited": Stage("invited", "mails", 0),
    }
    try:
        async with (
            RegistrationTally(endpoints, datetime.now(UTC)) as tally,
            Sampler(series, pids=fleet.pids, bootstrap=fleet.kafka_bootstrap,
                    suffix=fleet.topic_suffix, security=fleet.kafka_security),
        ):  # fmt: skip
            series.t0 = time.monotonic()
            cpu_before = _cpu(fleet.pids())
            upload = asyncio.create_task(
                _upload(endpoints, deliveries, run.bodies, uploads, concurrency)
            )
            deadline = time.monotonic() + stage_timeout
            printed = -10.0
            polls, handled = 0, 0
            while True:
                await asyncio.sleep(1.0)
                if upload.done() and upload.exception() is not None:
                    raise RuntimeError("upload failed") from upload.exception()
                done = await intake_db.fetchval(
                    "select count(*) from deliveries where status = any($1::text[])",
                    list(FINAL),
                )
                counts = tally.counts()
                known = sum(counts.values())
                # The stats are a full scan of the notifications table: read every 5 s while
                # teachers are still being registered (invitations cannot be complete), every
                # second for the tail, so the observer costs PostgreSQL little.
                if stages["registered"].done_s is not None or polls % 5 == 0:
                    handled = _handled_invitations(await notification_stats(endpoints))
                polls += 1
                mails = mails_received()
                now = series.now()
                for name, value in (
                    ("uploaded rows", uploads.rows),
                    ("deliveries completed", done),
                    ("teachers known", known),
                    ("invitations handled", handled),
                    ("mails received", mails),
                ):
                    series.add(series.progress, name, value)
                stages["upload"].observe(now, uploads.rows, upload.done())
                stages["validated"].observe(
                    now, done, upload.done() and done == run.deliveries
                )  # fmt: skip
                stages["registered"].observe(now, known, known >= run.teachers)
                if stages["registered"].done_s is not None and not stages["invited"].items:
                    # Who is invited is known once every teacher is: those awaiting confirmation.
                    run.invited = stages["invited"].items = counts["pending_confirmation"]
                invited_done = stages["registered"].done_s is not None and handled >= run.invited
                stages["invited"].observe(now, handled, invited_done)
                status = (
                    f"t={now:6.0f}s uploaded {uploads.rows}/{run.rows} rows, "
                    f"{done}/{run.deliveries} deliveries done, {known}/{run.teachers} teachers, "
                    f"{handled} invitations ({mails} mails)"
                )
                if now - printed >= 10:
                    err_console.print(f"  {status}")
                    printed = now
                if all(s.done_s is not None for s in stages.values()):
                    break
                if time.monotonic() > deadline:
                    run.problems.append(f"timed out: {status}")
                    break
            await upload
            run.wall_s = time.monotonic() - series.t0
            cpu_after = _cpu(fleet.pids())
            run.cpu_s = {
                name: round(cpu_after[name] - cpu_before[name], 1)
                for name in cpu_after
                if name in cpu_before
            }
            rows = await intake_db.fetch("select status, count(*) from deliveries group by 1")
            run.statuses = {str(r[0]): int(r[1]) for r in rows}
    finally:
        await intake_db.close()
    run.upload_latency_s = uploads.latencies
    run.stages = list(stages.values())
    for instance, pid in fleet.pids().items():
        peak = process_kib(pid, "VmHWM")
        sampled = max((v for _, v in series.rss_mib.get(instance, [])), default=0.0)
        run.peak_rss_mib[instance] = round(max(sampled, (peak or 0) / 1024), 1)
    return run
