"""Generating the delivery and uploading it the way boards do: many boards at once."""

from __future__ import annotations

import asyncio
import hashlib
import random
from collections import Counter
from dataclasses import dataclass, field
from uuid import UUID

import httpx

from lr_intake.devdata.deliveries import GeneratedRow, by_board, generate_rows
from lr_intake.devdata.files import render_delivery
from lr_intake.domain.reference import ReferenceSet
from lr_intake.entrypoints.upload_client import Retry, RetryPolicy, post_upload, send_with_retries
from lr_tools.console import err_console
from lr_tools.mainjob.endpoints import Endpoints

ROWS_PER_TEACHER = 1.3  # several appointments for some teachers, a second board for a few
FINAL_STATES = {"completed", "rejected"}


@dataclass
class Delivery:
    board: str
    rows: list[GeneratedRow]
    delivery_id: UUID | None = None
    status: str = "not sent"
    view: dict[str, object] = field(default_factory=dict)


def plan(reference: ReferenceSet, *, teachers: int, boards: int, seed: int) -> list[Delivery]:
    """A delivery per board, for about `teachers` teachers, with a few percent faulty rows."""
    rng = random.Random(seed)  # noqa: S311 - demo data
    with_schools = sorted({school.bevoegd_gezag for school in reference.schools})
    chosen = rng.sample(with_schools, min(boards, len(with_schools)))
    rows = generate_rows(
        reference, rows=int(teachers * ROWS_PER_TEACHER), seed=seed, error_share=0.03,
        boards=chosen,
    )  # fmt: skip
    return [Delivery(board, board_rows) for board, board_rows in by_board(rows)]


def expected_teachers(deliveries: list[Delivery]) -> set[str]:
    """BSNs of the teachers with at least one row intake must accept."""
    return {row.values["bsn"] for d in deliveries for row in d.rows if row.expected_error is None}


def _file(delivery: Delivery, variant: int) -> tuple[bytes, str]:
    """Boards' files differ the way real ones do: `;` or `,`, BOM, CRLF, Dutch dates, NDJSON."""
    values = [row.values for row in delivery.rows]
    if variant % 5 == 4:
        return render_delivery(values, fmt="ndjson"), "application/x-ndjson"
    body = render_delivery(
        values,
        delimiter=";" if variant % 2 else ",",
        bom=variant % 3 == 0,
        crlf=variant % 4 == 1,
        dutch_dates=variant % 5 == 2,
    )
    return body, "text/csv"


async def post_delivery(
    client: httpx.AsyncClient,
    url: str,
    body: bytes,
    headers: dict[str, str],
    *,
    policy: RetryPolicy | None = None,
) -> httpx.Response:
    """POST a delivery; while intake cannot take it (connection lost or refused, timeout, 503,
    429) it is sent again with the same Idempotency-Key (which `headers` must carry), for up
    to a minute (`lr_intake.entrypoints.upload_client`), so a retry never makes a second
    delivery and an intake restart does not abort the job."""
    return await post_upload(
        client, url, lambda: body, headers, policy=policy, on_retry=_report_retry
    )


def _report_retry(retry: Retry) -> None:
    err_console.print(
        f"[yellow]intake: {retry.reason} (attempt {retry.attempt}); again in {retry.wait:.1f} s "
        "with the same Idempotency-Key"
    )


async def _get(
    client: httpx.AsyncClient,
    url: str,
    *,
    headers: dict[str, str],
    params: dict[str, str] | None = None,
) -> httpx.Response:
    """A read that waits out an intake restart the way uploads do."""
    response = await send_with_retries(
        client, "GET", url, headers=headers, params=params, on_retry=_report_retry
    )
    response.raise_for_status()
    return response


def idempotency_key(board: str, body: bytes) -> str:
    """One key per file: its retries (and a rerun of the same plan) get the delivery the first
    try made, and a different file is a new delivery. A key by board and position alone made a
    second plan's file for the same board a replay of the first, silently: intake answers a
    known key with the delivery it belongs to."""
    return f"demo-{board}-{hashlib.sha256(body).hexdigest()[:24]}"


async def upload_all(
    endpoints: Endpoints, deliveries: list[Delivery], *, concurrency: int = 8
) -> None:
    limit = asyncio.Semaphore(concurrency)

    async def upload(index: int, delivery: Delivery, client: httpx.AsyncClient) -> None:
        body, content_type = _file(delivery, index)
        token = endpoints.token("board", delivery.board)
        async with limit:
            response = await post_delivery(
                client,
                f"{endpoints.intake}/v1/deliveries",
                body,
                {
                    "Authorization": f"Bearer {token}",
                    "Content-Type": content_type,
                    "Idempotency-Key": idempotency_key(delivery.board, body),
                },
            )
        if response.status_code not in (202, 422):
            raise RuntimeError(f"upload for board {delivery.board}: HTTP {response.status_code}")
        delivery.view = response.json()
        delivery.delivery_id = UUID(str(delivery.view["id"]))
        delivery.status = str(delivery.view["status"])

    async with httpx.AsyncClient(timeout=300) as client:
        await asyncio.gather(*(upload(i, d, client) for i, d in enumerate(deliveries)))


async def refresh(endpoints: Endpoints, deliveries: list[Delivery]) -> int:
    """Update each unfinished delivery's status; returns how many are finished."""
    async with httpx.AsyncClient(timeout=30) as client:
        for delivery in deliveries:
            if delivery.status in FINAL_STATES or delivery.delivery_id is None:
                continue
            token = endpoints.token("board", delivery.board)
            response = await _get(
                client,
                f"{endpoints.intake}/v1/deliveries/{delivery.delivery_id}",
                headers={"Authorization": f"Bearer {token}"},
            )
            delivery.view = response.json()
            delivery.status = str(delivery.view["status"])
    return sum(d.status in FINAL_STATES for d in deliveries)


async def issue_codes(endpoints: Endpoints, deliveries: list[Delivery]) -> Counter[str]:
    """Rejected and warned rows per code, as the boards read them back."""
    codes: Counter[str] = Counter()
    async with httpx.AsyncClient(timeout=60) as client:
        for delivery in deliveries:
            if delivery.delivery_id is None:
                continue
            token = endpoints.token("board", delivery.board)
            response = await _get(
                client,
                f"{endpoints.intake}/v1/deliveries/{delivery.delivery_id}/errors",
                params={"format": "csv"},
                headers={"Authorization": f"Bearer {token}"},
            )
            lines = response.text.lstrip("\ufeff").splitlines()[1:]
            for line in lines:
                fields = line.split(";")
                if len(fields) >= 4:
                    codes[f"{fields[3]}:{fields[2]}"] += 1
    return codes
