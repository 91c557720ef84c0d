"""Who may issue which kind of token: the development IdP in development only, intake's board
tokens everywhere, and the eHerkenning broker's ID tokens as `organisation` tokens only."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from lr_shared.auth import (
    DEV_IDP_ISSUER,
    DEV_IDP_KEY_FILE,
    DEV_IDP_KID,
    EH3_OR_HIGHER,
    INTAKE_ISSUER,
    INTAKE_KEY_FILE,
    INTAKE_KID,
    JWKS_FILE,
    REGISTRY_ISSUER,
    REGISTRY_KEY_FILE,
    REGISTRY_KID,
    InvalidTokenError,
    OidcIdentityIssuer,
    TokenKind,
    TokenVerifier,
    generate_dev_keys,
    mint_token,
)

BROKER = "https://eherkenning-broker.example.nl"
CLIENT_ID = "lerarenregister-portal-eherkenning"
KID = "eh-1"
KVK_CLAIM = "urn:etoegang:core:LegalSubjectID"


@pytest.fixture
def keys(tmp_path: Path) -> Path:
    generate_dev_keys(tmp_path)
    return tmp_path


def token(keys: Path, key_file: str, kid: str, issuer: str, kind: TokenKind) -> str:
    return mint_token(
        (keys / key_file).read_bytes(), kid=kid, issuer=issuer, subject="41234", kind=kind
    )


def test_intakes_key_is_in_the_jwks_every_service_trusts(keys: Path) -> None:
    kids = {key["kid"] for key in json.loads((keys / JWKS_FILE).read_text())["keys"]}
    assert kids == {DEV_IDP_KID, REGISTRY_KID, INTAKE_KID}


@pytest.mark.parametrize("production", [False, True])
def test_intake_issues_board_tokens_in_development_and_production(
    keys: Path, production: bool
) -> None:
    verifier = TokenVerifier.from_file(keys / JWKS_FILE, production=production)
    board = token(keys, INTAKE_KEY_FILE, INTAKE_KID, INTAKE_ISSUER, "board")
    assert verifier.verify(board, kinds={"board"}).boards == {"41234"}
    register = token(keys, REGISTRY_KEY_FILE, REGISTRY_KID, REGISTRY_ISSUER, "register")
    assert verifier.verify(register, kinds={"register"}).subject == "41234"


def test_intake_issues_no_other_kind_and_the_registry_no_board_token(keys: Path) -> None:
    verifier = TokenVerifier.from_file(keys / JWKS_FILE, production=True)
    kinds: tuple[TokenKind, ...] = ("identity", "register", "organisation")
    for kind in kinds:
        with pytest.raises(InvalidTokenError):
            verifier.verify(
                token(keys, INTAKE_KEY_FILE, INTAKE_KID, INTAKE_ISSUER, kind), kinds={kind}
            )
    with pytest.raises(InvalidTokenError):
        verifier.verify(
            token(keys, REGISTRY_KEY_FILE, REGISTRY_KID, REGISTRY_ISSUER, "board"), kinds={"board"}
        )


@pytest.mark.parametrize("kind", ["board", "identity"])
def test_the_development_idp_is_refused_in_production_even_with_its_key_trusted(
    keys: Path, kind: TokenKind
) -> None:
    dev = token(keys, DEV_IDP_KEY_FILE, DEV_IDP_KID, DEV_IDP_ISSUER, kind)
    assert TokenVerifier.from_file(keys / JWKS_FILE).verify(dev, kinds={kind}).kind == kind
    with pytest.raises(InvalidTokenError, match="issuer"):
        TokenVerifier.from_file(keys / JWKS_FILE, production=True).verify(dev, kinds={kind})


@pytest.fixture(scope="module")
def broker_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def intake_verifier(keys: Path, broker_key: rsa.RSAPrivateKey) -> TokenVerifier:
    public: dict[str, Any] = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(broker_key.public_key()))
    broker = OidcIdentityIssuer(
        BROKER,
        CLIENT_ID,
        {"keys": [{**public, "kid": KID, "alg": "RS256", "use": "sig"}]},
        kind="organisation",
    )
    return TokenVerifier.from_file(keys / JWKS_FILE, oidc_identity=broker, production=True)


def broker_token(key: Any, **changes: Any) -> str:
    now = datetime.now(UTC)
    claims = {
        "iss": BROKER,
        "sub": "pseudonym-of-the-person",
        "aud": CLIENT_ID,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=5)).timestamp()),
        KVK_CLAIM: "41000001",
        **changes,
    }
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": KID})


def test_the_brokers_id_token_is_an_organisation_token_with_its_claims(
    intake_verifier: TokenVerifier, broker_key: rsa.RSAPrivateKey
) -> None:
    principal = intake_verifier.verify(broker_token(broker_key), kinds={"organisation"})
    assert principal.kind == "organisation"
    assert principal.claims[KVK_CLAIM] == "41000001"
    assert principal.boards == frozenset()


@pytest.mark.parametrize("kind", ["board", "identity", "register"])
def test_the_brokers_id_token_counts_as_nothing_else(
    intake_verifier: TokenVerifier, broker_key: rsa.RSAPrivateKey, kind: TokenKind
) -> None:
    with pytest.raises(InvalidTokenError, match="wrong kind"):
        intake_verifier.verify(broker_token(broker_key), kinds={kind})
    with pytest.raises(InvalidTokenError):
        intake_verifier.verify(broker_token(broker_key, lr_kind="board"), kinds={"organisation"})


@pytest.mark.parametrize(
    "changes", [{"aud": "lerarenregister-portal"}, {"exp": 1}, {"iss": "https://other.example"}]
)
def test_a_brokers_token_for_another_client_expired_or_of_another_issuer_is_refused(
    intake_verifier: TokenVerifier, broker_key: rsa.RSAPrivateKey, changes: dict[str, Any]
) -> None:
    with pytest.raises(InvalidTokenError):
        intake_verifier.verify(broker_token(broker_key, **changes), kinds={"organisation"})


def test_our_own_keys_cannot_make_an_organisation_token(
    intake_verifier: TokenVerifier, keys: Path
) -> None:
    for key_file, kid, issuer in (
        (DEV_IDP_KEY_FILE, DEV_IDP_KID, DEV_IDP_ISSUER),
        (INTAKE_KEY_FILE, INTAKE_KID, INTAKE_ISSUER),
    ):
        with pytest.raises(InvalidTokenError):
            intake_verifier.verify(
                token(keys, key_file, kid, issuer, "organisation"), kinds={"organisation"}
            )


def test_a_broker_with_levels_of_assurance_accepts_only_those(
    keys: Path, broker_key: rsa.RSAPrivateKey
) -> None:
    public: dict[str, Any] = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(broker_key.public_key()))
    broker = OidcIdentityIssuer(
        BROKER,
        CLIENT_ID,
        {"keys": [{**public, "kid": KID, "alg": "RS256", "use": "sig"}]},
        kind="organisation",
        acr_values=frozenset(EH3_OR_HIGHER),
    )
    verifier = TokenVerifier.from_file(keys / JWKS_FILE, oidc_identity=broker, production=True)
    for acr in EH3_OR_HIGHER:
        assert verifier.verify(broker_token(broker_key, acr=acr), kinds={"organisation"})
    for low in ({"acr": "urn:etoegang:core:assurance-class:loa2plus"}, {}):
        with pytest.raises(InvalidTokenError, match="level of assurance"):
            verifier.verify(broker_token(broker_key, **low), kinds={"organisation"})
