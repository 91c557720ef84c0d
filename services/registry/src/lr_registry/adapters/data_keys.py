"""The registry as custodian of the teachers' data keys (docs/privacy.md, "Crypto-shredding"):
created and read a batch at a time, destroyed with the teacher's erasure."""

from __future__ import annotations

from collections.abc import Collection
from uuid import UUID

from lr_shared.db import RawConnection
from lr_shared.shredding import DataKey, KeyWrapper

# The inserted rows are not visible to the same statement's second select, so together they
# give every requested key: the new ones and those that already existed.
_KEYS_FOR = """
with created as (
    insert into data_keys (bsn_hash, key_id, wrapped)
    select * from unnest($1::text[], $2::uuid[], $3::bytea[])
    on conflict (bsn_hash) do nothing
    returning bsn_hash, key_id, wrapped
)
select bsn_hash, key_id, wrapped from created
union all
select bsn_hash, key_id, wrapped from data_keys where bsn_hash = any($1::text[])
"""

_DESTROY = """
delete from data_keys
where bsn_hash = (select bsn_hash from teachers where registration_number = $1)
"""


class SqlDataKeys:
    def __init__(self, raw: RawConnection, wrapper: KeyWrapper) -> None:
        self._raw = raw
        self._wrapper = wrapper

    async def keys_for(self, bsn_hashes: Collection[str]) -> dict[str, DataKey]:
        hashes = sorted(set(bsn_hashes))  # one order for every caller: no deadlock between them
        if not hashes:
            return {}
        fresh = [DataKey.generate() for _ in hashes]
        conn = await self._raw()
        rows = await conn.fetch(
            _KEYS_FOR,
            hashes,
            [k.key_id for k in fresh],
            [self._wrapper.wrap(k) for k in fresh],
        )
        found = {r["bsn_hash"]: self._wrapper.unwrap(r["key_id"], r["wrapped"]) for r in rows}
        missing = [h for h in hashes if h not in found]
        if missing:  # created by a concurrent transaction after our snapshot
            rows = await conn.fetch(
                "select bsn_hash, key_id, wrapped from data_keys where bsn_hash = any($1::text[])",
                missing,
            )
            found.update(
                {r["bsn_hash"]: self._wrapper.unwrap(r["key_id"], r["wrapped"]) for r in rows}
            )
        return found

    async def keys_by_id(self, key_ids: Collection[UUID]) -> dict[UUID, DataKey]:
        if not key_ids:
            return {}
        conn = await self._raw()
        rows = await conn.fetch(
            "select key_id, wrapped from data_keys where key_id = any($1::uuid[])",
            list(set(key_ids)),
        )
        return {r["key_id"]: self._wrapper.unwrap(r["key_id"], r["wrapped"]) for r in rows}

    async def destroy_for(self, number: str) -> bool:
        """Destroy the data key of the teacher with this registration number (before her row
        and with it her BSN hash are deleted, in the same transaction)."""
        conn = await self._raw()
        status: str = await conn.execute(_DESTROY, number)
        return status != "DELETE 0"
