"""Benchmark: a quarter of a million invitations through the notifications service.

Puts N contacts and N teacher-invited events on fresh topics, starts the service as its own
process (`python -m lr_notifications`) against a fresh database and a discard SMTP sink in
another process, and measures how fast the mails reach the sink and the service's memory
(RSS) over time. Needs the local stack (`uv run lr stack up`).

    uv run python services/notifications/bench/bench_notifications.py --count 250000
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from lr_shared.cloudevents import CloudEvent, encode, event_type, source
from lr_shared.contracts import topics
from lr_shared.contracts.registry import ContactV1, RegistryEventV1
from lr_shared.kafka import client_options
from lr_tools.bench.figures import record
from lr_tools.bench.machine import describe, process_cpu_s, process_kib
from lr_tools.stack.kafka import use_stack_client_env
from lr_tools.stack.topics import delete_topics

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
KAFKA = "127.0.0.1:19092"
POSTGRES = "postgresql://lr:lr@127.0.0.1:55432"


async def produce(count: int, suffix: str) -> float:
    producer = AIOKafkaProducer(
        bootstrap_servers=KAFKA,
        linger_ms=20,
        max_batch_size=1024 * 1024,
        acks=1,
        **client_options(),
    )
    await producer.start()
    started = time.perf_counter()
    try:
        for start in range(0, count, 5000):
            futures = []
            for i in range(start, min(start + 5000, count)):
                number = f"LR{i:08d}"
                contact = ContactV1(
                    registration_number=number,
                    voorletters="J.",
                    tussenvoegsel="van",
                    achternaam=f"Teacher{i}",
                    email=f"t{i}@example.org",
                    language="en" if i % 10 == 0 else "nl",
                )
                invited = RegistryEventV1(
                    event_id=uuid.uuid4(),
                    kind="teacher-invited",
                    registration_number=number,
                    state="pending_confirmation",
                    occurred_at=datetime.now(UTC),
                    notification_key="teacher-invited",
                )
                for topic, data, kind in (
                    ("lr.registry.contacts.v1", contact, "contact"),
                    ("lr.registry.events.v1", invited, "teacher-invited"),
                ):
                    value, headers = encode(
                        CloudEvent(
                            type=event_type("registry", kind), source=source("registry"), data=data
                        )
                    )
                    futures.append(
                        await producer.send(
                            topic + suffix, value, key=number.encode(), headers=headers
                        )
                    )
            await asyncio.gather(*futures)
    finally:
        await producer.stop()
    return time.perf_counter() - started


async def create_topics(suffix: str, partitions: int) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA, **client_options())
    await admin.start()
    try:
        names = [
            topics.REGISTRY_EVENTS.name,
            topics.REGISTRY_CONTACTS.name,
            topics.PRIVACY_ERASURE_REQUESTS.name,
            topics.PRIVACY_ERASURE_CONFIRMATIONS.name,
        ]
        await admin.create_topics([NewTopic(n + suffix, partitions, 1) for n in names])
    finally:
        await admin.close()


async def create_database(name: str) -> None:
    connection = await asyncpg.connect(f"{POSTGRES}/postgres")
    try:
        await connection.execute(f'create database "{name}"')
    finally:
        await connection.close()


async def drop_database(name: str) -> None:
    connection = await asyncpg.connect(f"{POSTGRES}/postgres")
    try:
        await connection.execute(f'drop database if exists "{name}" with (force)')
    finally:
        await connection.close()


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def prepare(count: int, suffix: str, database: str, partitions: int) -> float:
    await create_topics(suffix, partitions)
    await create_database(database)
    return await produce(count, suffix)


def read_count(count_file: Path) -> int:
    return int(count_file.read_text() or 0) if count_file.exists() else 0


def run(args: argparse.Namespace) -> None:
    suffix = f".bench{uuid.uuid4().hex[:8]}"
    database = f"bench_{uuid.uuid4().hex[:8]}"
    count_file = Path(f"/tmp/{database}.count")  # noqa: S108 - a scratch file of this run
    sink_port = free_port()
    print(f"machine: {describe()}")
    print(f"mails: {args.count}, pool: {args.pool}, partitions: {args.partitions}")
    produced = asyncio.run(prepare(args.count, suffix, database, args.partitions))
    print(f"produced {2 * args.count} records in {produced:.1f} s")
    sink_command = [sys.executable, "-m", "lr_tools.bench.sink", "--port", str(sink_port),
                    "--count-file", str(count_file)]  # fmt: skip
    sink = subprocess.Popen(sink_command)  # noqa: S603 - our own script
    env = {
        **os.environ,
        "LR_ENVIRONMENT": "test",
        "LR_DATABASE_URL": f"postgresql+asyncpg://lr:lr@127.0.0.1:55432/{database}",
        "LR_KAFKA_BOOTSTRAP_SERVERS": KAFKA,
        "LR_TOPIC_SUFFIX": suffix,
        "LR_JWKS_FILE": str(ROOT / "var" / "dev" / "jwks.json"),
        "LR_HTTP_PORT": str(free_port()),
        "LR_SMTP_PORT": str(sink_port),
        "LR_SMTP_POOL_SIZE": str(args.pool),
        "LR_SEND_BATCH_SIZE": "500",
        "LR_LOG_LEVEL": "WARNING",
    }
    time.sleep(0.5)
    service_command = [sys.executable, "-m", "lr_notifications"]
    if args.profile is not None:
        service_command[1:1] = ["-m", "pyinstrument", "-r", "text", "-o", str(args.profile)]
    service = subprocess.Popen(service_command, env=env, stdout=subprocess.DEVNULL)  # noqa: S603
    started = time.perf_counter()
    # The last sample before the first mail: sending began after it (a lower bound, so the
    # rate "from the first mail on" is never overstated, however few samples a run has).
    first_mail_at = 0.0
    samples: list[tuple[float, int, float]] = []
    try:
        while True:
            time.sleep(args.interval)
            sent, rss = read_count(count_file), (process_kib(service.pid) or 0) / 1024
            elapsed = time.perf_counter() - started
            if not sent:
                first_mail_at = elapsed
            samples.append((elapsed, sent, rss))
            print(f"t={elapsed:6.1f}s mails={sent:7d} rss={rss:6.1f} MiB", flush=True)
            if sent >= args.count or service.poll() is not None:
                break
        if sent < args.count:  # the service died: no figures from a run that did not happen
            raise SystemExit(
                f"notifications exited with {service.returncode} after {sent} of "
                f"{args.count} mails (its error output is above)"
            )
        used = process_cpu_s(service.pid) or 0.0
        print(
            f"service CPU from start to the last mail: {used:.1f} s "
            f"({used / max(sent, 1) * 1e6:.0f} us per mail, start-up included)"
        )
        time.sleep(5)  # anything sent twice would arrive now
        beyond = read_count(count_file) - args.count
        print(f"mails received beyond {args.count}: {beyond}")
    finally:
        # SIGINT: pyinstrument writes its report on KeyboardInterrupt; uvicorn stops on it too.
        service.send_signal(signal.SIGINT)
        service.wait(30)
        sink.terminate()
        sink.wait(10)
        count_file.unlink(missing_ok=True)
        asyncio.run(drop_database(database))
        asyncio.run(delete_topics(KAFKA, suffix=suffix))
    report(samples, first_mail_at)
    elapsed, sent, _ = samples[-1]
    record(
        args.json,
        mails=sent,
        mails_per_s=round(sent / (elapsed - first_mail_at)),
        cpu_us_per_mail=round(used / max(sent, 1) * 1e6),
        peak_rss_mib=round(max(r for _, _, r in samples), 1),
        mails_beyond=beyond,
    )


def report(samples: list[tuple[float, int, float]], first_mail_at: float) -> None:
    elapsed, sent, _ = samples[-1]
    sending = elapsed - first_mail_at
    print(f"\n{sent} mails in {elapsed:.1f} s from service start (none yet at "
          f"{first_mail_at:.1f} s): {sent / elapsed:.0f} mails/s overall, "
          f"{sent / sending:.0f} mails/s from then on")  # fmt: skip
    rss = [r for _, _, r in samples]
    later = rss[len(rss) // 4 :]
    print(f"RSS: peak {max(rss):.1f} MiB; from the first quarter of the run on between "
          f"{min(later):.1f} and {max(later):.1f} MiB")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=250_000)
    parser.add_argument("--pool", type=int, default=8)
    parser.add_argument("--partitions", type=int, default=6)
    parser.add_argument("--interval", type=float, default=5.0)
    parser.add_argument("--json", type=Path, help="write the key figures here (for lr bench)")
    parser.add_argument(
        "--profile", type=Path, help="run the service under pyinstrument, text report here"
    )
    # SIGTERM ends the run like Ctrl-C, so the service, the sink and the database are cleaned up.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    run(parser.parse_args())


if __name__ == "__main__":
    use_stack_client_env()  # the local broker as its admin (SASL_SSL when secured)
    main()
