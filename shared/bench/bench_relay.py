"""Outbox relay benchmark (not a test): how fast one relay empties an outbox of N messages.

    uv run python shared/bench/bench_relay.py [--messages 200000] [--bundle N] [--profile]

Fills a fresh database's outbox with appointment-sized records (about 700-byte values, the seven
CloudEvents headers of intake's appointments), one a row or in bundles of N (as intake writes
them), then runs `OutboxRelay.drain` until the
outbox is empty, publishing to a fresh 6-partition topic on the native stack's broker. Prints
messages/s and the relay's CPU per message; `--profile` adds a cProfile listing.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import time
import uuid

import asyncpg
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from sqlalchemy import MetaData
from sqlalchemy.dialects.postgresql.base import PGDialect
from sqlalchemy.schema import CreateTable

from lr_shared.db import create_engine
from lr_shared.kafka import client_options, create_producer
from lr_shared.outbox import OutboxRelay, OutboxRow, bundle, copy_into_outbox, outbox_table
from lr_shared.runtime import tune_garbage_collection
from lr_shared.settings import OUTBOX_BATCH_SIZE
from lr_tools.bench.machine import describe
from lr_tools.stack.kafka import use_stack_client_env
from lr_tools.stack.topics import delete_topics

KAFKA = os.environ.get("LR_BENCH_KAFKA", "127.0.0.1:19092")
ADMIN_DSN = os.environ.get("LR_BENCH_DSN", "postgresql://lr:lr@127.0.0.1:55432/postgres")


VALUE = b'{"x":"' + b"a" * 680 + b'"}'


def headers(ce_id: str | None) -> list[tuple[str, str | None]]:
    return [
        ("ce_specversion", "1.0"),
        ("ce_id", ce_id),
        ("ce_source", "urn:nl:lerarenregister:intake"),
        ("ce_type", "nl.lerarenregister.intake.appointment-accepted"),
        ("ce_time", "2026-11-22T18:00:00.000000+00:00"),
        ("content-type", "application/json"),
        ("traceparent", f"00-{uuid.uuid4().hex}-{uuid.uuid4().hex[:16]}-01"),
    ]


def rows(count: int, topic: str) -> list[OutboxRow]:
    return [
        OutboxRow(topic, f"{i:064x}".encode(), VALUE, json.dumps(headers(str(uuid.uuid4()))))
        for i in range(count)
    ]


def bundles(count: int, size: int, topic: str) -> list[OutboxRow]:
    records = [(f"{i:064x}".encode(), VALUE, str(uuid.uuid4()).encode()) for i in range(count)]
    return [bundle(topic, headers(None), records[i : i + size]) for i in range(0, count, size)]


async def main(count: int, batch: int, bundle_size: int, profile: bool) -> None:
    database = f"bench_relay_{uuid.uuid4().hex[:8]}"
    topic = f"bench.relay.{uuid.uuid4().hex[:8]}"
    admin_conn = await asyncpg.connect(ADMIN_DSN)
    await admin_conn.execute(f'create database "{database}"')
    dsn = ADMIN_DSN.rsplit("/", 1)[0] + f"/{database}"
    admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA, **client_options())
    await admin.start()
    await admin.create_topics([NewTopic(topic, 6, 1)])
    await admin.close()
    try:
        conn = await asyncpg.connect(dsn)
        table = outbox_table(MetaData())
        await conn.execute(str(CreateTable(table).compile(dialect=PGDialect())))  # type: ignore[no-untyped-call]
        await conn.execute("alter table outbox alter column value set storage external")
        await copy_into_outbox(
            conn, bundles(count, bundle_size, topic) if bundle_size else rows(count, topic)
        )
        await conn.execute("analyze outbox")
        await conn.close()
        tune_garbage_collection()
        engine = create_engine(dsn.replace("postgresql://", "postgresql+asyncpg://"))
        producer = create_producer(KAFKA, client_id="bench-relay")
        await producer.start()
        relay = OutboxRelay(engine, producer, lock_id=1, batch_size=batch)
        await producer.partitions_for(topic)  # metadata warm
        profiler = cProfile.Profile() if profile else None
        wall, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        sent = await relay.drain()
        if profiler:
            profiler.disable()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        await producer.stop()
        await engine.dispose()
        print(f"machine: {describe()}; load {os.getloadavg()[0]:.2f}")
        print(
            f"relayed {sent:,} messages (batch {batch}, bundles of {bundle_size or 1}) "
            f"in {wall:.2f} s: {sent / wall:,.0f}/s; "
            f"relay CPU {cpu:.2f} s ({cpu / sent * 1e6:.1f} us per message)"
        )
        if profiler:
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    finally:
        conn = await asyncpg.connect(ADMIN_DSN)
        await conn.execute(f'drop database if exists "{database}" with (force)')
        await conn.close()
        await delete_topics(KAFKA, suffix=topic.removeprefix("bench.relay"))


if __name__ == "__main__":
    use_stack_client_env()  # the local broker as its admin (SASL_SSL when secured)
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=OUTBOX_BATCH_SIZE)
    parser.add_argument("--bundle", type=int, default=0, help="records a bundle (0: none)")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    asyncio.run(main(args.messages, args.batch, args.bundle, args.profile))
