"""The portal's pages carry the security headers and a strict Content-Security-Policy: its own
CSS and script only, nothing inline, forms posting to itself, framed by nobody."""

from __future__ import annotations

import httpx
import pytest

from lr_portal.entrypoints.app import create_app
from lr_tools.paths import Paths
from lr_tools.services.spec import read_env_file

ROOT = Paths.discover().root
TEMPLATES = ROOT / "services" / "portal" / "src" / "lr_portal" / "templates"
STRICT = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; "
    "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in read_env_file(ROOT / "deploy" / "native" / "services.env").items():
        if not name.startswith("LR_DEV_"):
            monkeypatch.setenv(name, value)
    monkeypatch.setenv("LR_DATABASE_URL", "postgresql+asyncpg://lr@127.0.0.1:9/unused")


@pytest.mark.usefixtures("environment")
async def test_a_page_has_the_strict_content_security_policy() -> None:
    app = create_app()  # not started: the start page needs no database or backend
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://portal") as client:
        page = await client.get("/")
        assert page.status_code == 200
        assert page.headers["content-security-policy"] == STRICT
        assert page.headers["x-content-type-options"] == "nosniff"
        assert page.headers["x-frame-options"] == "DENY"
        assert page.headers["referrer-policy"] == "no-referrer"
        assert page.headers["cache-control"] == "no-store"
        assert "strict-transport-security" not in page.headers  # development: plain http
        css = await client.get("/static/portal.css")
        assert css.headers["content-security-policy"] == STRICT
        assert "no-store" not in css.headers.get("cache-control", "")


def test_no_template_holds_what_the_policy_refuses() -> None:
    """Inline scripts, styles and event handlers, and anything from another origin."""
    for template in TEMPLATES.rglob("*.j2"):
        text = template.read_text()
        for refused in ("<style", "style=", " onclick=", " onload=", "javascript:", 'src="http'):
            assert refused not in text, f"{template.name}: {refused}"
        for script in text.split("<script")[1:]:
            assert script.lstrip().startswith('src="/static/'), template.name
