"""Part 4: registry replicas. The same appointments (most teachers one, a quarter a second one)
are encoded first; 1, 2 or 3 `python -m lr_registry` processes are started in one consumer group
and given time to share the partitions; then the appointments are produced to the (fresh)
appointments topic and the clock runs from the first send until the last appointment is stored
(the data of services/registry/bench/bench_registry.py; it starts the replicas after producing,
which lets the first replica take everything while the others still start)."""

from __future__ import annotations

import asyncio
import os
import random
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import asyncpg
from aiokafka import AIOKafkaProducer

from lr_shared.bsn import keyed_hash
from lr_shared.cloudevents import CloudEvent, encode, event_type, source
from lr_shared.contracts.intake import AppointmentV1
from lr_shared.contracts.topics import INTAKE_APPOINTMENTS
from lr_shared.kafka import client_options
from lr_tools.bench.fleet import BenchFleet
from lr_tools.bench.raw import create_topic
from lr_tools.bench.report import throughput
from lr_tools.console import err_console
from lr_tools.services.spec import read_env_file

SETTLE_S = 8.0


@dataclass
class ScalingRun:
    replicas: int
    appointments: int
    seconds: float
    load_before: list[float]
    load_after: list[float]

    def to_json(self) -> dict[str, Any]:
        return {
            "replicas": self.replicas,
            "appointments": self.appointments,
            "seconds": round(self.seconds, 2),
            "per_second": round(throughput(self.appointments, self.seconds) or 0),
            "load_before": self.load_before,
            "load_after": self.load_after,
        }


def appointments(total: int, seed: int = 42) -> Iterator[AppointmentV1]:
    """`total` validated appointments: most teachers one, a quarter a second one elsewhere.
    Also the data of the registry's own benchmarks (services/registry/bench)."""
    rng = random.Random(seed)  # noqa: S311 - benchmark data
    produced, teacher = 0, 0
    while produced < total:
        teacher += 1
        count = 2 if rng.random() < 0.25 else 1
        for n in range(min(count, total - produced)):
            produced += 1
            qualified = rng.random() < 0.85
            yield AppointmentV1(
                delivery_id=uuid.uuid4(),
                row_number=produced + 1,
                bsn=f"{100_000_000 + teacher * 7:09d}",
                achternaam=rng.choice(["Jansen", "de Vries", "Bakker", "Visser", "Smit"]),
                voorletters=rng.choice(["J.", "A.B.", "M.", "P.J.", "S."]),
                geslacht="V",
                geboortedatum=date(1970 + teacher % 30, 1 + teacher % 12, 1 + teacher % 28),
                email=f"t{teacher}@example.org",
                bevoegd_gezag=f"{10000 + teacher % 1400:05d}",
                brin=f"{teacher % 100:02d}{chr(65 + n)}{chr(65 + teacher % 26)}",
                brin_volgnummer="00",
                sector="PO",
                functie="leraar",
                benoemingsgrondslag="PO-BEV" if qualified else "PO-ONB",
                qualified=qualified,
                onderwijsterrein=None if qualified else "rekenen",
                benoeming_begindatum=date(2025, 8, 1),
                benoeming_einddatum=None if qualified else date(2027, 7, 31),
                dienstverband_begindatum=date(2025, 8, 1),
            )


Record = tuple[bytes, bytes, list[tuple[str, bytes]]]


def encoded(total: int, hash_key: bytes) -> list[Record]:
    """Key, value and headers of every appointment, encoded before the clock runs."""
    kind, origin = event_type("intake", "appointment-accepted"), source("intake")
    records: list[Record] = []
    for item in appointments(total):
        value, headers = encode(CloudEvent(type=kind, source=origin, data=item))
        records.append((keyed_hash(item.bsn, hash_key).encode(), value, list(headers)))
    return records


async def produce(records: list[Record], bootstrap: str, topic: str) -> None:
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        linger_ms=20,
        max_batch_size=1024 * 1024,
        acks=1,
        **client_options(),
    )
    await producer.start()
    pending: list[asyncio.Future[Any]] = []
    try:
        for key, value, headers in records:
            pending.append(await producer.send(topic, value, key=key, headers=headers))
            if len(pending) >= 5000:
                await asyncio.gather(*pending)
                pending.clear()
        await asyncio.gather(*pending)
    finally:
        await producer.stop()


async def _applied(url: str) -> int:
    connection = await asyncpg.connect(url)
    try:
        return int(await connection.fetchval("select count(*) from appointments") or 0)
    except asyncpg.UndefinedTableError:
        return 0
    finally:
        await connection.close()


async def run_scaling(
    template: BenchFleet, replicas: int, total: int, *, timeout: float = 1800.0
) -> ScalingRun:
    fleet = BenchFleet(
        root=template.root,
        workdir=template.workdir / f"registry-x{replicas}",
        postgres_url=template.postgres_url,
        kafka_bootstrap=template.kafka_bootstrap,
        smtp_port=template.smtp_port,
        keys=template.keys,
        extra={**template.extra, "LR_SCHEDULER_ENABLED": "false"},
    )
    (fleet.workdir / "log").mkdir(parents=True, exist_ok=True)
    settings = read_env_file(fleet.root / "deploy" / "native" / "services.env")
    hash_key = os.environ.get("LR_BSN_HASH_KEY", settings.get("LR_BSN_HASH_KEY", ""))
    await fleet.create_databases()
    try:
        topic = f"{INTAKE_APPOINTMENTS.name}{fleet.topic_suffix}"
        await create_topic(fleet.kafka_bootstrap, topic)
        records = encoded(total, hash_key.encode())
        for replica in range(1, replicas + 1):
            fleet.start("registry", replica)
        await fleet.wait_ready()
        await asyncio.sleep(SETTLE_S)  # every replica has joined the group and has partitions
        load_before = [round(x, 2) for x in os.getloadavg()]
        url = fleet.libpq_url("registry")
        started = time.monotonic()
        sending = asyncio.create_task(produce(records, fleet.kafka_bootstrap, topic))
        deadline = started + timeout
        while True:
            await asyncio.sleep(0.25)
            applied = await _applied(url)
            now = time.monotonic()
            if applied >= total:
                break
            if now > deadline:
                raise TimeoutError(f"registry x{replicas}: only {applied} of {total} applied")
        await sending
        seconds = now - started
        err_console.print(f"  registry x{replicas}: {total} appointments in {seconds:.1f} s")
        return ScalingRun(replicas, total, seconds, load_before,
                          [round(x, 2) for x in os.getloadavg()])  # fmt: skip
    finally:
        fleet.stop()
        await fleet.delete_topics()
        await fleet.drop_databases()
