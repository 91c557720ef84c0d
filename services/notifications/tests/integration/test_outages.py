"""Notifications' HTTP surface while its database is unreachable: 503 with Retry-After. The
database sits behind a proxy the test cuts; the shared PostgreSQL is never touched."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio

from lr_tools.outage import TcpProxy, assert_outage_answer
from lr_tools.testing import StackEndpoints

pytestmark = pytest.mark.integration


@pytest_asyncio.fixture
async def proxy(stack: StackEndpoints) -> AsyncIterator[TcpProxy]:
    async with TcpProxy.for_url(stack.postgres_url) as proxy:
        yield proxy


@pytest.fixture
def database_url(database_url: str, proxy: TcpProxy) -> str:
    """This test's database, reached through the proxy."""
    return proxy.url(database_url)


async def test_stats_and_readiness_answer_503_while_the_database_is_unreachable(
    service: httpx.AsyncClient, proxy: TcpProxy
) -> None:
    await proxy.cut()
    assert_outage_answer(await service.get("/v1/notifications/stats"))
    ready = await service.get("/ready")
    assert (ready.status_code, ready.json()["checks"]["database"]) == (
        503,
        "unavailable: ConnectionRefusedError",
    )
    await proxy.restore()
    assert (await service.get("/v1/notifications/stats")).status_code == 200
