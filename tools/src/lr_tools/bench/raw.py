"""Part 2: the raw limit on the national delivery's own bytes. The standard library's csv module
parses every file, a tuned idempotent producer sends every row to a fresh topic, and asyncpg
COPYs every row into a fresh table. The three run one after the other; the limit is their sum."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import time
import uuid
import zlib
from dataclasses import dataclass
from typing import Any

import asyncpg
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from lr_intake.domain.columns import COLUMNS
from lr_shared.kafka import client_options
from lr_tools.bench.report import raw_limit, throughput

PARTITIONS = 6


@dataclass
class RawRun:
    rows: int
    parse_s: float
    produce_s: float
    copy_s: float

    @property
    def limit_s(self) -> float:
        return raw_limit(self.parse_s, self.produce_s, self.copy_s)

    def to_json(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "parse_s": round(self.parse_s, 2),
            "produce_s": round(self.produce_s, 2),
            "copy_s": round(self.copy_s, 2),
            "limit_s": round(self.limit_s, 2),
            "rows_per_second": round(throughput(self.rows, self.limit_s) or 0),
            "how": "sequential: parse, then produce, then COPY; the limit is the sum",
        }


def parse(bodies: list[bytes]) -> list[list[str]]:
    """Every data row of every file (`;` or `,`, BOM, CRLF as the boards sent them)."""
    rows: list[list[str]] = []
    for body in bodies:
        text = body.decode("utf-8-sig")
        header = text[: text.find("\n")]
        delimiter = ";" if header.count(";") > header.count(",") else ","
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        next(reader, None)
        rows.extend(reader)
    return rows


async def produce(rows: list[list[str]], bootstrap: str, topic: str) -> None:
    """Ready-made record batches per partition (the way the platform's relay sends), keyed by
    BSN; zlib's crc32 picks the partition (C speed, unlike the client's murmur2)."""
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        enable_idempotence=True,
        acks="all",
        linger_ms=20,
        max_batch_size=1024 * 1024,
        max_request_size=4 * 1024 * 1024,
        **client_options(),
    )
    await producer.start()
    try:
        futures: list[asyncio.Future[Any]] = []
        batches = {p: producer.create_batch() for p in range(PARTITIONS)}
        for row in rows:
            key = row[1].encode()
            value = json.dumps(row, ensure_ascii=False).encode()
            partition = zlib.crc32(key) % PARTITIONS
            if batches[partition].append(key=key, value=value, timestamp=None) is None:
                futures.append(
                    await producer.send_batch(batches[partition], topic, partition=partition)
                )
                batches[partition] = producer.create_batch()
                batches[partition].append(key=key, value=value, timestamp=None)
        for partition, batch in batches.items():
            futures.append(await producer.send_batch(batch, topic, partition=partition))
        await asyncio.gather(*futures)
    finally:
        await producer.stop()


async def create_topic(bootstrap: str, topic: str) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **client_options())
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, PARTITIONS, 1)])
    finally:
        await admin.close()


async def delete_topics(bootstrap: str, names: list[str]) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **client_options())
    await admin.start()
    try:
        await admin.delete_topics(names)
    finally:
        await admin.close()


async def copy(rows: list[list[str]], admin_url: str) -> float:
    """Seconds for the COPY alone, into a logged table of a fresh database."""
    database = f"bench_raw_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(admin_url)
    await admin.execute(f'create database "{database}"')
    try:
        connection = await asyncpg.connect(f"{admin_url.rsplit('/', 1)[0]}/{database}")
        try:
            columns = ", ".join(f"{c} text" for c in COLUMNS)
            await connection.execute(f"create table raw_rows ({columns})")
            width = len(COLUMNS)
            records = [r if len(r) == width else (r + [""] * width)[:width] for r in rows]
            started = time.perf_counter()
            await connection.copy_records_to_table("raw_rows", records=records, columns=COLUMNS)
            return time.perf_counter() - started
        finally:
            await connection.close()
    finally:
        await admin.execute(f'drop database if exists "{database}" with (force)')
        await admin.close()


async def run_raw(bodies: list[bytes], *, bootstrap: str, admin_url: str) -> RawRun:
    started = time.perf_counter()
    rows = parse(bodies)
    parse_s = time.perf_counter() - started

    topic = f"lr.bench.raw.{uuid.uuid4().hex[:8]}"
    await create_topic(bootstrap, topic)
    started = time.perf_counter()
    await produce(rows, bootstrap, topic)
    produce_s = time.perf_counter() - started
    await delete_topics(bootstrap, [topic])

    copy_s = await copy(rows, admin_url)
    return RawRun(len(rows), parse_s, produce_s, copy_s)
