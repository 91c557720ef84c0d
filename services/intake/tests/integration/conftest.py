"""The intake service in-process on the real stack, with a small generated reference set."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import httpx
import pytest
import pytest_asyncio

from lr_intake.application.reference import load_reference
from lr_intake.bootstrap import Container
from lr_intake.devdata.reference import generate_reference
from lr_intake.domain.reference import ReferenceSet
from lr_intake.entrypoints.app import create_app
from lr_intake.settings import Settings
from lr_shared.auth import DEV_IDP_ISSUER, DEV_IDP_KEY_FILE, DEV_IDP_KID, mint_token
from lr_tools.testing import serve_in_process

REFERENCE = generate_reference(seed=7, boards=30, bureaus=3)


@dataclass
class Service:
    client: httpx.AsyncClient
    container: Container
    settings: Settings
    reference: ReferenceSet
    keys: Path

    def token(
        self, board: str, boards: list[str] | None = None, *, now: datetime | None = None
    ) -> str:
        """A board token of the development IdP (issued at `now`, valid for an hour)."""
        return mint_token(
            (self.keys / DEV_IDP_KEY_FILE).read_bytes(),
            kid=DEV_IDP_KID,
            issuer=DEV_IDP_ISSUER,
            subject=board,
            kind="board",
            boards=boards,
            now=now,
        )

    def headers(self, board: str, boards: list[str] | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(board, boards)}"}

    def topic(self, name: str) -> str:
        return self.settings.topic(name)


@pytest.fixture
def settings(
    database_url: str, kafka_bootstrap: str, topic_suffix: str, dev_keys: Path
) -> Settings:
    return Settings(
        environment="test",
        database_url=database_url,
        kafka_bootstrap_servers=kafka_bootstrap,
        topic_suffix=topic_suffix,
        jwks_file=dev_keys / "jwks.json",
        bsn_hash_key="test-bsn-hash-key-0123456789",  # type: ignore[arg-type]
        bsn_encryption_key=base64.b64encode(bytes(32)).decode(),  # type: ignore[arg-type]
        publish_check_seconds=0.1,
        chunk_rows=500,
    )


def frozen_now() -> datetime:
    return datetime(2026, 8, 20, 12, 0, tzinfo=UTC)


@pytest_asyncio.fixture
async def intake(settings: Settings, dev_keys: Path) -> AsyncIterator[Service]:
    app = create_app(settings, clock=frozen_now)
    async with serve_in_process(app) as client:
        container: Container = app.state.container
        await load_reference(container.intake.uow, REFERENCE, frozen_now)
        yield Service(client, container, settings, REFERENCE, dev_keys)


async def upload(
    service: Service,
    body: bytes,
    board: str,
    *,
    content_type: str = "text/csv",
    boards: list[str] | None = None,
    headers: dict[str, str] | None = None,
    params: dict[str, str] | None = None,
) -> httpx.Response:
    return await service.client.post(
        "/v1/deliveries",
        content=body,
        params=params,
        headers={**service.headers(board, boards), "Content-Type": content_type, **(headers or {})},
    )


async def wait_completed(service: Service, delivery_id: str, board: str) -> dict[str, object]:
    from lr_tools.testing import eventually

    latest: dict[str, object] = {}

    async def completed() -> bool:
        nonlocal latest
        response = await service.client.get(
            f"/v1/deliveries/{delivery_id}", headers=service.headers(board)
        )
        latest = response.json()
        return latest["status"] == "completed"

    assert await eventually(completed, timeout=30)
    return latest


async def stored_counts(service: Service) -> dict[str, int]:
    """How many rows intake's tables hold, and how many outbox rows were ever written (the relay
    deletes the rows it has sent; the sequence remembers them)."""
    connection = await asyncpg.connect(service.settings.database_url.replace("+asyncpg", ""))
    try:
        counts = {
            table: int(await connection.fetchval(f"select count(*) from {table}"))  # noqa: S608 (names from this list)
            for table in ("deliveries", "delivery_issues", "appointments", "no_longer_delivered")
        }
        written = await connection.fetchval(
            "select last_value from pg_sequences where sequencename = 'outbox_id_seq'"
        )
    finally:
        await connection.close()
    counts["outbox_written"] = int(written or 0)
    return counts
