"""The `provider` token kind (lr_shared.auth): minted by the development IdP in development,
refused in production, its provider's name and board in the principal's claims."""

from __future__ import annotations

from pathlib import Path

import pytest

from lr_shared.auth import (
    DEV_IDP_ISSUER,
    DEV_IDP_KEY_FILE,
    DEV_IDP_KID,
    INTAKE_ISSUER,
    INTAKE_KEY_FILE,
    INTAKE_KID,
    JWKS_FILE,
    PROVIDER_BOARD_CLAIM,
    PROVIDER_NAME_CLAIM,
    InvalidTokenError,
    TokenVerifier,
    generate_dev_keys,
    mint_token,
)


@pytest.fixture
def keys(tmp_path: Path) -> Path:
    generate_dev_keys(tmp_path)
    return tmp_path


def provider_token(keys: Path, **claims: str) -> str:
    return mint_token(
        (keys / DEV_IDP_KEY_FILE).read_bytes(),
        kid=DEV_IDP_KID,
        issuer=DEV_IDP_ISSUER,
        subject="P0042",
        kind="provider",
        extra_claims=claims,
    )


def test_a_development_provider_token_carries_its_name_and_board(keys: Path) -> None:
    token = provider_token(
        keys, **{PROVIDER_NAME_CLAIM: "Penta Nova", PROVIDER_BOARD_CLAIM: "50001"}
    )

    principal = TokenVerifier.from_file(keys / JWKS_FILE).verify(token, kinds={"provider"})

    assert (principal.kind, principal.subject) == ("provider", "P0042")
    assert principal.claims == {PROVIDER_NAME_CLAIM: "Penta Nova", PROVIDER_BOARD_CLAIM: "50001"}
    assert principal.boards == frozenset()


def test_production_trusts_no_issuer_of_provider_tokens_yet(keys: Path) -> None:
    with pytest.raises(InvalidTokenError, match="issuer"):
        TokenVerifier.from_file(keys / JWKS_FILE, production=True).verify(
            provider_token(keys), kinds={"provider"}
        )


def test_a_provider_token_is_no_board_or_register_token_and_intake_mints_none(keys: Path) -> None:
    verifier = TokenVerifier.from_file(keys / JWKS_FILE)
    with pytest.raises(InvalidTokenError, match="wrong kind"):
        verifier.verify(provider_token(keys), kinds={"board", "register"})
    by_intake = mint_token(
        (keys / INTAKE_KEY_FILE).read_bytes(),
        kid=INTAKE_KID,
        issuer=INTAKE_ISSUER,
        subject="P0042",
        kind="provider",
    )
    with pytest.raises(InvalidTokenError, match="issuer"):
        verifier.verify(by_intake, kinds={"provider"})


def test_extra_claims_cannot_override_the_kind_or_subject(keys: Path) -> None:
    token = mint_token(
        (keys / DEV_IDP_KEY_FILE).read_bytes(),
        kid=DEV_IDP_KID,
        issuer=DEV_IDP_ISSUER,
        subject="P0042",
        kind="provider",
        extra_claims={"lr_kind": "board", "sub": "41234"},
    )
    principal = TokenVerifier.from_file(keys / JWKS_FILE).verify(token, kinds={"provider"})
    assert principal.subject == "P0042"
