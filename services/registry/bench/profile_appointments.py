"""Profile the appointments batch handler in-process (not a test): decode -> domain -> SQL ->
outbox, on a fresh database, without Kafka or the relay.

    uv run python services/registry/bench/profile_appointments.py --total 50000 --batch 5000
    uv run python services/registry/bench/profile_appointments.py --profile   # pyinstrument

Prints wall and CPU time (time.process_time of this process) per phase and the load average;
a second pass redelivers the same appointments under new message ids (all known teachers).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
from aiokafka import ConsumerRecord
from opentelemetry import trace
from pydantic import SecretStr

sys.path.insert(0, str(Path(__file__).parent))

import bench_registry as bench

from lr_registry.application.appointments import IncomingAppointment
from lr_registry.bootstrap import bootstrap
from lr_registry.entrypoints.app import MIGRATIONS
from lr_registry.settings import Settings
from lr_shared.auth import generate_dev_keys
from lr_shared.bsn import keyed_hash
from lr_shared.cloudevents import CloudEvent, encode, event_type, source
from lr_shared.consumers import Event, split
from lr_shared.contracts.intake import AppointmentV1
from lr_shared.db import run_migrations
from lr_shared.runtime import tune_garbage_collection
from lr_tools.bench.scaling import appointments
from lr_tools.stack.kafka import use_stack_client_env

SQL: dict[str, list[float]] = {}


def instrument_sql() -> None:
    """Time every asyncpg call by statement (wall, and CPU of this process: wall - CPU is
    roughly the database's share when the machine is not saturated)."""
    import asyncpg

    def wrap(name: str) -> None:
        original = getattr(asyncpg.connection.Connection, name)

        async def timed(self: Any, *args: Any, **kwargs: Any) -> Any:
            first = args[0] if args and isinstance(args[0], str) else name
            label = " ".join(first.split())[:70]
            w, c = time.perf_counter(), time.process_time()
            try:
                return await original(self, *args, **kwargs)
            finally:
                entry = SQL.setdefault(label, [0.0, 0.0, 0])
                entry[0] += time.perf_counter() - w
                entry[1] += time.process_time() - c
                entry[2] += 1

        setattr(asyncpg.connection.Connection, name, timed)

    for name in ("fetch", "execute", "fetchval", "fetchrow", "copy_records_to_table"):
        wrap(name)


def print_sql(total: int) -> None:
    for label, (wall, cpu, calls) in sorted(SQL.items(), key=lambda kv: -kv[1][0]):
        print(
            f"  {wall / total * 1e6:6.1f} us wall {cpu / total * 1e6:6.1f} us cpu "
            f"{calls:5d} calls  {label}"
        )
    SQL.clear()


def records(total: int) -> list[ConsumerRecord]:
    kind, origin = event_type("intake", "appointment-accepted"), source("intake")
    out = []
    for offset, item in enumerate(appointments(total)):
        value, headers = encode(CloudEvent(type=kind, source=origin, data=item))
        key = keyed_hash(item.bsn, bench.HASH_KEY.encode()).encode()
        out.append(
            ConsumerRecord("t", 0, offset, 0, 0, key, value, None, len(key), len(value), headers)
        )
    return out


async def run(total: int, batch_size: int, profile: bool, sql: bool) -> None:
    if sql:
        instrument_sql()
    database = await bench.fresh_database("profile")
    keys = Path(tempfile.mkdtemp(prefix="lr-registry-profile-"))
    generate_dev_keys(keys)
    settings = Settings(
        environment="test",
        database_url=bench.dsn(database, driver=True),
        kafka_bootstrap_servers=bench.KAFKA,
        jwks_file=keys / "jwks.json",
        register_signing_key_file=keys / "registry-signing-key.pem",
        bsn_hash_key=SecretStr(bench.HASH_KEY),
        bsn_encryption_key=SecretStr(bench.ENCRYPTION_KEY),
        log_level="WARNING",
    )
    try:
        await run_migrations(MIGRATIONS, settings.database_url)
        container = bootstrap(settings)
        tracer = trace.get_tracer(__name__)
        raw = records(total)
        tune_garbage_collection()  # as the service does at start (lr_shared.runtime.create_app)
        profiler: Any = None
        if profile:
            from pyinstrument import Profiler

            profiler = Profiler(async_mode="enabled")
        for label in ("first delivery", "redelivery, new ids"):
            if label.startswith("redelivery"):
                raw = [_new_id(r) for r in raw]
            t = {"decode": [0.0, 0.0], "handle": [0.0, 0.0]}
            load = os.getloadavg()[0]
            if profiler is not None:
                profiler.start()
            w0, c0 = time.perf_counter(), time.process_time()
            for start in range(0, len(raw), batch_size):
                chunk = raw[start : start + batch_size]
                w, c = time.perf_counter(), time.process_time()
                items, rejected = split(chunk, AppointmentV1, tombstones=False)
                assert not rejected, rejected[:1]
                batch = [IncomingAppointment(i.id, i.data) for i in items if isinstance(i, Event)]
                t["decode"][0] += time.perf_counter() - w
                t["decode"][1] += time.process_time() - c
                w, c = time.perf_counter(), time.process_time()
                # As in production: the consumer handles a batch inside a span.
                with tracer.start_as_current_span("profile"):
                    await container.apply_appointments(batch, datetime.now(UTC))
                t["handle"][0] += time.perf_counter() - w
                t["handle"][1] += time.process_time() - c
            wall, cpu = time.perf_counter() - w0, time.process_time() - c0
            if profiler is not None:
                profiler.stop()
            if sql:
                print_sql(len(raw))
            print(
                f"{label}: {len(raw)} appointments, batch {batch_size}: "
                f"{len(raw) / wall:,.0f}/s wall {wall:.2f}s cpu {cpu:.2f}s "
                f"({cpu / len(raw) * 1e6:.0f} us/appointment); "
                + ", ".join(
                    f"{k} wall {v[0]:.2f}s cpu {v[1]:.2f}s ({v[1] / len(raw) * 1e6:.0f} us)"
                    for k, v in t.items()
                )
                + f"; load {load:.2f} -> {os.getloadavg()[0]:.2f}",
                flush=True,
            )
        conn = await asyncpg.connect(bench.dsn(database, driver=False))
        counts = {
            table: await conn.fetchval(f"select count(*) from {table}")  # noqa: S608
            for table in ("teachers", "registrations", "appointments", "history", "outbox")
        }
        await conn.close()
        print(counts)
        if profiler is not None:
            profiler.print(show_all=False)
        await container.platform.engine.dispose()
    finally:
        await bench.drop_database(database)


def _new_id(record: ConsumerRecord) -> ConsumerRecord:
    import uuid

    headers: Sequence[tuple[str, bytes]] = [
        (n, str(uuid.uuid4()).encode() if n == "ce_id" else v) for n, v in record.headers
    ]
    return ConsumerRecord(
        record.topic,
        record.partition,
        record.offset,
        record.timestamp,
        record.timestamp_type,
        record.key,
        record.value,
        record.checksum,
        record.serialized_key_size,
        record.serialized_value_size,
        list(headers),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--total", type=int, default=50_000)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sql", action="store_true", help="time each SQL statement")
    args = parser.parse_args()
    asyncio.run(run(args.total, args.batch, args.profile, args.sql))


if __name__ == "__main__":
    use_stack_client_env()  # the local broker as its admin (SASL_SSL when secured)
    main()
