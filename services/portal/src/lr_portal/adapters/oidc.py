"""DigiD through OpenID Connect with Authlib: discovery, the authorization URL (state, nonce,
PKCE S256), the code exchange and the ID token's verification; and the started sign-ins in the
portal's database.

What is verified before an ID token counts (OpenID Connect Core 3.1.3.7): its signature
against the provider's published keys (JWKS, fetched again once for an unknown key id), with
an algorithm the provider announces (never `none`, never a shared secret); `iss` equal to the
configured issuer; `aud` naming this client; `exp` and `iat` within the configured leeway; the
`nonce` this session sent; `at_hash` when present. The registry verifies the same token again
before it hands out a register token (lr_shared.auth.OidcIdentityIssuer).

Nothing here logs a code, state, token or subject: only the reason a sign-in failed.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import httpx
import sqlalchemy as sa
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.httpx_client import AsyncOAuth2Client
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from lr_portal.adapters.tables import pending_sign_ins
from lr_portal.domain.errors import ServiceUnavailableError
from lr_portal.domain.oidc import Failure, PendingSignIn, SignInFailedError

log = logging.getLogger(__name__)

SERVICE = "digid"
ASYMMETRIC_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)


class OidcClient:
    """The portal as a relying party of one OpenID provider: DigiD's (`service` "digid"), or
    the eHerkenning broker's for the board sign-in (a second instance, "eherkenning")."""

    def __init__(
        self,
        *,
        issuer: str,
        client_id: str,
        client_secret: str | None,
        redirect_url: str,
        scopes: str,
        leeway_seconds: int,
        timeout: float,
        service: str = SERVICE,
        acr_values: str | None = None,
    ) -> None:
        self._service = service
        self._acr_values = acr_values
        self._issuer = issuer.rstrip("/")
        self._client_id = client_id
        self._client_secret = client_secret
        self._redirect_url = redirect_url
        self._scopes = scopes
        self._leeway = leeway_seconds
        self._timeout = timeout
        self._http = httpx.AsyncClient(timeout=timeout)
        self._metadata: dict[str, Any] | None = None
        self._jwks: dict[str, Any] | None = None

    async def close(self) -> None:
        await self._http.aclose()

    def _oauth(self) -> AsyncOAuth2Client:
        # One per exchange: Authlib's client keeps the last token it fetched.
        return AsyncOAuth2Client(
            client_id=self._client_id,
            client_secret=self._client_secret,
            scope=self._scopes,
            redirect_uri=self._redirect_url,
            code_challenge_method="S256",
            timeout=self._timeout,
        )

    async def _get_json(self, url: str) -> dict[str, Any]:
        try:
            response = await self._http.get(url)
            response.raise_for_status()
            body: dict[str, Any] = response.json()
        except (httpx.HTTPError, ValueError):
            log.warning("openid provider unreachable", extra={"upstream": self._service})
            raise ServiceUnavailableError(self._service) from None
        return body

    async def _discover(self) -> dict[str, Any]:
        if self._metadata is None:
            metadata = await self._get_json(f"{self._issuer}/.well-known/openid-configuration")
            if metadata.get("issuer") != self._issuer:
                # Discovery 1.0 4.3: the document must be the configured issuer's own.
                log.error("openid provider's discovery names another issuer")
                raise ServiceUnavailableError(self._service)
            self._metadata = metadata
        return self._metadata

    async def _key_set(self, *, refresh: bool = False) -> KeySet:
        if self._jwks is None or refresh:
            self._jwks = await self._get_json((await self._discover())["jwks_uri"])
        return KeySet.import_key_set(self._jwks)  # type: ignore[arg-type]

    async def authorization_url(self, *, state: str, nonce: str, code_verifier: str) -> str:
        metadata = await self._discover()
        async with self._oauth() as oauth:
            extra = {"acr_values": self._acr_values} if self._acr_values else {}
            url, _ = oauth.create_authorization_url(
                metadata["authorization_endpoint"],
                state=state,
                code_verifier=code_verifier,
                nonce=nonce,
                **extra,
            )
        return str(url)

    async def identity_token(self, *, code: str, nonce: str, code_verifier: str) -> str:
        metadata = await self._discover()
        try:
            async with self._oauth() as oauth:
                token = await oauth.fetch_token(
                    metadata["token_endpoint"],
                    grant_type="authorization_code",
                    code=code,
                    code_verifier=code_verifier,
                )
        except OAuthError as exc:
            # `invalid_grant` for a code used twice or expired: the provider is the judge.
            log.info("openid provider refused the code", extra={"oidc_error": exc.error})
            raise SignInFailedError(Failure.REFUSED) from None
        except (httpx.HTTPError, ValueError):
            log.warning("openid provider unreachable", extra={"upstream": self._service})
            raise ServiceUnavailableError(self._service) from None
        id_token = token.get("id_token")
        if not isinstance(id_token, str):
            raise SignInFailedError(Failure.ID_TOKEN)
        await self._verify(id_token, nonce=nonce, access_token=token.get("access_token"))
        return id_token

    async def _verify(self, id_token: str, *, nonce: str, access_token: object) -> None:
        metadata = await self._discover()
        announced = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
        registry = JWSRegistry(algorithms=[a for a in announced if a in ASYMMETRIC_ALGORITHMS])
        try:
            try:
                decoded = jwt.decode(id_token, await self._key_set(), registry=registry)
            except InvalidKeyIdError:
                # The provider may have rotated its keys since we fetched them.
                decoded = jwt.decode(id_token, await self._key_set(refresh=True), registry=registry)
            claims = CodeIDToken(
                decoded.claims,
                decoded.header,
                {
                    "iss": {"essential": True, "value": self._issuer},
                    "aud": {"essential": True, "value": self._client_id},
                    "sub": {"essential": True},
                    "nonce": {"essential": True, "value": nonce},
                },
                {"nonce": nonce, "client_id": self._client_id, "access_token": access_token},
            )
            claims.validate(leeway=self._leeway)
        except JoseError as exc:
            log.info("id token refused", extra={"oidc_error": type(exc).__name__})
            raise SignInFailedError(Failure.ID_TOKEN) from None


class SqlPendingSignIns:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def add(self, pending: PendingSignIn, *, started_before: datetime) -> None:
        async with self._engine.begin() as conn:
            await conn.execute(
                sa.delete(pending_sign_ins).where(pending_sign_ins.c.created_at < started_before)
            )
            await conn.execute(
                insert(pending_sign_ins).values(
                    state_hash=pending.state_hash,
                    session_id_hash=pending.session_id_hash,
                    nonce=pending.nonce,
                    code_verifier=pending.code_verifier,
                    return_to=pending.return_to,
                    created_at=pending.created_at,
                )
            )

    async def take(self, state_hash: str, session_id_hash: str) -> PendingSignIn | None:
        async with self._engine.begin() as conn:
            row = (
                await conn.execute(
                    sa.delete(pending_sign_ins)
                    .where(
                        pending_sign_ins.c.state_hash == state_hash,
                        pending_sign_ins.c.session_id_hash == session_id_hash,
                    )
                    .returning(*pending_sign_ins.c)
                )
            ).first()
        return PendingSignIn(**row._mapping) if row is not None else None
