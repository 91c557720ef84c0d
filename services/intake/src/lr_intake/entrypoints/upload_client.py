"""How a client sends intake a delivery so that an outage neither loses nor doubles it (`lr
deliver`, `lr run`, the benchmark).

An upload is sent again, with the same `Idempotency-Key`, while intake cannot take it: a
connection refused, dropped or timed out (intake restarting), or an answer that says "later"
(503 while its database restarts, 429, a gateway's 502/504), waiting as `Retry-After` asks and
otherwise with exponential backoff, for up to a minute in all. Any other answer is final: a
4xx means the request itself is wrong, and sending it again would not help. Intake answers a
retried key with the first delivery, so a retry never makes a second one.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

import httpx

log = logging.getLogger(__name__)

RETRIED_STATUSES = frozenset({429, 502, 503, 504})

Body = bytes | AsyncIterator[bytes]


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff (`first_delay`, doubling, at most `max_delay`, with a little jitter
    so many boards do not come back at the same instant) within `deadline` seconds."""

    deadline: float = 60.0
    first_delay: float = 0.5
    max_delay: float = 10.0
    sleep: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep, repr=False)
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)


@dataclass(frozen=True)
class Retry:
    """One retry about to happen: what went wrong and how long it waits."""

    attempt: int
    reason: str
    wait: float


OnRetry = Callable[[Retry], None]


async def send_with_retries(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    body: Callable[[], Body] | None = None,
    headers: dict[str, str] | None = None,
    params: dict[str, str] | None = None,
    policy: RetryPolicy | None = None,
    on_retry: OnRetry | None = None,
) -> httpx.Response:
    """Send until an answer is final or the deadline passes; then the last answer is returned
    (or the last connection error raised). `body` makes the body afresh for every attempt (a
    streamed file cannot be sent twice from one iterator)."""
    policy = policy or RetryPolicy()
    give_up_at = policy.clock() + policy.deadline
    delay = policy.first_delay
    attempt = 0
    while True:
        attempt += 1
        try:
            response = await client.request(
                method, url, content=body() if body else None, headers=headers, params=params
            )
        except httpx.TransportError as exc:
            if policy.clock() + delay > give_up_at:
                raise
            reason, wait = type(exc).__name__, delay
        else:
            if response.status_code not in RETRIED_STATUSES:
                return response
            wait = max(delay, _retry_after(response) or 0.0)
            if policy.clock() + wait > give_up_at:
                return response
            reason = f"HTTP {response.status_code}"
        # Jitter, but never past the deadline (it made the waits add up to 60.8 s of 60).
        jitter = random.uniform(0, wait / 10)  # noqa: S311 - jitter, not cryptography
        wait = min(wait + jitter, max(0.0, give_up_at - policy.clock()))
        if on_retry is not None:
            on_retry(Retry(attempt, reason, wait))
        await policy.sleep(wait)
        delay = min(delay * 2, policy.max_delay)


async def post_upload(
    client: httpx.AsyncClient,
    url: str,
    body: Callable[[], Body],
    headers: dict[str, str],
    *,
    params: dict[str, str] | None = None,
    policy: RetryPolicy | None = None,
    on_retry: OnRetry | None = None,
) -> httpx.Response:
    """POST a delivery with retries; `headers` must carry its `Idempotency-Key`, without which a
    retry could make a second delivery."""
    if not headers.get("Idempotency-Key"):
        raise ValueError("an upload is only retried with an Idempotency-Key")
    return await send_with_retries(
        client, "POST", url, body=body, headers=headers, params=params, policy=policy,
        on_retry=on_retry,
    )  # fmt: skip


def _retry_after(response: httpx.Response) -> float | None:
    """`Retry-After` in seconds (the HTTP-date form is not sent by our services)."""
    value = response.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return None
