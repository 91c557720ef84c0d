"""The portfolio while its database is unreachable: 503 with Retry-After, and nothing half
written. The database sits behind a proxy the test cuts; the shared PostgreSQL is untouched."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from lr_tools.outage import TcpProxy, assert_outage_answer
from lr_tools.testing import StackEndpoints

from .conftest import Portfolio
from .test_activities import course, new_number

pytestmark = pytest.mark.integration


@pytest_asyncio.fixture
async def proxy(stack: StackEndpoints) -> AsyncIterator[TcpProxy]:
    async with TcpProxy.for_url(stack.postgres_url) as proxy:
        yield proxy


@pytest.fixture
def database_url(database_url: str, proxy: TcpProxy) -> str:
    """This test's database, reached through the proxy."""
    return proxy.url(database_url)


async def test_activities_answer_503_while_the_database_is_unreachable(
    portfolio: Portfolio, proxy: TcpProxy
) -> None:
    me = portfolio.auth(new_number())
    await proxy.cut()
    assert_outage_answer(await portfolio.client.get("/v1/me/activities", headers=me))
    created = await portfolio.client.post("/v1/me/activities", json=course(), headers=me)
    assert_outage_answer(created)
    await proxy.restore()
    listed = await portfolio.client.get("/v1/me/activities", headers=me)
    assert (listed.status_code, listed.json()) == (200, [])
