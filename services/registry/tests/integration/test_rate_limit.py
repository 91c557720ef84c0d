"""The public lookup is rate-limited per client IP."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Registry

pytestmark = pytest.mark.integration


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"public_rate_per_second": 0.1, "public_burst": 3}


async def test_the_public_lookup_is_rate_limited_per_client(registry: Registry) -> None:
    codes = [
        (
            await registry.client.get("/v1/public/registrations", params={"achternaam": "de"})
        ).status_code
        for _ in range(5)
    ]
    assert codes == [200, 200, 200, 429, 429]
