"""The portfolio's answers carry the security headers (lr_shared.http), errors included."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from lr_portfolio.entrypoints.app import create_app
from lr_shared.auth import generate_dev_keys
from lr_tools.paths import Paths
from lr_tools.services.spec import read_env_file

ROOT = Paths.discover().root


@pytest.fixture
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generate_dev_keys(tmp_path)
    for name, value in read_env_file(ROOT / "deploy" / "native" / "services.env").items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("LR_DATABASE_URL", "postgresql+asyncpg://lr@127.0.0.1:9/unused")
    monkeypatch.setenv("LR_JWKS_FILE", str(tmp_path / "jwks.json"))
    monkeypatch.setenv("LR_REGISTER_SIGNING_KEY_FILE", str(tmp_path / "registry-signing-key.pem"))


@pytest.mark.usefixtures("environment")
async def test_the_portfolio_answers_carry_the_security_headers() -> None:
    app = create_app()  # not started: /health and a refused request need no database
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://portfolio") as client:
        for response in (
            await client.get("/health"),
            await client.get("/v1/me/activities", headers={"Authorization": "Bearer x"}),
        ):
            assert response.status_code in (200, 401, 404)
            assert response.headers["x-content-type-options"] == "nosniff"
            assert response.headers["x-frame-options"] == "DENY"
            assert response.headers["content-security-policy"] == (
                "default-src 'none'; frame-ancestors 'none'"
            )
            assert response.headers["cache-control"] == "no-store"
