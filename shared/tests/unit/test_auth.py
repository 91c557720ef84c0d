from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from lr_shared.auth import (
    DEV_IDP_ISSUER,
    DEV_IDP_KEY_FILE,
    DEV_IDP_KID,
    JWKS_FILE,
    REGISTRY_ISSUER,
    REGISTRY_KEY_FILE,
    REGISTRY_KID,
    InvalidTokenError,
    TokenVerifier,
    generate_dev_keys,
    mint_token,
)


@pytest.fixture
def keys(tmp_path: Path) -> Path:
    generate_dev_keys(tmp_path)
    return tmp_path


def _verifier(keys: Path) -> TokenVerifier:
    return TokenVerifier.from_file(keys / JWKS_FILE)


def test_a_board_token_carries_the_boards_it_may_deliver_for(keys: Path) -> None:
    token = mint_token(
        (keys / DEV_IDP_KEY_FILE).read_bytes(),
        kid=DEV_IDP_KID,
        issuer=DEV_IDP_ISSUER,
        subject="12345",
        kind="board",
        boards=["23456"],
    )
    principal = _verifier(keys).verify(token, kinds={"board"})
    assert principal.subject == "12345"
    assert principal.may_deliver_for("12345")
    assert principal.may_deliver_for("23456")
    assert not principal.may_deliver_for("34567")


def test_an_identity_token_is_refused_where_a_register_token_is_required(keys: Path) -> None:
    token = mint_token(
        (keys / DEV_IDP_KEY_FILE).read_bytes(),
        kid=DEV_IDP_KID,
        issuer=DEV_IDP_ISSUER,
        subject="111222333",
        kind="identity",
    )
    with pytest.raises(InvalidTokenError, match="wrong kind"):
        _verifier(keys).verify(token, kinds={"register"})


def test_a_register_token_not_signed_by_the_registry_is_refused(keys: Path) -> None:
    forged = mint_token(
        (keys / DEV_IDP_KEY_FILE).read_bytes(),
        kid=DEV_IDP_KID,
        issuer=DEV_IDP_ISSUER,
        subject="LR00000001",
        kind="register",
    )
    with pytest.raises(InvalidTokenError, match="issuer"):
        _verifier(keys).verify(forged, kinds={"register"})


def test_a_register_token_from_the_registry_is_accepted(keys: Path) -> None:
    token = mint_token(
        (keys / REGISTRY_KEY_FILE).read_bytes(),
        kid=REGISTRY_KID,
        issuer=REGISTRY_ISSUER,
        subject="LR00000001",
        kind="register",
    )
    assert _verifier(keys).verify(token, kinds={"register"}).subject == "LR00000001"


def test_an_expired_token_is_refused(keys: Path) -> None:
    token = mint_token(
        (keys / REGISTRY_KEY_FILE).read_bytes(),
        kid=REGISTRY_KID,
        issuer=REGISTRY_ISSUER,
        subject="LR00000001",
        kind="register",
        ttl=timedelta(minutes=5),
        now=datetime.now(UTC) - timedelta(hours=1),
    )
    with pytest.raises(InvalidTokenError, match="Expired"):
        _verifier(keys).verify(token, kinds={"register"})


def test_generating_dev_keys_twice_keeps_the_keys(keys: Path) -> None:
    before = (keys / REGISTRY_KEY_FILE).read_bytes()
    generate_dev_keys(keys)
    assert (keys / REGISTRY_KEY_FILE).read_bytes() == before
