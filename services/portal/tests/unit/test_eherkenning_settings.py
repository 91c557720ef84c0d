"""eHerkenning's settings (the board sign-in): all or nothing, required in production when the
board pages are served, https there; and its pending sign-ins apart from DigiD's."""

from typing import Any

import pytest
from pydantic import ValidationError

from lr_portal.domain.oidc import hash_state
from lr_portal.settings import Settings

BASE: dict[str, Any] = {
    "database_url": "postgresql+asyncpg://portal@127.0.0.1/lr_portal",
    "registry_url": "https://registry.internal",
    "portfolio_url": "https://portfolio.internal",
    "oidc_issuer": "https://digid-broker.example.nl",
    "oidc_client_id": "lerarenregister-portal",
    "oidc_redirect_url": "https://mijn.lerarenregister.nl/inloggen/digid/terug",
}
EHERKENNING: dict[str, Any] = {
    "eherkenning_issuer": "https://eherkenning-broker.example.nl",
    "eherkenning_client_id": "lerarenregister-portal-eherkenning",
    "eherkenning_client_secret": "s3cr3t-from-the-vault-0123456789",
    "eherkenning_redirect_url": "https://mijn.lerarenregister.nl/aanleveren/inloggen/eherkenning/terug",
}
INTAKE = {"intake_url": "https://intake.internal"}


def settings(**values: Any) -> Settings:
    return Settings(**{**BASE, **values})


def test_production_board_pages_with_eherkenning_start() -> None:
    production = settings(environment="production", **INTAKE, **EHERKENNING)
    assert production.eherkenning_enabled


def test_production_board_pages_without_eherkenning_are_refused() -> None:
    with pytest.raises(ValidationError, match="need eHerkenning"):
        settings(environment="production", **INTAKE)


def test_production_without_board_pages_needs_no_eherkenning() -> None:
    assert not settings(environment="production").eherkenning_enabled


def test_eherkenning_settings_go_together() -> None:
    with pytest.raises(ValidationError, match="go together"):
        settings(eherkenning_issuer="https://eherkenning-broker.example.nl")


def test_production_refuses_plain_http_and_placeholders() -> None:
    for change in (
        {"eherkenning_issuer": "http://eherkenning-broker.example.nl"},
        {"eherkenning_redirect_url": "http://portal/aanleveren/inloggen/eherkenning/terug"},
    ):
        with pytest.raises(ValidationError, match="https"):
            settings(environment="production", **INTAKE, **{**EHERKENNING, **change})
    with pytest.raises(ValidationError, match="placeholder"):
        settings(
            environment="production",
            **INTAKE,
            **{**EHERKENNING, "eherkenning_client_secret": "changeme"},
        )


def test_the_callback_must_be_the_board_sign_ins() -> None:
    with pytest.raises(ValidationError):
        settings(**{**EHERKENNING, "eherkenning_redirect_url": "https://p/inloggen/digid/terug"})


def test_a_state_hashes_apart_for_eherkenning_so_digids_callback_does_not_know_it() -> None:
    assert hash_state("abc") != hash_state("abc", "eherkenning")
    assert hash_state("abc", "eherkenning") == hash_state("abc", "eherkenning")
