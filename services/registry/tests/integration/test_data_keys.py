"""Crypto-shredding's key custody: the registry creates the teachers' data keys a batch at a time
and destroys a teacher's key in her erasure (docs/privacy.md, "Crypto-shredding")."""

from __future__ import annotations

import pytest

from lr_shared.bsn import keyed_hash
from lr_shared.shredding import DataKey, KeyDestroyedError, seal, unseal

from .conftest import HASH_KEY, Registry, appointment, random_bsn

pytestmark = pytest.mark.integration

CONTEXT = "lr.registry.contacts.v2"


async def _keys_for(registry: Registry, hashes: list[str]) -> dict[str, DataKey]:
    async with registry.container.uow() as uow:
        keys = await uow.data_keys.keys_for(hashes)
        await uow.commit()
    return dict(keys)


async def test_a_batch_gets_one_key_per_teacher_once_and_the_same_keys_again(
    registry: Registry,
) -> None:
    hashes = [keyed_hash(random_bsn(), HASH_KEY.encode()) for _ in range(300)]

    first = await _keys_for(registry, hashes[:200])
    again = await _keys_for(registry, hashes)

    assert len(first) == 200
    assert len(again) == 300
    assert all(again[h] == first[h] for h in first)
    assert len({k.key_id for k in again.values()}) == 300
    stored = await registry.rows("select key_id, wrapped from data_keys")
    assert len(stored) == 300
    secrets = {k.secret for k in again.values()}
    assert not any(bytes(r["wrapped"]) in secrets for r in stored)  # only wrapped at rest
    async with registry.container.uow() as uow:
        by_id = await uow.data_keys.keys_by_id([k.key_id for k in again.values()])
    assert set(by_id.values()) == set(again.values())


async def test_erasure_destroys_her_data_key_and_only_hers(registry: Registry) -> None:
    erased, kept = random_bsn(), random_bsn()
    await registry.deliver(appointment(erased), appointment(kept))
    await registry.number_of(erased)
    await registry.number_of(kept)
    hashes = {b: keyed_hash(b, HASH_KEY.encode()) for b in (erased, kept)}
    keys = await _keys_for(registry, list(hashes.values()))
    her, other = keys[hashes[erased]], keys[hashes[kept]]
    sealed = seal(her, {"achternaam": "Jansen", "email": "j@example.nl"}, CONTEXT)

    headers = await registry.sign_in(erased)
    response = await registry.client.post("/v1/me/erasure-request", headers=headers)
    assert response.status_code == 202

    async with registry.container.uow() as uow:
        left = await uow.data_keys.keys_by_id([her.key_id, other.key_id])
    assert list(left.values()) == [other]
    assert await registry.value("select count(*) from data_keys") == 1
    with pytest.raises(KeyDestroyedError):
        unseal(left, sealed, CONTEXT)
