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

Where the keys come from is a `KeySet`: a JWKS document in hand (a file), or a `RemoteKeySet`
at a JWKS URL, fetched when first needed, again when a token names a key it does not hold (so
an issuer can rotate its keys without our restart) and when it has grown old (so a withdrawn
key stops counting), at most once per `REFETCH_SECONDS` for unknown key ids, so a flood of
made-up ids cannot hammer the issuer. `TokenVerifier.verify_async` is the one that fetches;
`verify` uses the keys in hand. Which issuer and which audience count, per kind, is a
`TokenRule` (the services' `LR_TOKEN_RULES`; docs/security.md, "Identity settings").
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import urllib.request
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

log = logging.getLogger(__name__)

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


@dataclass(frozen=True)
class TokenRule:
    """What a token of one kind must say to count: an issuer of `issuers` (`iss`) and
    `audience` among its `aud`."""

    issuers: frozenset[str]
    audience: str = AUDIENCE


def development_rules() -> dict[TokenKind, TokenRule]:
    """The rules without `LR_TOKEN_RULES`, in development only: `trusted_issuers(production=
    False)`, every kind addressed to `AUDIENCE`."""
    return {kind: TokenRule(issuers) for kind, issuers in _DEVELOPMENT_ISSUERS.items()}


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


REFETCH_SECONDS = 60.0
"""A remote key set is fetched again for an unknown key id at most this often: a token naming
a made-up key costs the issuer nothing more."""
MAX_AGE_SECONDS = 600.0
"""A remote key set older than this is fetched again before the next token is verified (a
failed fetch keeps the keys in hand), so a key the issuer withdrew stops counting."""
FETCH_TIMEOUT_SECONDS = 5.0
MAX_KEY_SET_BYTES = 1_000_000


class UnknownKeyError(InvalidTokenError):
    """The token names a key the key set does not hold (yet: a remote set may be fetched again)."""

    def __init__(self, key_set: KeySet) -> None:
        super().__init__("unknown signing key")
        self.key_set = key_set


class KeySetUnavailableError(ConnectionError):
    """A remote key set could not be fetched and no keys are in hand: an outage (503), not a
    refused token."""


def _keys_of(document: Mapping[str, Any]) -> dict[str, jwt.PyJWK]:
    found = document.get("keys")
    if not isinstance(found, list):
        raise ValueError("a JWKS document has a `keys` list")
    if not found:
        return {}
    keys = jwt.PyJWKSet.from_dict(dict(document)).keys
    return {key.key_id: key for key in keys if key.key_id is not None}


class KeySet:
    """Public keys by key id, from a JWKS document in hand (`from_file`)."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self._keys = _keys_of(document)

    @classmethod
    def from_file(cls, path: Path) -> KeySet:
        return cls(json.loads(path.read_text()))

    def get(self, kid: str) -> jwt.PyJWK | None:
        return self._keys.get(kid)

    async def refresh(self, *, unknown_kid: bool) -> bool:
        """Fetch the keys again where they come from, if that is due; True when it happened.
        A document in hand never changes."""
        return False


class RemoteKeySet(KeySet):
    """The JWKS document at `url`: fetched when first needed; again for a token naming an
    unknown key, at most once per `refetch_seconds`; and when older than `max_age_seconds`.
    A failed fetch keeps the keys in hand; with none in hand it is an outage."""

    def __init__(
        self,
        url: str,
        *,
        refetch_seconds: float = REFETCH_SECONDS,
        max_age_seconds: float = MAX_AGE_SECONDS,
        timeout_seconds: float = FETCH_TIMEOUT_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if not url.startswith(("https://", "http://")):
            raise ValueError("a JWKS URL is http(s)://")
        self.url = url
        self._refetch = refetch_seconds
        self._max_age = max_age_seconds
        self._timeout = timeout_seconds
        self._monotonic = monotonic
        self._keys = {}
        self._fetched_at: float | None = None
        self._attempted_at: float | None = None
        self._last_ok = False
        self._lock = asyncio.Lock()
        self.fetches = 0
        """How many times the document was asked for (tests and metrics)."""

    def _due(self, now: float, *, unknown_kid: bool) -> bool:
        if self._attempted_at is not None and now - self._attempted_at < self._refetch:
            return False  # whatever the reason: the issuer is asked at most once a period
        if self._fetched_at is None or unknown_kid:
            return True
        return now - self._fetched_at >= self._max_age

    async def refresh(self, *, unknown_kid: bool) -> bool:
        if not self._due(self._monotonic(), unknown_kid=unknown_kid):
            if self._fetched_at is None:
                raise KeySetUnavailableError(self.url)
            return False
        seen = self.fetches
        async with self._lock:
            if self.fetches != seen:
                # Fetched by another request while this one waited: verify with that.
                if self._fetched_at is None:
                    raise KeySetUnavailableError(self.url)
                return self._last_ok
            self._attempted_at = self._monotonic()
            self.fetches += 1
            try:
                document = await asyncio.to_thread(self._download)
                keys = _keys_of(document)
            except (OSError, ValueError, jwt.PyJWTError) as exc:
                log.warning(
                    "key set not fetched", extra={"url": self.url, "error": type(exc).__name__}
                )
                self._last_ok = False
                if self._fetched_at is None:
                    raise KeySetUnavailableError(self.url) from exc
                return False
            self._last_ok = True
            self._keys = keys
            self._fetched_at = self._attempted_at
            return True

    def _download(self) -> dict[str, Any]:
        # S310 warns of file: and custom schemes; the scheme is http(s), checked in __init__.
        request = urllib.request.Request(self.url, headers={"Accept": "application/json"})  # noqa: S310
        with urllib.request.urlopen(request, timeout=self._timeout) as response:  # noqa: S310
            body = response.read(MAX_KEY_SET_BYTES + 1)
        if len(body) > MAX_KEY_SET_BYTES:
            raise ValueError("the JWKS document is too large")
        document = json.loads(body)
        if not isinstance(document, dict):
            raise ValueError("a JWKS document is an object")
        return document


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
    audience: str = AUDIENCE,
) -> str:
    """`extra_claims` (a provider token's name and board) never override the claims above."""
    issued = now or datetime.now(UTC)
    claims: dict[str, Any] = {
        **(extra_claims or {}),
        "iss": issuer,
        "sub": subject,
        "aud": audience,
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
    and its public keys: a JWKS document, or a `KeySet` (a `RemoteKeySet` at its JWKS URL)."""

    issuer: str
    audience: str
    jwks: Mapping[str, Any] | KeySet
    kind: OidcKind = "identity"
    acr_values: frozenset[str] = frozenset()
    """The levels of assurance accepted (the ID token's `acr`); empty: any."""
    keys: KeySet = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        keys = self.jwks if isinstance(self.jwks, KeySet) else KeySet(self.jwks)
        object.__setattr__(self, "keys", keys)

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

    @classmethod
    def from_source(
        cls,
        issuer: str,
        audience: str,
        *,
        jwks_file: Path | None = None,
        jwks_url: str | None = None,
        kind: OidcKind = "identity",
        acr_values: Collection[str] = (),
    ) -> OidcIdentityIssuer:
        """Its keys from a JWKS URL (fetched as `RemoteKeySet` says) or else from a file."""
        return cls(
            issuer,
            audience,
            key_set(jwks_file=jwks_file, jwks_url=jwks_url),
            kind,
            frozenset(acr_values),
        )


def key_set(*, jwks_file: Path | None = None, jwks_url: str | None = None) -> KeySet:
    """The keys at `jwks_url` if given, else those of `jwks_file`."""
    if jwks_url is not None:
        return RemoteKeySet(jwks_url)
    if jwks_file is None:
        raise ValueError("a key set needs a JWKS file or URL")
    return KeySet.from_file(jwks_file)


class TokenVerifier:
    """Verifies bearer tokens against a key set (and, optionally, the ID tokens of one
    OpenID provider against its own), by the issuers and audience of each kind."""

    def __init__(
        self,
        jwks: Mapping[str, Any] | KeySet,
        issuers: Mapping[TokenKind, frozenset[str]] | None = None,
        oidc_identity: OidcIdentityIssuer | None = None,
        *,
        audiences: Mapping[TokenKind, str] | None = None,
    ) -> None:
        self._keys = jwks if isinstance(jwks, KeySet) else KeySet(jwks)
        self._issuers = issuers if issuers is not None else trusted_issuers(production=False)
        self._audiences = audiences or {}
        self._oidc = oidc_identity

    @classmethod
    def from_rules(
        cls,
        keys: KeySet,
        rules: Mapping[TokenKind, TokenRule],
        oidc_identity: OidcIdentityIssuer | None = None,
    ) -> TokenVerifier:
        return cls(
            keys,
            issuers={kind: rule.issuers for kind, rule in rules.items()},
            oidc_identity=oidc_identity,
            audiences={kind: rule.audience for kind, rule in rules.items()},
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
            KeySet.from_file(path),
            issuers=trusted_issuers(production=production),
            oidc_identity=oidc_identity,
        )

    async def verify_async(self, token: str, *, kinds: set[TokenKind]) -> Principal:
        """`verify`, with the key set fetched first where it is due: when it has grown old,
        and once more when the token names a key it does not hold (a rotated key). A key set
        that cannot be fetched with no keys in hand raises `KeySetUnavailableError`."""
        keys = self._key_set_of(token)
        await keys.refresh(unknown_kid=False)
        try:
            return self.verify(token, kinds=kinds)
        except UnknownKeyError as exc:
            if not await exc.key_set.refresh(unknown_kid=True):
                raise
        return self.verify(token, kinds=kinds)

    async def prefetch(self) -> None:
        """Fetch the remote key sets now (at start), so `verify` without `_async` (a Kafka
        consumer's) has keys from the first record on; one that cannot be fetched is fetched
        again when a token needs it."""
        for keys in (self._keys, *((self._oidc.keys,) if self._oidc is not None else ())):
            try:
                await keys.refresh(unknown_kid=False)
            except KeySetUnavailableError:
                log.warning("key set not fetched at start", extra={"url": getattr(keys, "url", "")})

    def _key_set_of(self, token: str) -> KeySet:
        oidc = self._oidc
        if oidc is not None and self._unverified_claims(token).get("iss") == oidc.issuer:
            return oidc.keys
        return self._keys

    def verify(self, token: str, *, kinds: set[TokenKind]) -> Principal:
        """With the keys in hand (`verify_async` fetches a remote key set)."""
        unverified = self._unverified_claims(token)
        if self._oidc is not None and unverified.get("iss") == self._oidc.issuer:
            return self._verify_oidc_identity(token, self._oidc, kinds)
        try:
            header = jwt.get_unverified_header(token)
            key = self._keys.get(header.get("kid", ""))
            if key is None:
                raise UnknownKeyError(self._keys)
            claims = jwt.decode(
                token,
                key=key,
                algorithms=["EdDSA"],
                # The audience of the kind the token claims; the kind is checked below, on
                # the verified claims.
                audience=self._audience_of(unverified.get("lr_kind")),
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
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

    def _audience_of(self, kind: object) -> str:
        return next((aud for k, aud in self._audiences.items() if k == kind), AUDIENCE)

    @staticmethod
    def _unverified_claims(token: str) -> dict[str, Any]:
        """Only to choose which rules and keys apply; nothing is trusted before the signature."""
        try:
            claims = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError:
            return {}
        return claims if isinstance(claims, dict) else {}

    def _verify_oidc_identity(
        self, token: str, oidc: OidcIdentityIssuer, kinds: set[TokenKind]
    ) -> Principal:
        if oidc.kind not in kinds:
            raise InvalidTokenError("token of the wrong kind")
        try:
            header = jwt.get_unverified_header(token)
            key = oidc.keys.get(header.get("kid", ""))
            if key is None:
                raise UnknownKeyError(oidc.keys)
            if key.key_type not in ASYMMETRIC_KEY_TYPES:
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
