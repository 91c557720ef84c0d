"""Part 3: the consumer a user would otherwise write. FastStream, one Kafka message per row, and
per message an SQLAlchemy ORM session that adds one Appointment and commits. It only stores the
rows (no validation, no registry, no mail), so it flatters the peer."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

import asyncpg
from aiokafka import AIOKafkaProducer
from faststream.kafka import KafkaBroker
from sqlalchemy import String
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from lr_intake.domain.columns import COLUMNS
from lr_shared.kafka import KafkaSecurity
from lr_tools.bench.raw import create_topic, delete_topics
from lr_tools.bench.report import throughput


class Base(DeclarativeBase):
    pass


class Appointment(Base):
    __tablename__ = "appointments"

    id: Mapped[int] = mapped_column(primary_key=True)
    bevoegd_gezag: Mapped[str] = mapped_column(String(5))
    bsn: Mapped[str] = mapped_column(String(9))
    achternaam: Mapped[str]
    tussenvoegsel: Mapped[str]
    voorletters: Mapped[str]
    geslacht: Mapped[str]
    geboortedatum: Mapped[str]
    email: Mapped[str]
    brin: Mapped[str]
    brin_volgnummer: Mapped[str]
    functie: Mapped[str]
    benoemingsgrondslag: Mapped[str]
    onderwijsterrein: Mapped[str]
    benoeming_begindatum: Mapped[str]
    benoeming_einddatum: Mapped[str]
    dienstverband_begindatum: Mapped[str]
    dienstverband_einddatum: Mapped[str]


@dataclass
class PeerRun:
    rows: int
    seconds: float  # from the broker's start to the last commit
    first_to_last_s: float

    def to_json(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "seconds": round(self.seconds, 2),
            "first_to_last_s": round(self.first_to_last_s, 2),
            "rows_per_second": round(throughput(self.rows, self.seconds) or 0),
            "how": "FastStream KafkaBroker subscriber, one message per row, one ORM session "
            "and commit per row; timed from broker start to the last commit",
        }


async def _produce(rows: list[dict[str, str]], bootstrap: str, topic: str) -> None:
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        linger_ms=20,
        acks=1,
        **KafkaSecurity.from_env().client_options(),
    )
    await producer.start()
    try:
        futures = [
            await producer.send(topic, json.dumps(row).encode(), key=row["bsn"].encode())
            for row in rows
        ]
        await asyncio.gather(*futures)
    finally:
        await producer.stop()


async def run_peer(
    rows: list[list[str]], *, bootstrap: str, admin_url: str, timeout: float = 1800.0
) -> PeerRun:
    records = [dict(zip(COLUMNS, (r + [""] * len(COLUMNS))[: len(COLUMNS)], strict=True))
               for r in rows]  # fmt: skip
    topic = f"lr.bench.peer.{uuid.uuid4().hex[:8]}"
    database = f"bench_peer_{uuid.uuid4().hex[:8]}"
    await create_topic(bootstrap, topic)
    await _produce(records, bootstrap, topic)
    admin = await asyncpg.connect(admin_url)
    await admin.execute(f'create database "{database}"')
    url = f"{admin_url.rsplit('/', 1)[0]}/{database}".replace(
        "postgresql://", "postgresql+asyncpg://", 1
    )
    engine = create_async_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(Base.metadata.create_all)
        sessions = async_sessionmaker(engine, expire_on_commit=False)
        broker = KafkaBroker(bootstrap, logger=None, security=KafkaSecurity.from_env().faststream())
        done = asyncio.Event()
        seen = {"count": 0, "first": 0.0}

        @broker.subscriber(topic, group_id=f"peer-{uuid.uuid4().hex[:8]}",
                           auto_offset_reset="earliest")  # fmt: skip
        async def handle(body: dict[str, str]) -> None:
            async with sessions() as session:
                session.add(Appointment(**body))
                await session.commit()
            if not seen["count"]:
                seen["first"] = time.perf_counter()
            seen["count"] += 1
            if seen["count"] >= len(records):
                done.set()

        started = time.perf_counter()
        await broker.start()
        try:
            await asyncio.wait_for(done.wait(), timeout)
        finally:
            finished = time.perf_counter()
            await broker.stop()
        return PeerRun(len(records), finished - started, finished - seen["first"])
    finally:
        await engine.dispose()
        await admin.execute(f'drop database if exists "{database}" with (force)')
        await admin.close()
        await delete_topics(bootstrap, [topic])
