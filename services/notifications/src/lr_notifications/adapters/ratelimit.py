"""A pacing rate limiter: at most `rate` acquisitions per second, spread evenly."""

from __future__ import annotations

import asyncio
import time


class RateLimiter:
    def __init__(self, rate: float, burst: int = 1) -> None:
        """`rate` <= 0 means unlimited. `burst` slots may be taken back to back after idling."""
        self._interval = 1.0 / rate if rate > 0 else 0.0
        self._burst = max(burst, 1)
        self._next = 0.0

    async def acquire(self) -> None:
        if self._interval == 0.0:
            return
        now = time.monotonic()
        # Idle time earns at most `burst` slots, so a quiet hour is not followed by a flood.
        slot = max(self._next, now - self._interval * (self._burst - 1))
        self._next = slot + self._interval
        if slot > now:
            await asyncio.sleep(slot - now)
