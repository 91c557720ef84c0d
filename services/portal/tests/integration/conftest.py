"""The portal in this process against the real PostgreSQL (its own database per test)."""

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest_asyncio

from lr_portal.entrypoints.app import create_app
from lr_portal.settings import Settings
from lr_tools.fleet import free_port
from lr_tools.testing import StackEndpoints, as_administrator, serve_in_process

PortalFactory = Callable[..., Settings]


@pytest_asyncio.fixture
async def portal_settings(
    database_url: str, dev_keys: Path, stack: StackEndpoints
) -> PortalFactory:
    def make(**overrides: object) -> Settings:
        production = overrides.get("environment") == "production"
        values: dict[str, object] = {
            # Production refuses the portal role's development password.
            "database_url": as_administrator(stack, database_url) if production else database_url,
            # Nothing listens there: the registry, portfolio and profession are "down" unless a
            # test says.
            "registry_url": f"http://127.0.0.1:{free_port()}",
            "portfolio_url": f"http://127.0.0.1:{free_port()}",
            "profession_url": f"http://127.0.0.1:{free_port()}",
            "dev_idp_key_file": dev_keys / "dev-idp-key.pem",
            **overrides,
        }
        return Settings(**values)  # type: ignore[arg-type]

    return make


@pytest_asyncio.fixture
async def portal(portal_settings: PortalFactory) -> AsyncIterator[httpx.AsyncClient]:
    async with serve_in_process(create_app(portal_settings())) as client:
        yield client
