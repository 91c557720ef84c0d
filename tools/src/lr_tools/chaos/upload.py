"""Uploading a planned delivery while services die under it: each board's file is retried with
the same Idempotency-Key until intake answers, as a board's client would."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field
from uuid import UUID

import httpx

from lr_intake.devdata.files import render_delivery
from lr_tools.mainjob.deliveries import Delivery, post_delivery
from lr_tools.mainjob.endpoints import Endpoints

RETRYABLE = frozenset({500, 502, 503, 504})


@dataclass
class UploadLog:
    """What the uploads met on the way: answers and errors by kind, and any that gave up."""

    answers: Counter[str] = field(default_factory=Counter)
    gave_up: list[str] = field(default_factory=list)


async def upload_patiently(
    endpoints: Endpoints,
    deliveries: list[Delivery],
    *,
    key_prefix: str,
    patience_s: float = 180.0,
    concurrency: int = 4,
    spread_s: float = 0.0,
) -> UploadLog:
    """Upload every delivery (CSV, `;`), retrying a lost connection or a 5xx with the same key
    for up to `patience_s` seconds each. A board's answer of 202 or 422 is final. With
    `spread_s`, the boards start one after another over that many seconds, as over a day."""
    log = UploadLog()
    limit = asyncio.Semaphore(concurrency)

    async def upload(index: int, delivery: Delivery, client: httpx.AsyncClient) -> None:
        await asyncio.sleep(spread_s * index / max(1, len(deliveries)))
        body = render_delivery(row.values for row in delivery.rows)
        key = f"{key_prefix}-{delivery.board}-{index}"
        loop = asyncio.get_running_loop()
        deadline = loop.time() + patience_s
        pause = 0.5
        async with limit:
            while True:
                headers = {
                    "Authorization": f"Bearer {endpoints.token('board', delivery.board)}",
                    "Content-Type": "text/csv",
                    "Idempotency-Key": key,
                }
                try:
                    response = await post_delivery(
                        client, f"{endpoints.intake}/v1/deliveries", body, headers
                    )
                    log.answers[str(response.status_code)] += 1
                    if response.status_code in (202, 422):
                        delivery.view = response.json()
                        delivery.delivery_id = UUID(str(delivery.view["id"]))
                        delivery.status = str(delivery.view["status"])
                        return
                    if response.status_code not in RETRYABLE:
                        log.gave_up.append(f"{delivery.board}: HTTP {response.status_code}")
                        return
                except httpx.TransportError as exc:
                    log.answers[type(exc).__name__] += 1
                if loop.time() + pause > deadline:
                    log.gave_up.append(f"{delivery.board}: no answer in {patience_s:.0f} s")
                    return
                await asyncio.sleep(pause)
                pause = min(pause * 2, 5.0)

    async with httpx.AsyncClient(timeout=120) as client:
        await asyncio.gather(*(upload(i, d, client) for i, d in enumerate(deliveries)))
    return log
