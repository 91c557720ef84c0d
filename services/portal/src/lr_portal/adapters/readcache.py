"""A short-lived cache of the backends' answers in this portal process (docs/portal.md,
"Caching the backends' answers").

A teacher's own reads are keyed by her register token and her session's `data_version`, which
every form she sends bumps once it has been handled (entrypoints/deps.check_csrf): her own
change shows at once on every replica, while what others change (a board's delivery, a
provider's attendance) shows within `ttl` seconds. Public searches are keyed by the query alone:
they show public data, the same for everyone, and a visitor who asks again within `ttl` learns
nothing new (new queries still reach the registry and its per-visitor rate limit).
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


def token_key(token: str) -> str:
    """A token is kept as its digest: the cache holds no usable credential."""
    return hashlib.sha256(token.encode()).hexdigest()


class ReadCache:
    """At most `max_entries` answers, each for `ttl` seconds; `ttl` 0 turns it off."""

    def __init__(
        self,
        ttl: float,
        max_entries: int = 20_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl
        self._max = max_entries
        self._clock = clock
        self._entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def peek(self, key: Hashable) -> Any | None:
        """The cached answer, or None (not cached, or expired), without loading anything."""
        if self._ttl <= 0:
            return None
        found = self._entries.get(key)
        if found is None or found[0] <= self._clock():
            return None
        self.hits += 1
        return found[1]

    async def get(
        self,
        key: Hashable,
        load: Callable[[], Awaitable[T]],
        keep: Callable[[T], Awaitable[bool]] | None = None,
    ) -> T:
        """The cached answer, or `load()`'s, kept if `keep` says so (an answer that is not
        ready yet, such as a portfolio that has not learnt the period, is asked again)."""
        if self._ttl <= 0:
            return await load()
        now = self._clock()
        found = self._entries.get(key)
        if found is not None and found[0] > now:
            self.hits += 1
            value: T = found[1]
            return value
        self.misses += 1
        value = await load()  # an error is not cached
        if keep is not None and not await keep(value):
            return value
        self._entries[key] = (now + self._ttl, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self._max:
            self._entries.popitem(last=False)
        return value
