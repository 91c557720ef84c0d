"""Benchmark: provider attendance reports applied per second, progress updated.

    uv run python services/portfolio/bench/bench_portfolio.py --reports 100000 --teachers 20000

1. a fresh database and fresh topics; the shipped catalogue is loaded;
2. the portfolio runs (in this process) and takes in the teachers' registrations; it stops;
3. N attendance reports are produced to the attendance topic (not timed);
4. the portfolio starts again; the clock runs from its start until every report is applied
   (activities in the database, progress rows and outbox messages written in the same
   transactions); then until the outbox relay has published every progress message.
Figures, the machine (cores, CPU model) and the peak RSS of this process are printed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import time
import uuid
from collections.abc import Awaitable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from tempfile import mkdtemp

import asyncpg
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from asgi_lifespan import LifespanManager
from pydantic import BaseModel

from lr_portfolio.adapters import catalogue_csv
from lr_portfolio.application import catalogue
from lr_portfolio.entrypoints.app import create_app
from lr_portfolio.settings import Settings
from lr_shared.auth import (
    DEV_IDP_ISSUER,
    DEV_IDP_KEY_FILE,
    DEV_IDP_KID,
    generate_dev_keys,
    mint_token,
)
from lr_shared.cloudevents import CloudEvent, encode
from lr_shared.contracts.portfolio import AttendanceV1
from lr_shared.contracts.registry import RegistrationV1
from lr_shared.contracts.topics import (
    PORTFOLIO_ATTENDANCE,
    PORTFOLIO_PROGRESS,
    PRIVACY_ERASURE_REQUESTS,
    REGISTRY_REGISTRATIONS,
)
from lr_shared.kafka import client_options
from lr_shared.signed import sender_header
from lr_tools.bench.figures import record
from lr_tools.bench.machine import describe
from lr_tools.stack.kafka import use_stack_client_env
from lr_tools.stack.topics import delete_topics

CATALOGUE = Path(__file__).resolve().parents[1] / "data" / "catalogue.csv"


async def create_database(admin_url: str) -> str:
    name = f"bench_{uuid.uuid4().hex[:10]}"
    connection = await asyncpg.connect(admin_url)
    try:
        await connection.execute(f'create database "{name}"')
    finally:
        await connection.close()
    return name


async def create_topics(bootstrap: str, suffix: str, partitions: int) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **client_options())
    await admin.start()
    try:
        topics = (REGISTRY_REGISTRATIONS, PORTFOLIO_ATTENDANCE, PORTFOLIO_PROGRESS)
        new = [
            NewTopic(f"{t.name}{suffix}", partitions, 1, topic_configs=t.config()) for t in topics
        ]
        new += [NewTopic(f"{t.name}{suffix}.dlq", 1, 1) for t in topics]
        new.append(NewTopic(f"{PRIVACY_ERASURE_REQUESTS.name}{suffix}", 1, 1))
        await admin.create_topics(new)
    finally:
        await admin.close()


async def produce(
    bootstrap: str,
    topic: str,
    messages: list[tuple[str, CloudEvent]],  # type: ignore[type-arg]
    tokens: dict[str, str] | None = None,
) -> float:
    """Send the events; attendance signed with its provider's token from `tokens`, as a
    provider signs its records (`lr_shared.signed`)."""
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        linger_ms=20,
        max_batch_size=512 * 1024,
        acks=1,
        **client_options(),
    )
    await producer.start()
    started = time.perf_counter()
    try:
        futures = []
        for key, event in messages:
            value, headers = encode(event)
            if tokens is not None and isinstance(event.data, AttendanceV1):
                headers.append(sender_header(tokens[event.data.provider_id]))
            futures.append(await producer.send(topic, value, key=key.encode(), headers=headers))
        await asyncio.gather(*futures)
    finally:
        await producer.stop()
    return time.perf_counter() - started


def provider_token(keys: Path, provider_id: str) -> str:
    """A provider's token of the development IdP, valid longer than the bench runs."""
    return mint_token(
        (keys / DEV_IDP_KEY_FILE).read_bytes(),
        kid=DEV_IDP_KID,
        issuer=DEV_IDP_ISSUER,
        subject=provider_id,
        kind="provider",
        ttl=timedelta(hours=6),
    )


def event(data: BaseModel) -> CloudEvent[BaseModel]:
    return CloudEvent(type="nl.lerarenregister.bench.event", source="urn:bench", data=data)


async def wait_for(probe, timeout: float) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if await probe():
            return time.perf_counter() - started
        await asyncio.sleep(0.1)
    raise TimeoutError("benchmark did not finish in time")


async def main(args: argparse.Namespace) -> None:
    rng = random.Random(7)  # noqa: S311 - benchmark data
    database = await create_database(args.postgres)
    dsn = f"{args.postgres.rsplit('/', 1)[0]}/{database}"
    suffix = f".bench{uuid.uuid4().hex[:8]}"
    await create_topics(args.kafka, suffix, args.partitions)
    keys = Path(mkdtemp())
    generate_dev_keys(keys)
    settings = Settings(
        environment="test",
        database_url=dsn.replace("postgresql://", "postgresql+asyncpg://"),
        kafka_bootstrap_servers=args.kafka,
        topic_suffix=suffix,
        jwks_file=keys / "jwks.json",
        attendance_batch_size=args.batch,
        attendance_consumers=args.consumers,
        log_level="WARNING",
    )
    entries = catalogue_csv.read(CATALOGUE)
    numbers = [f"LR{n:08d}" for n in rng.sample(range(10_000_000, 99_999_999), args.teachers)]
    start = date(2024, 8, 1)
    registrations = [
        (
            n,
            event(
                RegistrationV1(
                    registration_number=n,
                    state="registered",
                    voorletters="A.",
                    achternaam="B",
                    qualified=True,
                    period_start=start,
                    period_end=date(2028, 7, 31),
                    sectors=["PO"],
                    updated_at=datetime.now(UTC),
                )
            ),
        )
        for n in numbers
    ]
    await produce(args.kafka, settings.topic(REGISTRY_REGISTRATIONS.name), registrations)
    connection = await asyncpg.connect(dsn)

    async def count(query: str) -> int:
        return int(await connection.fetchval(query))

    app = create_app(settings)
    async with LifespanManager(app, startup_timeout=120, shutdown_timeout=120):
        await catalogue.load(app.state.container.uow, entries)
        took = await wait_for(
            lambda: _equals(count("select count(*) from registrations"), args.teachers), 300
        )
        print(f"registrations: {args.teachers} taken in, {took:.1f} s")

    reports, expected = [], Decimal(0)
    for i in range(args.reports):
        entry = rng.choice(entries)
        number = rng.choice(numbers)
        expected += entry.register_hours
        reports.append(
            (
                number,
                event(
                    AttendanceV1(
                        attendance_id=f"BENCH-{i:09d}",
                        provider_id=entry.provider_id,
                        activity_code=entry.activity_code,
                        registration_number=number,
                        attended_on=start + timedelta(days=rng.randint(0, 900)),
                    )
                ),
            )
        )
    tokens = {e.provider_id: provider_token(keys, e.provider_id) for e in entries}
    produced = await produce(args.kafka, settings.topic(PORTFOLIO_ATTENDANCE.name), reports, tokens)
    print(f"produced {args.reports} attendance reports in {produced:.1f} s (not timed)")

    app = create_app(settings)
    profiler = _profiler(args.profile)
    load = os.getloadavg()
    cpu_before = _cpu_seconds()
    started = time.perf_counter()
    async with LifespanManager(app, startup_timeout=120, shutdown_timeout=120):
        up = time.perf_counter() - started
        applied = await wait_for(
            lambda: _equals(count("select count(*) from activities"), args.reports), 900
        )
        applied += up
        cpu = _cpu_seconds() - cpu_before
        drained = await wait_for(lambda: _equals(count("select count(*) from outbox"), 0), 900)
        if profiler is not None:
            profiler.stop()
            report = profiler.output_text(show_all=False, timeline=False)
            Path(args.profile).write_text(report)  # noqa: ASYNC240 - once, after the timing
    total = await connection.fetchval("select sum(total_hours) from progress")
    messages = await count("select count(*) from progress")
    await connection.close()
    rate = args.reports / applied
    print(f"applied {args.reports} reports in {applied:.2f} s (startup {up:.2f} s): {rate:,.0f}/s")
    print(f"outbox relay drained {drained:.2f} s later")
    print(f"progress consistent: {total == expected} (sum of hours {total} vs {expected})")
    print(f"progress rows {messages}; batch size {args.batch}; partitions {args.partitions}")
    per_report = cpu / args.reports * 1e6
    print(
        f"CPU of this process while applying: {cpu:.2f} s = {per_report:.0f} us per report "
        f"(~{1e6 / per_report:,.0f}/s per core for the service, relay included)"
    )
    print(f"load average at the start: {load[0]:.2f} (other work on the machine skews the figures)")
    record(
        args.json,
        reports=args.reports,
        applied_s=round(applied, 2),
        reports_per_s=round(rate),
        cpu_us_per_report=round(per_report, 1),
        consistent=total == expected,
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"machine: {describe()}; peak RSS of this process {rss:.0f} MiB")
    if args.keep:
        print(f"database {database} and topics *{suffix} are left for inspection")
        return
    admin = await asyncpg.connect(args.postgres)
    try:
        await admin.execute(f'drop database "{database}" with (force)')
    finally:
        await admin.close()
    await delete_topics(args.kafka, suffix=suffix)


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _profiler(target: str | None):  # type: ignore[no-untyped-def]
    if not target:
        return None
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001)
    profiler.start()
    return profiler


async def _equals(value: Awaitable[object], wanted: int) -> bool:
    return await value == wanted


if __name__ == "__main__":
    use_stack_client_env()  # the local broker as its admin (SASL_SSL when secured)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--teachers", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--partitions", type=int, default=6)
    parser.add_argument("--consumers", type=int, default=2, help="attendance consumers")
    parser.add_argument("--profile", help="write a pyinstrument profile of the timed part here")
    parser.add_argument("--json", type=Path, help="write the key figures here (for lr bench)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--kafka", default="127.0.0.1:19092")
    parser.add_argument("--postgres", default="postgresql://lr:lr@127.0.0.1:55432/postgres")
    asyncio.run(main(parser.parse_args()))
