"""DigiD's settings: all or nothing, required in production, https there, no placeholders."""

from typing import Any

import pytest
from pydantic import ValidationError

from lr_portal.settings import Settings

BASE: dict[str, Any] = {
    "database_url": "postgresql+asyncpg://portal@127.0.0.1/lr_portal",
    "registry_url": "https://registry.internal",
    "portfolio_url": "https://portfolio.internal",
}
DIGID: dict[str, Any] = {
    "oidc_issuer": "https://digid-broker.example.nl",
    "oidc_client_id": "lerarenregister-portal",
    "oidc_client_secret": "s3cr3t-from-the-vault-0123456789",
    "oidc_redirect_url": "https://mijn.lerarenregister.nl/inloggen/digid/terug",
}


def settings(**values: Any) -> Settings:
    return Settings(**{**BASE, **values})


def test_production_with_digid_starts() -> None:
    production = settings(environment="production", **DIGID)
    assert production.oidc_enabled
    assert not production.dev_signin_enabled


def test_production_without_digid_is_refused() -> None:
    with pytest.raises(ValidationError, match="production needs DigiD"):
        settings(environment="production")


def test_production_refuses_a_plain_http_provider_or_callback() -> None:
    with pytest.raises(ValidationError, match="oidc_issuer must be https"):
        settings(environment="production", **{**DIGID, "oidc_issuer": "http://idp.example.nl"})
    with pytest.raises(ValidationError, match="oidc_redirect_url must be https"):
        settings(
            environment="production",
            **{**DIGID, "oidc_redirect_url": "http://portal.example.nl/inloggen/digid/terug"},
        )


def test_production_refuses_a_placeholder_client_secret() -> None:
    with pytest.raises(ValidationError, match="development placeholder"):
        settings(environment="production", **{**DIGID, "oidc_client_secret": "changeme"})


def test_half_a_digid_configuration_is_refused_anywhere() -> None:
    with pytest.raises(ValidationError, match="go together"):
        settings(oidc_issuer="http://127.0.0.1:9999")


def test_the_callback_must_be_the_portals_own() -> None:
    with pytest.raises(ValidationError, match="oidc_redirect_url"):
        settings(**{**DIGID, "oidc_redirect_url": "https://elsewhere.example/cb"})


def test_development_runs_without_digid() -> None:
    assert not settings().oidc_enabled
