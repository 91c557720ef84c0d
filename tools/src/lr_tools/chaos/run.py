"""The chaos run: a national-sized delivery through a fleet of its own while every service is
killed (SIGKILL) at random moments and started again, the broker is killed and started once,
and PostgreSQL crashes (immediate stop) and starts once; then the audit of what arrived.

Everything is seeded: the delivery, the moments, the targets and how long each stays down. The
run is bounded: faults end with their window, and the wait for the system to settle ends when
nothing has moved for a while or at a time limit."""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx
import orjson
from aiokafka import AIOKafkaConsumer

from lr_intake.adapters.reference_files import write_reference
from lr_intake.devdata.reference import generate_reference
from lr_intake.domain.reference import ReferenceSet
from lr_shared.auth import generate_dev_keys
from lr_shared.contracts.topics import INTAKE_APPOINTMENTS
from lr_tools.chaos import crash
from lr_tools.chaos.audit import Audit, settle
from lr_tools.chaos.stack import ChaosPaths, ChaosStack
from lr_tools.chaos.upload import UploadLog, upload_patiently
from lr_tools.console import err_console
from lr_tools.fleet import SERVICES, Fleet
from lr_tools.mainjob.deliveries import Delivery, expected_teachers, plan
from lr_tools.mainjob.endpoints import Endpoints

SMTP_POOL_SIZE = 8
"""Notifications' sending connections in the run (its default, set explicitly for the bound)."""


@dataclass(frozen=True)
class Options:
    teachers: int = 20_000
    boards: int = 150
    seed: int = 1
    kills_per_service: int = 2
    window_s: float = 120.0  # uploads and faults are spread over this many seconds
    lease_s: float = 30.0  # notifications' send lease (a killed sender's mails wait this long)
    stall_s: float = 120.0  # settled when nothing has moved for this long ...
    limit_s: float = 1200.0  # ... or at the latest this long after the faults


@dataclass(frozen=True)
class Fault:
    at_s: float
    target: str  # a service, "kafka" or "postgres"
    down_s: float


@dataclass
class Inflicted:
    fault: Fault
    started_s: float
    back_s: float | None = None
    exit_code: int | None = None
    error: str = ""


@dataclass
class ChaosResult:
    options: Options
    teachers_expected: int = 0
    deliveries: int = 0
    faults: list[Inflicted] = field(default_factory=list)
    uploads: UploadLog = field(default_factory=UploadLog)
    audit: Audit = field(default_factory=Audit)
    services_back: dict[str, bool] = field(default_factory=dict)
    appointments_topic: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def mails_twice_bound(self) -> int:
        """docs/notifications.md: a kill of notifications may send again at most the mails whose
        SMTP transaction had ended and whose outcome was not stored yet, one per connection."""
        kills = sum(1 for i in self.faults if i.fault.target == "notifications")
        return kills * SMTP_POOL_SIZE

    @property
    def problems(self) -> list[str]:
        audit = self.audit
        found = list(audit.unsettled)
        if audit.dlq_messages:
            found.append(f"dead letters: {audit.dlq_messages}")
        if audit.mails_received_twice > self.mails_twice_bound:
            found.append(
                f"mails received twice: {audit.mails_received_twice} "
                f"(bound: {self.mails_twice_bound})"
            )
        found += [f"upload gave up: {g}" for g in self.uploads.gave_up]
        found += [f"{s} not back" for s, ok in self.services_back.items() if not ok]
        found += [f"{i.fault.target}: {i.error}" for i in self.faults if i.error]
        return found

    def to_json(self) -> dict[str, Any]:
        return {
            "options": asdict(self.options),
            "teachers_expected": self.teachers_expected,
            "deliveries": self.deliveries,
            "faults": [
                {**asdict(i.fault), **{k: v for k, v in asdict(i).items() if k != "fault"}}
                for i in self.faults
            ],
            "uploads": {"answers": dict(self.uploads.answers), "gave_up": self.uploads.gave_up},
            "audit": self.audit.to_json(),
            "services_back": self.services_back,
            "appointments_topic": self.appointments_topic,
            "seconds": self.seconds,
            "mails_twice_bound": self.mails_twice_bound,
            "problems": self.problems,
        }


def schedule(options: Options) -> list[Fault]:
    """The faults of a run: `kills_per_service` per service, one of Kafka, one of PostgreSQL."""
    rng = random.Random(options.seed)  # noqa: S311 - chaos, not cryptography
    window = options.window_s
    faults = [
        Fault(round(rng.uniform(3.0, window), 1), service, round(rng.uniform(0.5, 5.0), 1))
        for service in SERVICES
        for _ in range(options.kills_per_service)
    ]
    faults.append(Fault(round(rng.uniform(10.0, window), 1), "kafka", round(rng.uniform(5, 15), 1)))
    faults.append(
        Fault(round(rng.uniform(10.0, window), 1), "postgres", round(rng.uniform(2, 8), 1))
    )
    return sorted(faults, key=lambda f: f.at_s)


async def _inflict(stack: ChaosStack, fleet: Fleet, fault: Fault, started: float) -> Inflicted:
    done = Inflicted(fault, round(time.monotonic() - started, 1))
    err_console.print(f"[yellow]{done.started_s:6.1f} s: {fault.target} down for {fault.down_s} s")
    try:
        if fault.target == "kafka":
            await stack.kill_kafka()
            await asyncio.sleep(fault.down_s)
            await stack.start_kafka()
        elif fault.target == "postgres":
            await stack.crash_postgres()
            await asyncio.sleep(fault.down_s)
            await stack.start_postgres()
        else:
            done.exit_code = crash.kill(fleet, fault.target)
            await asyncio.sleep(fault.down_s)
            await _start_again(fleet, fault.target)
        done.back_s = round(time.monotonic() - started, 1)
    except Exception as exc:  # recorded and reported: the run goes on
        done.error = f"{type(exc).__name__}: {str(exc)[:300]}"
    return done


async def _start_again(fleet: Fleet, service: str, attempts: int = 3) -> None:
    """A service started while its database or broker is away may give up: start it again."""
    for attempt in range(1, attempts + 1):
        try:
            await crash.restart(fleet, service, ready_timeout=300.0)
            return
        except RuntimeError:
            if attempt == attempts:
                raise
            await asyncio.sleep(5.0)


async def _back(fleet: Fleet) -> dict[str, bool]:
    back: dict[str, bool] = {}
    async with httpx.AsyncClient(timeout=5.0) as client:
        for service in SERVICES:
            alive = fleet.processes[service].poll() is None
            try:
                ready = (await client.get(f"{fleet.url(service)}/ready")).status_code == 200
            except httpx.HTTPError:
                ready = False
            back[service] = alive and ready
    return back


async def appointments_census(fleet: Fleet) -> dict[str, int]:
    """What is on intake's appointments topic: messages, distinct ids (what an inbox keeps),
    distinct appointment identities (what the registry keeps) and identities sent more than
    once, with what differed between their messages."""
    topic = f"{INTAKE_APPOINTMENTS.name}{fleet.topic_suffix}"
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=fleet.kafka_bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        isolation_level="read_committed",
        **fleet.kafka_security.client_options(),
    )
    await consumer.start()
    ids: set[str] = set()
    per_identity: dict[tuple[str, ...], list[tuple[str, str, str]]] = {}
    messages = 0
    try:
        partitions = consumer.assignment()
        while not partitions:
            await asyncio.sleep(0.1)
            partitions = consumer.assignment()
        ends = await consumer.end_offsets(list(partitions))
        deadline = time.monotonic() + 120.0
        while [tp for tp in partitions if await consumer.position(tp) < ends[tp]]:
            if time.monotonic() > deadline:
                break
            for records in (await consumer.getmany(timeout_ms=1000, max_records=5000)).values():
                for record in records:
                    if record.value is None:
                        continue
                    messages += 1
                    headers = {k: v.decode() for k, v in record.headers}
                    ids.add(headers["ce_id"])
                    data = orjson.loads(record.value)
                    data = data.get("data", data)
                    identity = tuple(
                        str(data[k])
                        for k in (
                            "bsn", "brin", "brin_volgnummer", "benoemingsgrondslag",
                            "benoeming_begindatum",
                        )
                    )  # fmt: skip
                    per_identity.setdefault(identity, []).append(
                        (headers["ce_id"], str(data["delivery_id"]), str(data["row_number"]))
                    )
    finally:
        await consumer.stop()
    repeated = {k: v for k, v in per_identity.items() if len({m[0] for m in v}) > 1}
    why: Counter[str] = Counter()
    for sent in repeated.values():
        deliveries = {m[1] for m in sent}
        why["in two or more deliveries" if len(deliveries) > 1 else "twice in one delivery"] += 1
    return {
        "messages": messages,
        "distinct_ids": len(ids),
        "distinct_identities": len(per_identity),
        "identities_sent_more_than_once": len(repeated),
        "extra_messages_for_repeated_identities": sum(
            len({m[0] for m in v}) - 1 for v in repeated.values()
        ),
        **{f"repeated {k}": n for k, n in why.items()},
    }


def _plan_at_least(reference: ReferenceSet, options: Options) -> list[Delivery]:
    """The main job's plan, scaled until at least `teachers` teachers have an accepted row (the
    plan's row count is an estimate: some teachers hold several appointments, some rows fail)."""
    asked = options.teachers
    while True:
        deliveries = plan(reference, teachers=asked, boards=options.boards, seed=options.seed)
        found = len(expected_teachers(deliveries))
        if found >= options.teachers:
            return deliveries
        asked = int(asked * options.teachers / max(1, found) * 1.01) + 1


async def run_chaos(root: Path, options: Options, workdir: Path) -> ChaosResult:
    result = ChaosResult(options)
    stack = ChaosStack(ChaosPaths(root))
    clock = time.monotonic()
    err_console.print("Chaos stack (own Kafka, PostgreSQL and mail sink):")
    await stack.up()
    fleet = Fleet(
        root=root,
        workdir=workdir,
        postgres_url=stack.postgres.dsn,
        kafka_bootstrap=stack.kafka.endpoint,
        kafka_security=stack.kafka.security,
        smtp_port=stack.sink.port,
        keys=stack.paths.dev,
    )
    try:
        generate_dev_keys(stack.paths.dev)
        fleet.instance_env["notifications"] = {
            "LR_SEND_LEASE_SECONDS": str(options.lease_s),
            "LR_SMTP_POOL_SIZE": str(SMTP_POOL_SIZE),
        }
        await fleet.open(ready_timeout=600.0)
        reference = generate_reference(seed=options.seed)
        write_reference(workdir / "reference", reference)
        fleet.run_cli("intake", "reference", "load", str(workdir / "reference"))
        catalogue = root / "services" / "portfolio" / "data" / "catalogue.csv"
        fleet.run_cli("portfolio", "catalogue", "load", str(catalogue))
        deliveries = _plan_at_least(reference, options)
        result.deliveries = len(deliveries)
        result.teachers_expected = len(expected_teachers(deliveries))
        result.seconds["setup"] = round(time.monotonic() - clock, 1)
        err_console.print(
            f"Delivery: {sum(len(d.rows) for d in deliveries)} rows for "
            f"{result.teachers_expected} teachers from {len(deliveries)} boards, over "
            f"{options.window_s:.0f} s; faults: {len(schedule(options))}."
        )
        endpoints = Endpoints(
            intake=fleet.url("intake"),
            registry=fleet.url("registry"),
            portfolio=fleet.url("portfolio"),
            notifications=fleet.url("notifications"),
            kafka_bootstrap=fleet.kafka_bootstrap,
            keys=fleet.keys,
            topic_suffix=fleet.topic_suffix,
        )
        started = time.monotonic()
        uploading = asyncio.create_task(
            upload_patiently(
                endpoints,
                deliveries,
                key_prefix=f"chaos-{options.seed}",
                patience_s=300.0,
                spread_s=options.window_s,
            )
        )
        for fault in schedule(options):
            await asyncio.sleep(max(0.0, started + fault.at_s - time.monotonic()))
            result.faults.append(await _inflict(stack, fleet, fault, started))
        result.uploads = await uploading
        result.seconds["faults and uploads"] = round(time.monotonic() - started, 1)
        err_console.print("Faults done; waiting for the system to settle.")
        result.audit = await settle(
            fleet,
            stack.paths.mail,
            teachers_expected=result.teachers_expected,
            stall_s=options.stall_s,
            limit_s=options.limit_s,
        )
        result.seconds["until settled"] = round(time.monotonic() - started, 1)
        result.services_back = await _back(fleet)
        result.appointments_topic = await appointments_census(fleet)
    finally:
        fleet.stop()
        await stack.down()
    result.seconds["total"] = round(time.monotonic() - clock, 1)
    return result
