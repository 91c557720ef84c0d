"""A token bucket per client IP for the public lookup, kept in this process.

Each replica limits on its own; behind a load balancer spreading clients over N replicas a
client gets at most N times the rate, which is what an in-process limiter can promise.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable


class TokenBuckets:
    def __init__(
        self,
        rate: float,
        burst: int,
        *,
        max_clients: int = 100_000,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._rate = rate
        self._burst = float(burst)
        self._max_clients = max_clients
        self._monotonic = monotonic
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def allow(self, client: str) -> bool:
        """Take one token from the client's bucket; False when it is empty."""
        now = self._monotonic()
        tokens, last = self._buckets.pop(client, (self._burst, now))
        tokens = min(self._burst, tokens + (now - last) * self._rate)
        allowed = tokens >= 1.0
        self._buckets[client] = (tokens - 1.0 if allowed else tokens, now)
        if len(self._buckets) > self._max_clients:
            self._buckets.popitem(last=False)  # the client not seen for longest starts afresh
        return allowed

    def retry_after(self) -> int:
        return max(1, round(1 / self._rate))
