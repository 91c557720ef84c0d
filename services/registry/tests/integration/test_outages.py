"""The registry while its database is unreachable: 503 with Retry-After, then served again.
The database sits behind a proxy the test cuts; the shared PostgreSQL is never touched."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from lr_tools.outage import TcpProxy, assert_outage_answer
from lr_tools.testing import StackEndpoints

from .conftest import Registry, random_bsn

pytestmark = pytest.mark.integration


@pytest_asyncio.fixture
async def proxy(stack: StackEndpoints) -> AsyncIterator[TcpProxy]:
    async with TcpProxy.for_url(stack.postgres_url) as proxy:
        yield proxy


@pytest.fixture
def database_url(database_url: str, proxy: TcpProxy) -> str:
    """This test's database, reached through the proxy."""
    return proxy.url(database_url)


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    return {"db_pool_timeout_seconds": 1.0, "db_connect_timeout_seconds": 2.0}


async def test_lookup_and_sign_in_answer_503_while_the_database_is_unreachable(
    registry: Registry, proxy: TcpProxy
) -> None:
    search = ("/v1/public/registrations", {"achternaam": "Jansen"})
    identity = {"Authorization": f"Bearer {registry.identity_token(random_bsn())}"}
    await proxy.cut()
    assert_outage_answer(await registry.client.get(search[0], params=search[1]))
    assert_outage_answer(await registry.client.post("/v1/me/token", headers=identity))
    await proxy.restore()
    assert (await registry.client.get(search[0], params=search[1])).status_code == 200
    assert (await registry.client.post("/v1/me/token", headers=identity)).status_code == 404
