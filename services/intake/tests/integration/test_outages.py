"""Intake while its database is away: every answer a 503 with Retry-After (never a 500, never a
dropped connection), an interrupted upload rolled back and retryable with its Idempotency-Key.

Intake runs over real TCP (uvicorn) with its database behind a proxy the test cuts, so the
stack's PostgreSQL, which other tests share, is never touched; a PostgreSQL restart's admin
shutdown is played by terminating only this test database's backends."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import httpx
import pytest
import pytest_asyncio
import sqlalchemy.exc
from sqlalchemy.ext.asyncio import AsyncConnection

from lr_intake.application.reference import load_reference
from lr_intake.devdata.deliveries import generate_rows
from lr_intake.devdata.files import render_delivery
from lr_intake.entrypoints.app import create_app
from lr_intake.settings import Settings
from lr_shared.contracts.intake import AppointmentV1
from lr_shared.contracts.topics import INTAKE_APPOINTMENTS
from lr_tools.mainjob.deliveries import post_delivery
from lr_tools.outage import TcpProxy, assert_outage_answer, serve_over_tcp
from lr_tools.testing import StackEndpoints, consume, eventually

from .conftest import REFERENCE, Service, frozen_now, upload, wait_completed

pytestmark = pytest.mark.integration


@pytest_asyncio.fixture
async def proxy(database_url: str) -> AsyncIterator[TcpProxy]:
    async with TcpProxy.for_url(database_url) as proxy:
        yield proxy


@pytest_asyncio.fixture
async def served(settings: Settings, proxy: TcpProxy, dev_keys: Path) -> AsyncIterator[Service]:
    """Intake over TCP, its database behind `proxy`, with a small pool that times out fast."""
    proxied = settings.model_copy(
        update={
            "database_url": proxy.url(settings.database_url),
            "db_pool_size": 2,
            "db_pool_timeout_seconds": 1.0,
            "db_connect_timeout_seconds": 2.0,
        }
    )
    app = create_app(proxied, clock=frozen_now)
    async with serve_over_tcp(app) as base_url:
        container = app.state.container
        await load_reference(container.intake.uow, REFERENCE, frozen_now)
        async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
            yield Service(client, container, proxied, REFERENCE, dev_keys)


def _delivery(service: Service, rows: int) -> tuple[str, list[bytes], set[int]]:
    """A board's file in ~20 pieces, and the row numbers intake must accept."""
    board = service.reference.boards[0].bevoegd_gezag
    generated = generate_rows(
        service.reference, rows=rows, boards=[board], error_share=0.05, seed=11,
        today=frozen_now().date(),
    )  # fmt: skip
    body = render_delivery([r.values for r in generated])
    size = len(body) // 20 + 1
    pieces = [body[i : i + size] for i in range(0, len(body), size)]
    good = {n for n, r in enumerate(generated, start=2) if r.expected_error is None}
    return board, pieces, good


async def _deliveries_with_key(database_url: str, key: str) -> list[str]:
    connection = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    try:
        rows = await connection.fetch(
            "select status from deliveries where idempotency_key = $1", key
        )
    finally:
        await connection.close()
    return [row["status"] for row in rows]


async def _reading(stack: StackEndpoints, database_url: str, key: str) -> bool:
    """The upload is claimed and its transaction waits for more of the file."""
    admin = await asyncpg.connect(stack.postgres_url)
    try:
        waiting = await admin.fetchval(
            "select count(*) from pg_stat_activity"
            " where datname = $1 and state = 'idle in transaction'",
            database_url.rsplit("/", 1)[1],
        )
    finally:
        await admin.close()
    return bool(waiting) and await _deliveries_with_key(database_url, key) == ["received"]


async def _terminate_backends(stack: StackEndpoints, database_url: str) -> None:
    """What a PostgreSQL restart does to a connection (admin shutdown), to this test's
    database alone."""
    admin = await asyncpg.connect(stack.postgres_url)
    try:
        await admin.execute(
            "select pg_terminate_backend(pid) from pg_stat_activity"
            " where datname = $1 and pid <> pg_backend_pid()",
            database_url.rsplit("/", 1)[1],
        )
    finally:
        await admin.close()


async def test_every_route_answers_503_while_the_database_is_unreachable(
    served: Service, proxy: TcpProxy
) -> None:
    board = served.reference.boards[0].bevoegd_gezag
    headers = served.headers(board)
    await proxy.cut()
    assert_outage_answer(await upload(served, b"bevoegd_gezag;bsn\n", board))
    assert_outage_answer(await served.client.get(f"/v1/boards/{board}/deliveries", headers=headers))
    ready = await served.client.get("/ready")
    assert ready.status_code == 503
    assert ready.headers["Retry-After"]
    await proxy.restore()
    listed = await served.client.get(f"/v1/boards/{board}/deliveries", headers=headers)
    assert listed.status_code == 200


@pytest.mark.parametrize("outage", ["database unreachable", "backends terminated"])
async def test_an_upload_interrupted_by_the_database_is_503_and_its_retry_one_delivery(
    served: Service,
    proxy: TcpProxy,
    stack: StackEndpoints,
    database_url: str,
    outage: str,
) -> None:
    board, pieces, good = _delivery(served, 3000)
    key = f"outage-{outage.replace(' ', '-')}"

    async def interrupt() -> None:
        if outage == "database unreachable":
            await proxy.cut()
        else:
            await _terminate_backends(stack, database_url)

    async def body() -> AsyncIterator[bytes]:
        for number, piece in enumerate(pieces):
            if number == 3:
                assert await eventually(lambda: _reading(stack, database_url, key))
                await interrupt()
            yield piece

    interrupted = await served.client.post(
        "/v1/deliveries",
        content=body(),
        headers={**served.headers(board), "Content-Type": "text/csv", "Idempotency-Key": key},
    )
    assert_outage_answer(interrupted)
    await proxy.restore()

    retried = await upload(served, b"".join(pieces), board, headers={"Idempotency-Key": key})
    assert retried.status_code == 202, retried.text
    assert retried.headers.get("Idempotent-Replayed") is None  # processed now, not before
    delivery = await wait_completed(served, retried.json()["id"], board)
    assert delivery["rows_accepted"] == len(good)
    assert await _deliveries_with_key(database_url, key) == ["completed"]
    records = await consume(
        served.settings.kafka_bootstrap_servers, served.topic(INTAKE_APPOINTMENTS.name),
        count=len(good) + 1, timeout=5,
    )  # fmt: skip
    published = sorted(AppointmentV1.model_validate_json(r.value).row_number for r in records)
    assert published == sorted(good)  # each accepted row once: nothing of the first try left


async def test_an_exhausted_pool_is_503_and_the_next_request_after_it_is_served(
    served: Service,
) -> None:
    board = served.reference.boards[0].bevoegd_gezag
    headers = served.headers(board)
    engine = served.container.platform.engine
    held: list[AsyncConnection] = []

    async def take_every_connection() -> None:
        while True:
            try:
                held.append(await engine.connect())
            except sqlalchemy.exc.TimeoutError:
                return

    answer: httpx.Response | None = None
    try:
        # The relay returns its connections now and then; take those too and ask again.
        for _ in range(5):
            await take_every_connection()
            answer = await served.client.get(f"/v1/boards/{board}/deliveries", headers=headers)
            if answer.status_code != 200:
                break
    finally:
        for connection in held:
            await connection.close()
    assert answer is not None
    assert_outage_answer(answer)
    listed = await served.client.get(f"/v1/boards/{board}/deliveries", headers=headers)
    assert listed.status_code == 200


async def _answered_503(service: Service, since: float) -> bool:
    """Intake has answered an upload with 503 (its own metrics say so) since `since`."""
    return _upload_503s(await service.client.get("/metrics")) > since


def _upload_503s(metrics: httpx.Response) -> float:
    line = 'lr_http_request_seconds_count{method="POST",route="/v1/deliveries",status="503"}'
    for text in metrics.text.splitlines():
        if text.startswith(line):
            return float(text.rsplit(" ", 1)[1])
    return 0.0


async def test_the_main_jobs_upload_waits_out_an_outage_and_arrives_once(
    served: Service, proxy: TcpProxy, database_url: str
) -> None:
    board, pieces, good = _delivery(served, 200)
    key = "demo-outage-0"
    headers = {**served.headers(board), "Content-Type": "text/csv", "Idempotency-Key": key}
    before = _upload_503s(await served.client.get("/metrics"))
    await proxy.cut()
    async with httpx.AsyncClient(timeout=60) as client:
        sending = asyncio.create_task(
            post_delivery(
                client,
                str(served.client.base_url.join("/v1/deliveries")),
                b"".join(pieces),
                headers,
            )
        )
        assert await eventually(lambda: _answered_503(served, before))
        await proxy.restore()
        response = await sending
    assert response.status_code == 202, response.text
    await wait_completed(served, response.json()["id"], board)
    assert await _deliveries_with_key(database_url, key) == ["completed"]
    assert response.json()["rows_accepted"] == len(good)


async def test_lr_deliver_waits_out_an_outage_and_the_delivery_arrives_once(
    served: Service, proxy: TcpProxy, database_url: str, dev_keys: Path, tmp_path: Path
) -> None:
    board, pieces, good = _delivery(served, 200)
    file = tmp_path / "levering.csv"
    file.write_bytes(b"".join(pieces))
    home = tmp_path / "home"
    (home / "var").mkdir(parents=True)
    (home / "var" / "dev").symlink_to(dev_keys)
    before = _upload_503s(await served.client.get("/metrics"))
    await proxy.cut()
    command = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "lr_intake.entrypoints.cli", "deliver", str(file),
        "--board", board, "--url", str(served.client.base_url).rstrip("/"),
        "--idempotency-key", "cli-outage-1",
        env={**os.environ, "LR_HOME": str(home), "COLUMNS": "200"},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    if not await eventually(lambda: _answered_503(served, before), timeout=120):
        command.kill()
        raise AssertionError((await command.communicate())[0].decode())
    await proxy.restore()
    output, _ = await command.communicate()
    assert command.returncode == 0, output.decode()
    assert "HTTP 503" in output.decode()  # it said why it waited
    assert await _deliveries_with_key(database_url, "cli-outage-1") == ["completed"]
    rows = await served.client.get(f"/v1/boards/{board}/deliveries", headers=served.headers(board))
    [delivery] = rows.json()["deliveries"]
    assert delivery["rows_accepted"] == len(good)
