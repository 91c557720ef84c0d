"""Every API service's answers carry the security headers of lr_shared.http, errors included
(the portal's pages, with their own Content-Security-Policy, are tested in the portal)."""

from __future__ import annotations

import importlib
from pathlib import Path

import httpx
import pytest

from lr_shared.auth import generate_dev_keys
from lr_tools.paths import Paths
from lr_tools.services.spec import read_env_file

ROOT = Paths.discover().root

SERVICES = {
    # service: a path that answers without a database (a refused token, or nothing there)
    "intake": "/v1/deliveries/1",
    "registry": "/v1/me/registration",
    "portfolio": "/v1/me/activities",
    "notifications": "/nowhere",
    "profession": "/nowhere",
}


@pytest.fixture
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generate_dev_keys(tmp_path)
    for name, value in read_env_file(ROOT / "deploy" / "native" / "services.env").items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("LR_DATABASE_URL", "postgresql+asyncpg://lr@127.0.0.1:9/unused")
    monkeypatch.setenv("LR_JWKS_FILE", str(tmp_path / "jwks.json"))
    monkeypatch.setenv("LR_REGISTER_SIGNING_KEY_FILE", str(tmp_path / "registry-signing-key.pem"))
    monkeypatch.setenv("LR_SCHEDULER_ENABLED", "false")


@pytest.mark.usefixtures("environment")
@pytest.mark.parametrize(("service", "path"), sorted(SERVICES.items()))
async def test_every_answer_carries_the_security_headers(service: str, path: str) -> None:
    app = importlib.import_module(f"lr_{service}.entrypoints.app").create_app()
    # Not started: /health and a refused or unknown request need no database or broker.
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=f"http://{service}") as client:
        for response in (
            await client.get("/health"),
            await client.get(path, headers={"Authorization": "Bearer x"}),
        ):
            assert response.status_code in (200, 401, 404), (service, response.status_code)
            assert response.headers["x-content-type-options"] == "nosniff"
            assert response.headers["x-frame-options"] == "DENY"
            assert response.headers["content-security-policy"] == (
                "default-src 'none'; frame-ancestors 'none'"
            )
            assert response.headers["cache-control"] == "no-store"
