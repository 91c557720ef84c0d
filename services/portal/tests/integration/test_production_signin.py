"""Outside development there is no development sign-in: the settings refuse its key, and the
page does not exist."""

import httpx
import pytest
from pydantic import ValidationError

from lr_portal.entrypoints.app import create_app
from lr_tools.testing import serve_in_process

from .conftest import PortalFactory

pytestmark = pytest.mark.integration

PRODUCTION = {
    "environment": "production",
    # Production signs in with DigiD only; discovery happens at the first sign-in.
    "oidc_issuer": "https://digid.example.test",
    "oidc_client_id": "lr-portal",
    "oidc_redirect_url": "https://portal.example.test/inloggen/digid/terug",
}


def test_production_refuses_the_development_key(portal_settings: PortalFactory) -> None:
    with pytest.raises(ValidationError, match="development sign-in is refused in production"):
        portal_settings(**PRODUCTION)


async def test_in_production_the_development_sign_in_is_not_found(
    portal_settings: PortalFactory,
) -> None:
    settings = portal_settings(**PRODUCTION, dev_idp_key_file=None)
    assert settings.cookie_secure
    async with serve_in_process(create_app(settings)) as portal:
        page = await portal.get("/inloggen/ontwikkeling")
        assert page.status_code == 404
        assert "Pagina niet gevonden" in page.text
        refused = await portal.post("/inloggen/ontwikkeling", data={"bsn": "123456782"})
        assert refused.status_code in (403, 404)
        choice = await portal.get("/inloggen")
        assert "/inloggen/ontwikkeling" not in choice.text


async def test_cookies_are_httponly_and_samesite(portal: httpx.AsyncClient) -> None:
    response = await portal.get("/inloggen/ontwikkeling")
    cookie = response.headers["set-cookie"]
    assert "lr_sessie=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Secure" not in cookie  # development runs on plain http://127.0.0.1
