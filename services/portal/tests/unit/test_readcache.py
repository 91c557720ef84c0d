"""The portal's cache of backend answers: reused for its time, bounded, never an error or an
answer that is not ready."""

from __future__ import annotations

import pytest

from lr_portal.adapters.readcache import ReadCache, token_key


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Backend:
    def __init__(self) -> None:
        self.calls = 0

    async def answer(self) -> dict[str, int]:
        self.calls += 1
        return {"call": self.calls}


async def test_an_answer_is_reused_for_its_time_then_asked_again() -> None:
    clock, backend = Clock(), Backend()
    cache = ReadCache(30, clock=clock)
    assert await cache.get("k", backend.answer) == {"call": 1}
    clock.now += 29
    assert await cache.get("k", backend.answer) == {"call": 1}
    assert await cache.get("other", backend.answer) == {"call": 2}
    clock.now += 2
    assert await cache.get("k", backend.answer) == {"call": 3}
    assert (cache.hits, cache.misses) == (1, 3)


async def test_off_errors_and_unready_answers_are_not_kept() -> None:
    backend = Backend()
    off = ReadCache(0)
    await off.get("k", backend.answer)
    await off.get("k", backend.answer)
    assert backend.calls == 2

    cache = ReadCache(30)

    async def failing() -> int:
        raise RuntimeError("registry down")

    with pytest.raises(RuntimeError):
        await cache.get("k", failing)

    async def later(value: dict[str, int]) -> bool:
        return value["call"] > 3

    assert await cache.get("k", backend.answer, keep=later) == {"call": 3}
    assert await cache.get("k", backend.answer) == {"call": 4}
    assert await cache.get("k", backend.answer) == {"call": 4}


async def test_the_oldest_entries_go_first_and_tokens_are_kept_as_digests() -> None:
    backend = Backend()
    cache = ReadCache(30, max_entries=2)
    for key in ("a", "b", "c"):
        await cache.get(key, backend.answer)
    await cache.get("a", backend.answer)
    assert backend.calls == 4
    assert token_key("secret-token") != "secret-token"
    assert len(token_key("secret-token")) == 64


async def test_a_peek_sees_what_get_would_reuse_and_loads_nothing() -> None:
    clock, backend = Clock(), Backend()
    cache = ReadCache(30, clock=clock)
    assert cache.peek("k") is None
    await cache.get("k", backend.answer)
    assert cache.peek("k") == {"call": 1}
    clock.now += 31
    assert cache.peek("k") is None
    assert backend.calls == 1
    assert ReadCache(0).peek("k") is None
