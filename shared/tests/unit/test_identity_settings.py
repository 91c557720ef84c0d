"""Identity settings that fit production: issuer and audience per kind of token from
LR_TOKEN_RULES, the key set from a file or a JWKS URL, and the development IdP refused in
production as its keys are."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from lr_shared.auth import (
    AUDIENCE,
    DEV_IDP_ISSUER,
    DEV_IDP_KEY_FILE,
    DEV_IDP_KID,
    INTAKE_ISSUER,
    JWKS_FILE,
    REGISTRY_ISSUER,
    REGISTRY_KEY_FILE,
    REGISTRY_KID,
    InvalidTokenError,
    KeySet,
    TokenRule,
    TokenVerifier,
    generate_dev_keys,
    mint_token,
)
from lr_shared.runtime import token_verifier
from lr_shared.settings import ServiceSettings, check_identity_settings

BASE: dict[str, Any] = {
    "service_name": "portfolio",
    "kafka_bootstrap_servers": "127.0.0.1:19092",
    "database_url": "postgresql+asyncpg://lr@127.0.0.1:55432/lr_portfolio",
    "http_port": 8003,
}
PRODUCTION_RULES: dict[str, Any] = {
    "board": {"issuers": [INTAKE_ISSUER], "audience": "lerarenregister-prod"},
    "register": {"issuers": [REGISTRY_ISSUER], "audience": "lerarenregister-prod"},
}


@pytest.fixture
def keys(tmp_path: Path) -> Path:
    generate_dev_keys(tmp_path)
    return tmp_path


def production(rules: dict[str, Any] | None = None, **values: Any) -> None:
    """The identity checks of production settings (not Kafka's, which have their own tests)."""
    token_rules: dict[str, TokenRule] | None = None
    if rules is not None:
        token_rules = {
            k: TokenRule(frozenset(r["issuers"]), r["audience"]) for k, r in rules.items()
        }
    values = {**BASE, "environment": "production", "token_rules": token_rules, **values}
    check_identity_settings(ServiceSettings.model_construct(**values))


def test_development_needs_no_new_setting_and_keeps_its_issuers(keys: Path) -> None:
    settings = ServiceSettings(**BASE, jwks_file=keys / JWKS_FILE)
    assert settings.tokens["identity"] == TokenRule(frozenset({DEV_IDP_ISSUER}), AUDIENCE)
    assert settings.tokens["board"].issuers == {DEV_IDP_ISSUER, INTAKE_ISSUER}


def test_the_key_set_comes_from_one_of_a_file_and_a_url(keys: Path) -> None:
    with pytest.raises(ValidationError, match="one of jwks_file and jwks_url"):
        ServiceSettings(**BASE)
    with pytest.raises(ValidationError, match="one of jwks_file and jwks_url"):
        ServiceSettings(**BASE, jwks_file=keys / JWKS_FILE, jwks_url="https://keys.example/j")


def test_the_token_rules_are_read_from_the_environment(
    keys: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LR_TOKEN_RULES", json.dumps(PRODUCTION_RULES))
    settings = ServiceSettings(**BASE, jwks_file=keys / JWKS_FILE)
    assert settings.tokens == {
        "board": TokenRule(frozenset({INTAKE_ISSUER}), "lerarenregister-prod"),
        "register": TokenRule(frozenset({REGISTRY_ISSUER}), "lerarenregister-prod"),
    }


def test_production_needs_explicit_token_rules() -> None:
    with pytest.raises(ValueError, match="LR_TOKEN_RULES"):
        production(jwks_url="https://keys.lerarenregister.nl/jwks.json")


def test_production_refuses_the_development_issuer() -> None:
    rules = {
        **PRODUCTION_RULES,
        "board": {"issuers": [INTAKE_ISSUER, DEV_IDP_ISSUER], "audience": "x"},
    }
    with pytest.raises(ValueError, match="development IdP's issuer is refused"):
        production(rules, jwks_url="https://keys.lerarenregister.nl/jwks.json")


def test_production_refuses_identity_rules_and_a_plain_http_key_set() -> None:
    identity = {"identity": {"issuers": ["https://idp.example"], "audience": "x"}}
    with pytest.raises(ValueError, match="OpenID provider only"):
        production(identity, jwks_url="https://keys.example/jwks.json")
    with pytest.raises(ValueError, match="https://"):
        production(PRODUCTION_RULES, jwks_url="http://keys.example/jwks.json")
    production(PRODUCTION_RULES, jwks_url="https://keys.example/jwks.json")


def test_organisation_tokens_have_no_rule_of_their_own(keys: Path) -> None:
    rules = {"organisation": {"issuers": ["https://broker"], "audience": "x"}}
    values: dict[str, Any] = {**BASE, "jwks_file": keys / JWKS_FILE, "token_rules": rules}
    with pytest.raises(ValidationError, match="eHerkenning"):
        ServiceSettings(**values)


def test_a_token_counts_only_for_the_audience_of_its_kind(keys: Path) -> None:
    values = {**BASE, "jwks_file": keys / JWKS_FILE, "token_rules": PRODUCTION_RULES}
    settings = ServiceSettings(**values)
    verifier = token_verifier(settings)

    def register(audience: str) -> str:
        return mint_token(
            (keys / REGISTRY_KEY_FILE).read_bytes(),
            kid=REGISTRY_KID,
            issuer=REGISTRY_ISSUER,
            subject="LR00000001",
            kind="register",
            audience=audience,
        )

    assert verifier.verify(register("lerarenregister-prod"), kinds={"register"})
    with pytest.raises(InvalidTokenError, match="InvalidAudience"):
        verifier.verify(register(AUDIENCE), kinds={"register"})


def test_a_kind_without_a_rule_is_refused_even_from_a_trusted_key(keys: Path) -> None:
    verifier = TokenVerifier.from_rules(
        KeySet.from_file(keys / JWKS_FILE),
        {"register": TokenRule(frozenset({REGISTRY_ISSUER}))},
    )
    board = mint_token(
        (keys / DEV_IDP_KEY_FILE).read_bytes(),
        kid=DEV_IDP_KID,
        issuer=DEV_IDP_ISSUER,
        subject="12345",
        kind="board",
    )
    with pytest.raises(InvalidTokenError, match="issuer"):
        verifier.verify(board, kinds={"board"})
