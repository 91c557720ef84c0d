"""The erasure scanner finds a person's data in plain text and behind every key that still exists,
and finds nothing behind a destroyed key (docs/privacy.md, "Crypto-shredding")."""

from __future__ import annotations

import base64
import os
import uuid
from datetime import date

import asyncpg
import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from lr_shared.bsn import BsnCipher
from lr_shared.kafka import KafkaSecurity
from lr_shared.shredding import DataKey, KeyWrapper, seal
from lr_tools.privacy_scan import Keys, Needles, scan_database, scan_topics
from lr_tools.testing import StackEndpoints, service_database

pytestmark = pytest.mark.integration

NEEDLES = Needles("123456782", "Zwaantjes", date(1979, 3, 14), "h.zwaantjes@example.nl")
ELSE = {"achternaam": "Anders", "email": "a@example.nl"}
HERS = {"achternaam": "Zwaantjes", "email": "h.zwaantjes@example.nl"}
CONTEXT = "lr.registry.contacts.v1"


async def test_the_scanner_reads_through_live_keys_and_not_through_destroyed_ones(
    stack: StackEndpoints, kafka_bootstrap: str
) -> None:
    secret = base64.b64encode(os.urandom(32)).decode()
    wrapper = KeyWrapper.derived_from(secret)
    live, destroyed = DataKey.generate(), DataKey.generate()
    rows = [
        ("plain", "geboren 1979-03-14", None),
        ("sealed-live", seal(live, HERS, CONTEXT), None),
        ("sealed-destroyed", seal(destroyed, HERS, CONTEXT), None),
        ("bsn", "", BsnCipher.from_base64(secret).encrypt("123456782")),
        ("someone-else", seal(live, ELSE, CONTEXT), None),
    ]
    async with service_database(stack, None) as url:
        dsn = url.replace("postgresql+asyncpg://", "postgresql://")
        conn = await asyncpg.connect(dsn)
        await conn.execute(
            "create table data_keys (bsn_hash text primary key, key_id uuid, wrapped bytea);"
            "create table things (name text, body text, blob bytea)"
        )
        await conn.execute(
            "insert into data_keys values ('h', $1, $2)", live.key_id, wrapper.wrap(live)
        )
        await conn.executemany("insert into things values ($1, $2, $3)", rows)
        await conn.close()
        keys = await Keys.from_registry(dsn, secret)
        in_db = await scan_database(dsn, "scratch", NEEDLES, keys)

    security = KafkaSecurity.from_env()
    topic = f"test.privacy-scan.{uuid.uuid4().hex[:8]}"
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap, **security.client_options())
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, 2, 1)])
        producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, **security.client_options())
        await producer.start()
        try:
            for name, body, _ in rows[:3] + rows[4:]:
                await producer.send_and_wait(topic, body.encode(), key=name.encode())
        finally:
            await producer.stop()
        on_topic = await scan_topics(kafka_bootstrap, [topic], NEEDLES, keys, security)
    finally:
        await admin.delete_topics([topic])
        await admin.close()

    assert sorted((f.needles, f.decrypted) for f in in_db) == [
        (("achternaam", "email"), True),
        (("bsn",), True),
        (("geboortedatum",), False),
    ]
    assert sorted((f.needles, f.decrypted) for f in on_topic) == [
        (("achternaam", "email"), True),
        (("geboortedatum",), False),
    ]
