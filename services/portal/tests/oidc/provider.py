"""The test's OpenID provider (provider.mjs: panva's oidc-provider, OpenID Certified) as a
process on a free port on 127.0.0.1, for the DigiD and eHerkenning tests here and in
tests/browser (eHerkenning's is a second instance, with a client of its own)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
CLIENT_ID = "lerarenregister-portal"
CLIENT_SECRET = "test-client-secret-0123456789"


@dataclass
class OpenIdProvider:
    """The test's OpenID provider: it signs in whoever the test names next."""

    issuer: str
    process: subprocess.Popen[str]
    login_claims: dict[str, Any] = field(default_factory=dict)
    """Claims every ID token carries unless a login overwrites them (eHerkenning's `acr`)."""

    async def next_login(
        self,
        sub: str,
        *,
        id_token_claims: dict[str, Any] | None = None,
        foreign_key: bool = False,
        claims: dict[str, Any] | None = None,
    ) -> None:
        """The account the next login completes for (with `claims`, the account's own claims
        its ID tokens carry), and how the next ID token misbehaves."""
        async with httpx.AsyncClient() as client:
            response = await client.post(
                f"{self.issuer}/_test/next-login",
                json={
                    "sub": sub,
                    "id_token_claims": {**self.login_claims, **(id_token_claims or {})} or None,
                    "foreign_key": foreign_key,
                    "claims": claims,
                },
            )
            response.raise_for_status()

    def jwks(self) -> dict[str, Any]:
        body: dict[str, Any] = httpx.get(f"{self.issuer}/jwks").json()
        return body


@contextmanager
def provider_process(
    port: int,
    redirect_uri: str,
    *,
    client_id: str = CLIENT_ID,
    id_token_claims: tuple[str, ...] = (),
    login_claims: dict[str, Any] | None = None,
) -> Iterator[OpenIdProvider]:
    """The provider with one client (`client_id`, redirecting to `redirect_uri`); its ID tokens
    carry the account's `id_token_claims` besides `sub` (eHerkenning's KvK numbers), and
    `login_claims` unless a login says otherwise."""
    node = shutil.which("node")
    assert node, "node is needed for the OpenID provider (apt-get install nodejs)"
    assert (HERE / "node_modules" / "oidc-provider").is_dir(), (
        "run `npm ci` in services/portal/tests/oidc (make install does)"
    )
    process = subprocess.Popen(  # noqa: S603 - our own script
        [node, str(HERE / "provider.mjs")],
        cwd=HERE,
        env={
            **os.environ,
            "OIDC_PORT": str(port),
            "OIDC_CLIENT_ID": client_id,
            "OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_REDIRECT_URI": redirect_uri,
            "OIDC_ID_TOKEN_CLAIMS": ",".join(id_token_claims),
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("ready"):
            break
    else:
        raise RuntimeError(f"the OpenID provider did not start (exit {process.wait()})")
    try:
        yield OpenIdProvider(f"http://127.0.0.1:{port}", process, dict(login_claims or {}))
    finally:
        process.terminate()
        process.wait(timeout=10)
