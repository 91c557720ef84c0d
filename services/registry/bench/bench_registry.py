"""Registry benchmark (not a test): appointment throughput with 1-3 replicas, and public
lookup latency against /health under 100 concurrent clients.

    cd /work/main && uv run lr stack up
    uv run python services/registry/bench/bench_registry.py appointments --replicas 1,2,3
    uv run python services/registry/bench/bench_registry.py lookup

Each run gets a fresh database and fresh topics; replicas are real `python -m lr_registry`
processes in one consumer group.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from lr_shared.auth import generate_dev_keys

# Benchmark data and client choices, not cryptography.
# ruff: noqa: S311
from lr_shared.bsn import keyed_hash
from lr_shared.cloudevents import CloudEvent, encode, event_type, source
from lr_shared.contracts import topics
from lr_shared.kafka import client_options
from lr_tools.bench.machine import command_cpu_s, describe, process_cpu_s
from lr_tools.bench.scaling import appointments  # the same data as `lr bench` scaling
from lr_tools.stack.kafka import use_stack_client_env
from lr_tools.stack.topics import delete_topics

KAFKA = os.environ.get("LR_BENCH_KAFKA", "127.0.0.1:19092")
ADMIN_DSN = os.environ.get("LR_BENCH_POSTGRES", "postgresql://lr:lr@127.0.0.1:55432/postgres")
HASH_KEY = "bench-hash-key-0123456789"
ENCRYPTION_KEY = base64.b64encode(os.urandom(32)).decode()
PARTITIONS = 6
SYLLABLES = [
    "van",
    "ber",
    "jan",
    "sen",
    "de",
    "vis",
    "ser",
    "bak",
    "ker",
    "mul",
    "der",
    "hof",
    "man",
    "dijk",
    "stra",
    "berg",
    "veld",
    "kamp",
    "huis",
    "meer",
    "bos",
    "wit",
    "smit",
    "graaf",
    "rooij",
    "lin",
    "ga",
    "ma",
    "hui",
    "zing",
    "ter",
    "horst",
    "brink",
    "pol",
]


def surnames(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    names: set[str] = set()
    while len(names) < count:
        parts = rng.randint(2, 3)
        names.add("".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize())
    return sorted(names)


async def fresh_database(tag: str) -> str:
    name = f"bench_{tag}_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(ADMIN_DSN)
    try:
        await admin.execute(f'create database "{name}"')
    finally:
        await admin.close()
    return name


def dsn(database: str, *, driver: bool) -> str:
    base = ADMIN_DSN.rsplit("/", 1)[0]
    if driver:
        base = base.replace("postgresql://", "postgresql+asyncpg://", 1)
    return f"{base}/{database}"


async def drop_database(name: str) -> None:
    admin = await asyncpg.connect(ADMIN_DSN)
    try:
        await admin.execute(f'drop database if exists "{name}" with (force)')
    finally:
        await admin.close()


async def create_topics(suffix: str) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA, **client_options())
    await admin.start()
    try:
        await admin.create_topics(
            [
                NewTopic(
                    f"{t.name}{suffix}",
                    num_partitions=PARTITIONS,
                    replication_factor=1,
                    topic_configs=t.config(),
                )
                for t in topics.TOPICS
            ]
        )
    finally:
        await admin.close()


def start_replicas(
    count: int,
    database: str,
    suffix: str,
    keys: Path,
    base_port: int,
    logs: Path,
    extra: dict[str, str] | None = None,
) -> list[subprocess.Popen[bytes]]:
    env = {
        **os.environ,
        "LR_ENVIRONMENT": "test",
        "LR_DATABASE_URL": dsn(database, driver=True),
        "LR_KAFKA_BOOTSTRAP_SERVERS": KAFKA,
        "LR_TOPIC_SUFFIX": suffix,
        "LR_JWKS_FILE": str(keys / "jwks.json"),
        "LR_REGISTER_SIGNING_KEY_FILE": str(keys / "registry-signing-key.pem"),
        "LR_BSN_HASH_KEY": HASH_KEY,
        "LR_BSN_ENCRYPTION_KEY": ENCRYPTION_KEY,
        "LR_LOG_LEVEL": "WARNING",
        **(extra or {}),
    }
    processes = []
    for replica in range(count):
        log = (logs / f"registry-{replica + 1}.log").open("wb")
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "lr_registry"],
                env={**env, "LR_HTTP_PORT": str(base_port + replica)},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    return processes


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()


async def wait_ready(ports: list[int], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient() as client:
        for port in ports:
            while True:
                try:
                    if (await client.get(f"http://127.0.0.1:{port}/ready")).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError(f"replica on port {port} not ready")
                await asyncio.sleep(0.3)


async def produce(total: int, suffix: str) -> float:
    producer = AIOKafkaProducer(
        bootstrap_servers=KAFKA,
        linger_ms=20,
        max_batch_size=1024 * 1024,
        compression_type=None,
        acks=1,
        **client_options(),
    )
    await producer.start()
    started = time.monotonic()
    topic = f"{topics.INTAKE_APPOINTMENTS.name}{suffix}"
    kind, origin = event_type("intake", "appointment-accepted"), source("intake")
    pending = []
    try:
        for item in appointments(total):
            value, headers = encode(CloudEvent(type=kind, source=origin, data=item))
            key = keyed_hash(item.bsn, HASH_KEY.encode()).encode()
            pending.append(await producer.send(topic, value, key=key, headers=headers))
            if len(pending) >= 5000:
                await asyncio.gather(*pending)
                pending.clear()
        await asyncio.gather(*pending)
    finally:
        await producer.stop()
    return time.monotonic() - started


async def count_rows(database: str) -> int:
    connection = await asyncpg.connect(dsn(database, driver=False))
    try:
        value = await connection.fetchval("select count(*) from appointments")
        return int(value or 0)
    except asyncpg.UndefinedTableError:
        return 0
    finally:
        await connection.close()


async def bench_appointments(total: int, replicas: int, keys: Path, logs: Path) -> dict[str, Any]:
    suffix = f".bench{uuid.uuid4().hex[:8]}"
    database = await fresh_database("appointments")
    await create_topics(suffix)
    produce_seconds = await produce(total, suffix)
    ports = [18100 + i for i in range(replicas)]
    processes = start_replicas(
        replicas, database, suffix, keys, ports[0], logs, {"LR_SCHEDULER_ENABLED": "false"}
    )
    started = time.monotonic()
    first: float | None = None
    cpu_first: list[float] = []
    pg_first = 0.0
    load_first = os.getloadavg()
    try:
        while True:
            applied = await count_rows(database)
            now = time.monotonic()
            if applied and first is None:
                first = now
                cpu_first = [process_cpu_s(p.pid) or 0.0 for p in processes]
                pg_first = command_cpu_s("postgres")
                load_first = os.getloadavg()
            if applied >= total:
                break
            if now - started > 900:
                raise TimeoutError(f"only {applied} of {total} applied")
            await asyncio.sleep(0.25)
        done = time.monotonic()
        assert first is not None
        cpu_done = [process_cpu_s(p.pid) or 0.0 for p in processes]
        pg_done = command_cpu_s("postgres")
        load_done = os.getloadavg()
        connection = await asyncpg.connect(dsn(database, driver=False))
        teachers = await connection.fetchval("select count(*) from teachers")
        outbox = await connection.fetchval("select count(*) from outbox")
        await connection.close()
    finally:
        stop(processes)
        await drop_database(database)
        await delete_topics(KAFKA, suffix=suffix)
    return {
        "replicas": replicas,
        "appointments": total,
        "teachers": teachers,
        "produce_s": round(produce_seconds, 1),
        "from_start_s": round(done - started, 2),
        "from_first_row_s": round(done - first, 2),
        "per_second": round(total / (done - first)),
        "outbox_left_at_end": outbox,
        # CPU of the replicas while applying (from the first row on): consumer, relay, all.
        "replica_cpu_s": [round(b - a, 1) for a, b in zip(cpu_first, cpu_done, strict=True)],
        "replica_cpu_us_per_appointment": round((sum(cpu_done) - sum(cpu_first)) / total * 1e6, 1),
        "postgres_cpu_s_all": round(pg_done - pg_first, 1),
        "load_avg_1m_first_done": [round(load_first[0], 2), round(load_done[0], 2)],
    }


SCHOOLS = """
insert into schools (brin, brin_volgnummer, naam, plaats, bevoegd_gezag, sector)
select lpad((g % 100)::text, 2, '0') || chr(65 + g / 100 % 26) || chr(65 + g / 2600 % 26), '00',
       'School ' || g, 'Plaats', lpad((10000 + g % 1400)::text, 5, '0'), 'PO'
from generate_series(0, 7999) g on conflict do nothing
"""
TEACHERS = """
insert into teachers (registration_number, bsn_hash, bsn_encrypted, voorletters, tussenvoegsel,
                      achternaam, geslacht, geboortedatum, email, show_qualifications)
select 'LR' || lpad(g::text, 8, '0'), md5(g::text), '\\x00'::bytea,
       (array['J.', 'A.B.', 'M.', 'P.J.', 'S.'])[1 + g % 5], '',
       ($1::text[])[1 + g % array_length($1::text[], 1)], 'V', date '1980-01-01',
       't' || g || '@example.org', g % 3 = 0
from generate_series(1, $2::int) g
"""
REGISTRATIONS = """
insert into registrations (registration_number, state, invited_at, confirmed_at, period_start,
                           period_end, active_until, qualified_until)
select 'LR' || lpad(g::text, 8, '0'),
       (array['registered', 'registered', 'registered', 'pre_registered', 'conditional',
              'pending_confirmation'])[1 + g % 6],
       now(), now(), current_date, current_date + 1461, date '9999-12-31', date '9999-12-31'
from generate_series(1, $1::int) g
"""
APPOINTMENTS = """
insert into appointments (registration_number, bevoegd_gezag, brin, brin_volgnummer,
    benoemingsgrondslag, benoeming_begindatum, dienstverband_begindatum, sector, functie,
    qualified, delivery_id)
select 'LR' || lpad(g::text, 8, '0'), lpad((10000 + g % 1400)::text, 5, '0'),
       lpad((g % 100)::text, 2, '0') || chr(65 + g / 100 % 26) || chr(65 + g / 2600 % 26), '00',
       'PO-BEV', date '2025-08-01', date '2025-08-01', 'PO', 'leraar', true, gen_random_uuid()
from generate_series(1, $1::int) g
"""


async def seed(database: str, registrations: int, names: list[str]) -> None:
    """Registrations written directly (the lookup is measured, not the intake of them)."""
    connection = await asyncpg.connect(dsn(database, driver=False))
    try:
        async with connection.transaction():
            await connection.execute(SCHOOLS)
            await connection.execute(TEACHERS, names, registrations)
            await connection.execute(REGISTRATIONS, registrations)
            await connection.execute(APPOINTMENTS, registrations)
        await connection.execute("analyze")
    finally:
        await connection.close()


async def load(url: str, paths: list[str], clients: int, requests: int) -> list[float]:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors: dict[str, int] = {}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:

        async def worker(index: int) -> None:
            rng = random.Random(index)
            for _ in range(requests // clients):
                path = rng.choice(paths)
                started = time.perf_counter()
                try:
                    response = await client.get(path)
                except httpx.TransportError as exc:
                    # Counted, not timed: a keep-alive connection the server closed meanwhile.
                    name = type(exc).__name__
                    errors[name] = errors.get(name, 0) + 1
                    continue
                latencies.append(time.perf_counter() - started)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

        await asyncio.gather(*(worker(i) for i in range(clients)))
    if set(statuses) != {200} or errors:
        print(f"  {paths[0][:40]}...: statuses {statuses}, transport errors {errors}", flush=True)
    return latencies


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=1000)[int(q * 1000) - 1] * 1000


async def bench_lookup(
    registrations: int, clients: int, requests: int, keys: Path, logs: Path
) -> dict[str, Any]:
    database = await fresh_database("lookup")
    suffix = f".bench{uuid.uuid4().hex[:8]}"
    await create_topics(suffix)
    processes = start_replicas(
        1,
        database,
        suffix,
        keys,
        18200,
        logs,
        {
            "LR_PUBLIC_RATE_PER_SECOND": "1000000",
            "LR_PUBLIC_BURST": "1000000",
            "LR_DB_POOL_SIZE": "20",
        },
    )
    try:
        await wait_ready([18200])
        names = surnames(2000)
        await seed(database, registrations, names)
        url = "http://127.0.0.1:18200"
        rng = random.Random(1)
        lookups = [f"/v1/public/registrations?achternaam={rng.choice(names)}" for _ in range(500)]
        lookups += [
            f"/v1/public/registrations?achternaam={rng.choice(names)[:4]}&voorletters=J"
            for _ in range(100)
        ]
        await load(url, ["/health"], clients, 2000)  # warm-up
        await load(url, lookups, clients, 2000)
        health = await load(url, ["/health"], clients, requests)
        lookup = await load(url, lookups, clients, requests)
    finally:
        stop(processes)
        await drop_database(database)
        await delete_topics(KAFKA, suffix=suffix)
    return {
        "registrations": registrations,
        "clients": clients,
        "requests_each": requests,
        "health_p50_ms": round(p(health, 0.5), 1),
        "health_p99_ms": round(p(health, 0.99), 1),
        "lookup_p50_ms": round(p(lookup, 0.5), 1),
        "lookup_p99_ms": round(p(lookup, 0.99), 1),
        "ratio_p99": round(p(lookup, 0.99) / p(health, 0.99), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    sub = parser.add_subparsers(dest="what", required=True)
    a = sub.add_parser("appointments")
    a.add_argument("--total", type=int, default=300_000)
    a.add_argument("--replicas", default="1,2,3")
    lk = sub.add_parser("lookup")
    lk.add_argument("--registrations", type=int, default=250_000)
    lk.add_argument("--clients", type=int, default=100)
    lk.add_argument("--requests", type=int, default=10_000)
    args = parser.parse_args()
    print(f"machine: {describe()}")
    work = Path(tempfile.mkdtemp(prefix="lr-registry-bench-"))
    keys, logs = work / "keys", work / "logs"
    generate_dev_keys(keys)
    logs.mkdir()
    print(f"replica logs: {logs}")
    if args.what == "appointments":
        for replicas in [int(r) for r in args.replicas.split(",")]:
            print(asyncio.run(bench_appointments(args.total, replicas, keys, logs)), flush=True)
    else:
        print(
            asyncio.run(bench_lookup(args.registrations, args.clients, args.requests, keys, logs))
        )


if __name__ == "__main__":
    use_stack_client_env()  # the local broker as its admin (SASL_SSL when secured)
    main()
