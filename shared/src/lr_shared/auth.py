"""Bearer tokens: verification against a configured key set, and development minting.

Three kinds of token (claim `lr_kind`):
- `board`: a school board or payroll bureau; subject = board number, `lr_boards` = the boards it
  may deliver for;
- `identity`: a teacher signed in as DigiD would hand it over; subject = BSN. Only the registry
  accepts it, to exchange it for
- `register`: issued by the registry; subject = registration number. Every other teacher-facing
  endpoint accepts only this kind, so no service but the registry ever sees a BSN.

In production the identity token is the ID token of an OpenID provider (DigiD through OpenID
Connect): it has no `lr_kind` and is addressed to the portal's client id, not to the register.
`OidcIdentityIssuer` names that provider and its own key set; its ID tokens count as identity
tokens and as nothing else, so a provider's key can never vouch for a board or register token.

A fourth kind, `organisation`, is the ID token of the eHerkenning broker (an OpenID provider
too): whoever signed in for an organisation, named by its claims (KvK numbers). Only intake
accepts it, at `POST /v1/board-token`, to exchange it for a board token signed by intake's own
key (`INTAKE_ISSUER`). The same `OidcIdentityIssuer`, with `kind="organisation"`, names that
provider; the verification rules are one and the same.

A fifth kind, `provider`: a training provider (an accreditation request, an attendance report);
subject = provider id, claims `lr_provider_name` and, when the provider is itself a school board,
`lr_bevoegd_gezag` (both in `Principal.claims`). In development the development IdP signs it,
like a board token; in production nobody does yet (its exchange from eHerkenning is not built),
so every provider token is refused there.

Who may issue which kind is `trusted_issuers(production=...)`: in development the development
IdP signs identity and board tokens (and intake may sign board tokens); in production only
intake signs board tokens, only the registry register tokens, and identities come from the
OpenID provider alone, so a token of the development IdP is refused there even if its key were
in the key set.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

TokenKind = Literal["board", "identity", "register", "organisation", "provider"]
OidcKind = Literal["identity", "organisation"]

AUDIENCE = "lerarenregister"
DEV_IDP_ISSUER = "https://idp.dev.lerarenregister.local"
DEV_IDP_KID = "dev-idp"
REGISTRY_ISSUER = "urn:nl:lerarenregister:registry"
REGISTRY_KID = "registry-1"
INTAKE_ISSUER = "urn:nl:lerarenregister:intake"
INTAKE_KID = "intake-1"

# Which issuer mints which kind in development (the development IdP's own tokens).
ISSUER_OF: dict[TokenKind, str] = {
    "board": DEV_IDP_ISSUER,
    "identity": DEV_IDP_ISSUER,
    "register": REGISTRY_ISSUER,
    "provider": DEV_IDP_ISSUER,
}

PROVIDER_NAME_CLAIM = "lr_provider_name"
PROVIDER_BOARD_CLAIM = "lr_bevoegd_gezag"
PROVIDER_CLAIMS = (PROVIDER_NAME_CLAIM, PROVIDER_BOARD_CLAIM)
"""What a provider token says about its provider besides the subject (its id)."""

_PRODUCTION_ISSUERS: dict[TokenKind, frozenset[str]] = {
    "board": frozenset({INTAKE_ISSUER}),
    "register": frozenset({REGISTRY_ISSUER}),
}
_DEVELOPMENT_ISSUERS: dict[TokenKind, frozenset[str]] = {
    "board": frozenset({DEV_IDP_ISSUER, INTAKE_ISSUER}),
    "identity": frozenset({DEV_IDP_ISSUER}),
    "register": frozenset({REGISTRY_ISSUER}),
    "provider": frozenset({DEV_IDP_ISSUER}),
}


def trusted_issuers(*, production: bool) -> dict[TokenKind, frozenset[str]]:
    """Which issuers may vouch for which kind of token. Production trusts no development IdP:
    board tokens come from intake's exchange, identities from the OpenID provider only."""
    return dict(_PRODUCTION_ISSUERS if production else _DEVELOPMENT_ISSUERS)


DEV_IDP_KEY_FILE = "dev-idp-key.pem"
REGISTRY_KEY_FILE = "registry-signing-key.pem"
INTAKE_KEY_FILE = "intake-signing-key.pem"
JWKS_FILE = "jwks.json"


ASYMMETRIC_KEY_TYPES = frozenset({"RSA", "EC", "OKP"})
"""Key types a provider's set may hold: a shared secret (`oct`) would let anyone who holds it
sign, and `alg: none` is never accepted."""


EH3 = "urn:etoegang:core:assurance-class:loa3"
EH4 = "urn:etoegang:core:assurance-class:loa4"
EH3_OR_HIGHER = (EH3, EH4)
"""eHerkenning's levels of assurance (its `acr` values) at which a board's staff may read and
deliver personal data: the portal asks for EH3, intake accepts EH3 and EH4."""


OIDC_CLOCK_SKEW = timedelta(seconds=60)
"""Allowed between the OpenID provider's clock and ours on `exp` and `iat` (its ID tokens are
minted elsewhere; our own tokens are checked without leeway)."""


class InvalidTokenError(Exception):
    """The token is missing, malformed, expired, of the wrong kind or from an unknown issuer."""


@dataclass(frozen=True)
class Principal:
    kind: TokenKind
    subject: str
    boards: frozenset[str] = frozenset()
    claims: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    """An OpenID provider's verified ID token claims (an `organisation`'s KvK numbers); a
    provider token's `PROVIDER_CLAIMS`; empty for our other tokens."""

    def may_deliver_for(self, bevoegd_gezag: str) -> bool:
        return self.kind == "board" and bevoegd_gezag in self.boards


def _public_jwk(public_key: Ed25519PublicKey, kid: str) -> dict[str, Any]:
    jwk: dict[str, Any] = json.loads(jwt.algorithms.OKPAlgorithm.to_jwk(public_key))
    return {**jwk, "kid": kid, "use": "sig", "alg": "EdDSA"}


def _load_or_create_key(path: Path) -> Ed25519PrivateKey:
    if path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{path} is not an Ed25519 key")
        return key
    key = Ed25519PrivateKey.generate()
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    path.chmod(0o600)
    return key


def generate_dev_keys(directory: Path) -> None:
    """Create the development IdP key, the registry's and intake's signing keys and their JWKS
    (idempotent: existing keys are kept, the JWKS written again)."""
    directory.mkdir(parents=True, exist_ok=True)
    idp = _load_or_create_key(directory / DEV_IDP_KEY_FILE)
    registry = _load_or_create_key(directory / REGISTRY_KEY_FILE)
    intake = _load_or_create_key(directory / INTAKE_KEY_FILE)
    jwks = {
        "keys": [
            _public_jwk(idp.public_key(), DEV_IDP_KID),
            _public_jwk(registry.public_key(), REGISTRY_KID),
            _public_jwk(intake.public_key(), INTAKE_KID),
        ]
    }
    (directory / JWKS_FILE).write_text(json.dumps(jwks, indent=2))


def mint_token(
    private_key_pem: bytes,
    *,
    kid: str,
    issuer: str,
    subject: str,
    kind: TokenKind,
    boards: list[str] | None = None,
    ttl: timedelta = timedelta(hours=1),
    now: datetime | None = None,
    extra_claims: Mapping[str, Any] | None = None,
) -> str:
    """`extra_claims` (a provider token's name and board) never override the claims above."""
    issued = now or datetime.now(UTC)
    claims: dict[str, Any] = {
        **(extra_claims or {}),
        "iss": issuer,
        "sub": subject,
        "aud": AUDIENCE,
        "iat": int(issued.timestamp()),
        "exp": int((issued + ttl).timestamp()),
        "lr_kind": kind,
    }
    if boards:
        claims["lr_boards"] = boards
    key = serialization.load_pem_private_key(private_key_pem, password=None)
    return jwt.encode(claims, key, algorithm="EdDSA", headers={"kid": kid})  # type: ignore[arg-type]


@dataclass(frozen=True)
class OidcIdentityIssuer:
    """An OpenID provider whose ID tokens count as one kind of token: identity tokens
    (DigiD, subject = BSN) or `organisation` tokens (eHerkenning, the organisation in its
    claims); its issuer, the audience its ID tokens must name (the portal's client id there)
    and its public keys."""

    issuer: str
    audience: str
    jwks: dict[str, Any]
    kind: OidcKind = "identity"
    acr_values: frozenset[str] = frozenset()
    """The levels of assurance accepted (the ID token's `acr`); empty: any."""

    @classmethod
    def from_file(
        cls,
        issuer: str,
        audience: str,
        jwks_file: Path,
        kind: OidcKind = "identity",
        acr_values: Collection[str] = (),
    ) -> OidcIdentityIssuer:
        return cls(issuer, audience, json.loads(jwks_file.read_text()), kind, frozenset(acr_values))


class TokenVerifier:
    """Verifies bearer tokens against a JWKS document (and, optionally, the ID tokens of one
    OpenID provider against its own)."""

    def __init__(
        self,
        jwks: dict[str, Any],
        issuers: Mapping[TokenKind, frozenset[str]] | None = None,
        oidc_identity: OidcIdentityIssuer | None = None,
    ) -> None:
        self._keys = {key.key_id: key for key in jwt.PyJWKSet.from_dict(jwks).keys}
        self._issuers = issuers if issuers is not None else trusted_issuers(production=False)
        self._oidc = oidc_identity
        self._oidc_keys = (
            {key.key_id: key for key in jwt.PyJWKSet.from_dict(oidc_identity.jwks).keys}
            if oidc_identity is not None
            else {}
        )

    @classmethod
    def from_file(
        cls,
        path: Path,
        oidc_identity: OidcIdentityIssuer | None = None,
        *,
        production: bool = False,
    ) -> TokenVerifier:
        return cls(
            json.loads(path.read_text()),
            issuers=trusted_issuers(production=production),
            oidc_identity=oidc_identity,
        )

    def verify(self, token: str, *, kinds: set[TokenKind]) -> Principal:
        if self._oidc is not None and self._unverified_issuer(token) == self._oidc.issuer:
            return self._verify_oidc_identity(token, self._oidc, kinds)
        try:
            header = jwt.get_unverified_header(token)
            key = self._keys.get(header.get("kid", ""))
            if key is None:
                raise InvalidTokenError("unknown signing key")
            claims = jwt.decode(
                token,
                key=key,
                algorithms=["EdDSA"],
                audience=AUDIENCE,
                options={"require": ["exp", "iat", "sub", "iss"]},
            )
        except jwt.PyJWTError as exc:
            raise InvalidTokenError(type(exc).__name__) from None
        kind = claims.get("lr_kind")
        if kind not in kinds:
            raise InvalidTokenError("token of the wrong kind")
        if claims["iss"] not in self._issuers.get(kind, frozenset()):
            raise InvalidTokenError("issuer may not issue this kind of token")
        boards: frozenset[str] = frozenset()
        if kind == "board":
            boards = frozenset([claims["sub"], *claims.get("lr_boards", [])])
        own: dict[str, Any] = {}
        if kind == "provider":
            own = {name: claims[name] for name in PROVIDER_CLAIMS if name in claims}
        return Principal(kind=kind, subject=str(claims["sub"]), boards=boards, claims=own)

    @staticmethod
    def _unverified_issuer(token: str) -> object:
        """Only to choose which rules and keys apply; nothing is trusted before the signature."""
        try:
            return jwt.decode(token, options={"verify_signature": False}).get("iss")
        except jwt.PyJWTError:
            return None

    def _verify_oidc_identity(
        self, token: str, oidc: OidcIdentityIssuer, kinds: set[TokenKind]
    ) -> Principal:
        if oidc.kind not in kinds:
            raise InvalidTokenError("token of the wrong kind")
        try:
            header = jwt.get_unverified_header(token)
            key = self._oidc_keys.get(header.get("kid", ""))
            if key is None or key.key_type not in ASYMMETRIC_KEY_TYPES:
                raise InvalidTokenError("unknown signing key")
            claims = jwt.decode(
                token,
                key=key,
                # The key's own algorithm only: no algorithm confusion, no `none`.
                algorithms=[key.algorithm_name],
                audience=oidc.audience,
                issuer=oidc.issuer,
                leeway=OIDC_CLOCK_SKEW,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            )
        except jwt.PyJWTError as exc:
            raise InvalidTokenError(type(exc).__name__) from None
        if claims.get("lr_kind", oidc.kind) != oidc.kind:
            raise InvalidTokenError("token of the wrong kind")
        if oidc.acr_values and claims.get("acr") not in oidc.acr_values:
            raise InvalidTokenError("level of assurance not accepted")
        return Principal(kind=oidc.kind, subject=str(claims["sub"]), claims=claims)
