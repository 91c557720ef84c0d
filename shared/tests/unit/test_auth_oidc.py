"""The ID tokens of an OpenID provider (DigiD through OpenID Connect) as identity tokens."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from lr_shared.auth import (
    DEV_IDP_KEY_FILE,
    DEV_IDP_KID,
    JWKS_FILE,
    REGISTRY_ISSUER,
    InvalidTokenError,
    OidcIdentityIssuer,
    TokenVerifier,
    generate_dev_keys,
    mint_token,
)

ISSUER = "https://digid-broker.example.nl"
CLIENT_ID = "lerarenregister-portal"
KID = "op-1"
BSN = "111222333"


@pytest.fixture(scope="module")
def provider_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def verifier(tmp_path: Path, provider_key: rsa.RSAPrivateKey) -> TokenVerifier:
    generate_dev_keys(tmp_path)
    public: dict[str, Any] = json.loads(
        jwt.algorithms.RSAAlgorithm.to_jwk(provider_key.public_key())
    )
    (tmp_path / "op-jwks.json").write_text(
        json.dumps({"keys": [{**public, "kid": KID, "alg": "RS256", "use": "sig"}]})
    )
    return TokenVerifier.from_file(
        tmp_path / JWKS_FILE,
        oidc_identity=OidcIdentityIssuer.from_file(ISSUER, CLIENT_ID, tmp_path / "op-jwks.json"),
    )


def id_token(key: Any, *, kid: str = KID, algorithm: str = "RS256", **changes: Any) -> str:
    now = datetime.now(UTC)
    claims: dict[str, Any] = {
        "iss": ISSUER,
        "sub": BSN,
        "aud": CLIENT_ID,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=5)).timestamp()),
        "nonce": "n-0S6_WzA2Mj",
        **changes,
    }
    return jwt.encode(claims, key, algorithm=algorithm, headers={"kid": kid})


def test_an_id_token_of_the_provider_is_an_identity_token_for_its_subject(
    verifier: TokenVerifier, provider_key: rsa.RSAPrivateKey
) -> None:
    principal = verifier.verify(id_token(provider_key), kinds={"identity"})
    assert (principal.kind, principal.subject) == ("identity", BSN)


def test_an_id_token_is_accepted_when_the_portal_is_one_of_its_audiences(
    verifier: TokenVerifier, provider_key: rsa.RSAPrivateKey
) -> None:
    token = id_token(provider_key, aud=[CLIENT_ID, "another-client"])
    assert verifier.verify(token, kinds={"identity"}).subject == BSN


def test_an_id_token_for_another_client_is_refused(
    verifier: TokenVerifier, provider_key: rsa.RSAPrivateKey
) -> None:
    with pytest.raises(InvalidTokenError, match="InvalidAudience"):
        verifier.verify(id_token(provider_key, aud="another-client"), kinds={"identity"})


def test_an_expired_id_token_is_refused(
    verifier: TokenVerifier, provider_key: rsa.RSAPrivateKey
) -> None:
    past = datetime.now(UTC) - timedelta(hours=1)
    token = id_token(provider_key, iat=int(past.timestamp()), exp=int(past.timestamp()) + 300)
    with pytest.raises(InvalidTokenError, match="Expired"):
        verifier.verify(token, kinds={"identity"})


def test_an_id_token_is_refused_where_a_register_token_is_required(
    verifier: TokenVerifier, provider_key: rsa.RSAPrivateKey
) -> None:
    with pytest.raises(InvalidTokenError, match="wrong kind"):
        verifier.verify(id_token(provider_key), kinds={"register"})


def test_an_id_token_signed_by_a_key_the_provider_does_not_publish_is_refused(
    verifier: TokenVerifier,
) -> None:
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(InvalidTokenError, match="InvalidSignature"):
        verifier.verify(id_token(stranger), kinds={"identity"})


def test_the_development_key_cannot_sign_for_the_provider(
    verifier: TokenVerifier, tmp_path: Path
) -> None:
    private = serialization.load_pem_private_key(
        (tmp_path / DEV_IDP_KEY_FILE).read_bytes(), password=None
    )
    token = id_token(private, kid=DEV_IDP_KID, algorithm="EdDSA")
    with pytest.raises(InvalidTokenError, match="unknown signing key"):
        verifier.verify(token, kinds={"identity"})


def test_the_providers_key_cannot_vouch_for_a_register_token(
    verifier: TokenVerifier, provider_key: rsa.RSAPrivateKey
) -> None:
    now = datetime.now(UTC)
    forged = jwt.encode(
        {
            "iss": REGISTRY_ISSUER,
            "sub": "LR00000001",
            "aud": "lerarenregister",
            "iat": int(now.timestamp()),
            "exp": int((now + timedelta(minutes=5)).timestamp()),
            "lr_kind": "register",
        },
        provider_key,
        algorithm="RS256",
        headers={"kid": KID},
    )
    with pytest.raises(InvalidTokenError, match="unknown signing key"):
        verifier.verify(forged, kinds={"register"})


def test_a_shared_secret_in_the_providers_key_set_signs_nothing(tmp_path: Path) -> None:
    generate_dev_keys(tmp_path)
    secret = "a-shared-secret-of-at-least-32-bytes!!"
    oct_jwk = json.loads(jwt.algorithms.HMACAlgorithm.to_jwk(secret.encode()))
    oidc = OidcIdentityIssuer(ISSUER, CLIENT_ID, {"keys": [{**oct_jwk, "kid": KID}]})
    verifier = TokenVerifier.from_file(tmp_path / JWKS_FILE, oidc_identity=oidc)
    token = id_token(secret.encode(), algorithm="HS256")
    with pytest.raises(InvalidTokenError, match="unknown signing key"):
        verifier.verify(token, kinds={"identity"})


def test_development_identity_tokens_still_work_beside_the_provider(
    verifier: TokenVerifier, tmp_path: Path
) -> None:
    token = mint_token(
        (tmp_path / DEV_IDP_KEY_FILE).read_bytes(),
        kid=DEV_IDP_KID,
        issuer="https://idp.dev.lerarenregister.local",
        subject=BSN,
        kind="identity",
    )
    assert verifier.verify(token, kinds={"identity"}).subject == BSN
