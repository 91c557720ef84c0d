"""Crypto-shredding's cost (not a test; docs/privacy.md, "Crypto-shredding").

    uv run python services/registry/bench/bench_shredding.py crypto [--teachers 250000]
    uv run python services/registry/bench/bench_shredding.py keys [--teachers 250000] [--batch 1000]

`crypto`: CPU per row of sealing and unsealing a national delivery's personal fields (the
appointment's BSN, names, birth date, e-mail; the contact's names and e-mail) and of creating
and wrapping one data key per teacher, in this process, no I/O.
`keys`: the registry's key table on the local stack's PostgreSQL (a scratch database): one
`keys_for` round trip per batch for new teachers, again for known ones, one `keys_by_id`, and
what the same keys would cost at one round trip per row.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import time
import uuid
from typing import Any

from lr_shared.shredding import DataKey, KeyWrapper, seal, unseal

APPOINTMENT = "lr.intake.appointments.v2"
CONTACT = "lr.registry.contacts.v2"


def _fields(i: int) -> tuple[dict[str, str | None], dict[str, str | None]]:
    appointment: dict[str, str | None] = {
        "bsn": f"{i:09d}",
        "achternaam": f"Achternaam{i}",
        "tussenvoegsel": "van der",
        "voorletters": "J.P.",
        "geboortedatum": "1980-05-17",
        "email": f"leraar{i}@example.nl",
    }
    contact = {k: appointment[k] for k in ("achternaam", "tussenvoegsel", "voorletters", "email")}
    return appointment, contact


def crypto(teachers: int) -> dict[str, float]:
    wrapper = KeyWrapper.derived_from(base64.b64encode(os.urandom(32)).decode())
    rows = [_fields(i) for i in range(teachers)]
    started = time.process_time()
    keys = [DataKey.generate() for _ in range(teachers)]
    wrapped = [wrapper.wrap(k) for k in keys]
    key_s = time.process_time() - started

    started = time.process_time()
    sealed = [
        (seal(k, a, APPOINTMENT), seal(k, c, CONTACT)) for k, (a, c) in zip(keys, rows, strict=True)
    ]
    seal_s = time.process_time() - started

    started = time.process_time()
    by_id = {k.key_id: wrapper.unwrap(k.key_id, w) for k, w in zip(keys, wrapped, strict=True)}
    for s_appointment, s_contact in sealed:
        unseal(by_id, s_appointment, APPOINTMENT)
        unseal(by_id, s_contact, CONTACT)
    unseal_s = time.process_time() - started
    return {
        "teachers": teachers,
        "keys_created_and_wrapped_cpu_s": round(key_s, 3),
        "sealed_both_records_cpu_s": round(seal_s, 3),
        "unwrapped_and_unsealed_both_cpu_s": round(unseal_s, 3),
        "per_teacher_us": round((key_s + seal_s + unseal_s) / teachers * 1e6, 1),
        "sealed_appointment_bytes": len(sealed[0][0]),
        "sealed_contact_bytes": len(sealed[0][1]),
    }


async def keys(teachers: int, batch: int) -> dict[str, Any]:
    import asyncpg

    from lr_registry.adapters.data_keys import SqlDataKeys
    from lr_tools.testing import NATIVE_POSTGRES

    admin = await asyncpg.connect(NATIVE_POSTGRES)
    name = f"bench_keys_{uuid.uuid4().hex[:8]}"
    await admin.execute(f"create database {name}")
    try:
        conn = await asyncpg.connect(NATIVE_POSTGRES.rsplit("/", 1)[0] + f"/{name}")
        await conn.execute(
            "create table data_keys (bsn_hash text primary key, key_id uuid not null unique, "
            "wrapped bytea not null, created_at timestamptz not null default now())"
        )
        wrapper = KeyWrapper.derived_from(base64.b64encode(os.urandom(32)).decode())

        async def raw() -> Any:
            return conn

        store = SqlDataKeys(raw, wrapper)
        hashes = [os.urandom(32).hex() for _ in range(teachers)]
        batches = [hashes[i : i + batch] for i in range(0, teachers, batch)]
        out: dict[str, Any] = {"teachers": teachers, "batch": batch}
        for label in ("new", "known"):
            started = time.perf_counter()
            found: dict[str, DataKey] = {}
            for part in batches:
                async with conn.transaction():
                    found.update(await store.keys_for(part))
            out[f"keys_for_{label}_s"] = round(time.perf_counter() - started, 2)
        ids = [k.key_id for k in found.values()]
        started = time.perf_counter()
        for i in range(0, len(ids), batch):
            await store.keys_by_id(ids[i : i + batch])
        out["keys_by_id_s"] = round(time.perf_counter() - started, 2)
        sample = hashes[: min(5000, teachers)]
        started = time.perf_counter()
        for h in sample:
            await store.keys_for([h])
        per_row = (time.perf_counter() - started) / len(sample)
        out["one_round_trip_per_row_s_extrapolated"] = round(per_row * teachers, 2)
        await conn.close()
        return out
    finally:
        await admin.execute(f"drop database {name} with (force)")
        await admin.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["crypto", "keys"])
    parser.add_argument("--teachers", type=int, default=250_000)
    parser.add_argument("--batch", type=int, default=1000)
    args = parser.parse_args()
    if args.what == "crypto":
        print(crypto(args.teachers))
    else:
        print(asyncio.run(keys(args.teachers, args.batch)))


if __name__ == "__main__":
    main()
