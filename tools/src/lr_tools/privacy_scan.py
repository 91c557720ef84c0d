"""Scan databases and topics for one person's data, decrypting with every key that still exists
(docs/privacy.md, "Crypto-shredding"): the proof an erasure reached everything.

A `Needles` is what identifies her (BSN, surname, birth date, e-mail). The scan reads every table
of the given databases as the administrator, and every record of the given topics from the
beginning (keys, values, headers) as the tooling's admin principal. Besides plain text it tries:
- BSN ciphertexts (bytea) with each BSN encryption key it is given;
- sealed values (`lrs1.<key id>.<...>`) with every data key still in the registry's `data_keys`
  table (unwrapped with the registry's key-encryption key), in the context of every topic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

import asyncpg
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from lr_shared.bsn import BsnCipher
from lr_shared.contracts.topics import TOPICS
from lr_shared.kafka import KafkaSecurity
from lr_shared.shredding import DataKey, KeyWrapper, unseal

SEALED = re.compile(r"lrs1\.[0-9a-f]{32}\.[A-Za-z0-9_-]+")


@dataclass(frozen=True)
class Needles:
    bsn: str
    achternaam: str
    geboortedatum: date
    email: str | None = None

    def found_in(self, text: str) -> list[str]:
        lowered = text.lower()
        candidates = {
            "bsn": self.bsn,
            "achternaam": self.achternaam,
            "geboortedatum": self.geboortedatum.isoformat(),
            "geboortedatum-nl": self.geboortedatum.strftime("%d-%m-%Y"),
        }
        if self.email:
            candidates["email"] = self.email
        return sorted(name for name, value in candidates.items() if value.lower() in lowered)


@dataclass(frozen=True)
class Finding:
    where: str  # "db:<database>.<table>" or "topic:<name>/<partition>@<offset>"
    needles: tuple[str, ...]
    decrypted: bool  # found only after decrypting with a key that still exists


@dataclass
class Keys:
    """Every key the scan may decrypt with."""

    data_keys: dict[UUID, DataKey]
    bsn_ciphers: Sequence[BsnCipher] = ()

    @classmethod
    async def from_registry(
        cls, registry_dsn: str, bsn_encryption_key: str, extra_bsn_keys: Iterable[str] = ()
    ) -> Keys:
        wrapper = KeyWrapper.derived_from(bsn_encryption_key)
        conn = await asyncpg.connect(registry_dsn)
        try:
            rows = await conn.fetch("select key_id, wrapped from data_keys")
        finally:
            await conn.close()
        keys = {r["key_id"]: wrapper.unwrap(r["key_id"], bytes(r["wrapped"])) for r in rows}
        ciphers = [BsnCipher.from_base64(k) for k in (bsn_encryption_key, *extra_bsn_keys)]
        return cls(keys, ciphers)


def _contexts() -> list[str]:
    return [t.name for t in TOPICS]


def _decrypted_texts(text: str, keys: Keys) -> list[str]:
    out: list[str] = []
    for sealed in SEALED.findall(text):
        for context in _contexts():
            try:
                out.append(str(unseal(keys.data_keys, sealed, context)))
                break
            except Exception:  # noqa: S112 - a destroyed key or another context
                continue
    return out


def _bsn_plain(value: bytes, keys: Keys) -> list[str]:
    out = []
    for cipher in keys.bsn_ciphers:
        try:
            out.append(cipher.decrypt(value))
        except Exception:  # noqa: S112 - not a BSN ciphertext of this key
            continue
    return out


def _scan_text(
    where: str, text: str, needles: Needles, keys: Keys, *, decrypted: bool = False
) -> list[Finding]:
    findings = []
    plain = needles.found_in(text)
    if plain:
        findings.append(Finding(where, tuple(plain), decrypted=decrypted))
    for opened in _decrypted_texts(text, keys):
        hidden = needles.found_in(opened)
        if hidden:
            findings.append(Finding(where, tuple(hidden), decrypted=True))
    return findings


def _as_text(value: Any) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("utf-8", errors="replace")
    return str(value)


async def scan_database(dsn: str, name: str, needles: Needles, keys: Keys) -> list[Finding]:
    """Every row of every table in schema public (alembic's own table included)."""
    conn = await asyncpg.connect(dsn)
    findings: list[Finding] = []
    try:
        tables = await conn.fetch(
            "select tablename from pg_tables where schemaname = 'public' order by tablename"
        )
        for (table,) in tables:
            where = f"db:{name}.{table}"
            async with conn.transaction():
                async for row in conn.cursor(f'select * from public."{table}"'):  # noqa: S608
                    for value in row.values():
                        if value is None:
                            continue
                        findings += _scan_text(where, _as_text(value), needles, keys)
                        if isinstance(value, bytes):
                            for bsn in _bsn_plain(value, keys):
                                findings += _scan_text(where, bsn, needles, keys, decrypted=True)
    finally:
        await conn.close()
    return findings


async def scan_topics(
    bootstrap: str, topics: Sequence[str], needles: Needles, keys: Keys, security: KafkaSecurity
) -> list[Finding]:
    """Every record of `topics` from the beginning to their current end."""
    partitions = await _partitions(bootstrap, topics, security)
    if not partitions:
        return []
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        **security.client_options(),
    )
    await consumer.start()
    findings: list[Finding] = []
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        left = {tp for tp in partitions if ends[tp] > 0}
        while left:
            batch = await consumer.getmany(*left, timeout_ms=2000)
            for tp, records in batch.items():
                for r in records:
                    where = f"topic:{tp.topic}/{tp.partition}@{r.offset}"
                    parts = [r.key or b"", r.value or b""] + [v for _, v in r.headers]
                    for part in parts:
                        findings += _scan_text(where, _as_text(part), needles, keys)
            for tp in list(left):
                if await consumer.position(tp) >= ends[tp]:
                    left.discard(tp)
    finally:
        await consumer.stop()
    return findings


async def _partitions(
    bootstrap: str, topics: Sequence[str], security: KafkaSecurity
) -> list[TopicPartition]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **security.client_options())
    await admin.start()
    try:
        described = await admin.describe_topics(list(topics))
    finally:
        await admin.close()
    return [
        TopicPartition(t["topic"], p["partition"])
        for t in described
        if not t.get("error_code")
        for p in t["partitions"]
    ]
