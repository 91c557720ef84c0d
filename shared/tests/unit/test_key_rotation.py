"""Token verification against a key set at a JWKS URL: a real HTTP server serves the set, the
test rotates it, and the verifier takes the new key without a restart; an unknown key id is
refused after one refetch, and a flood of them asks the issuer once per period."""

from __future__ import annotations

import asyncio
import json
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import jwt
import pytest
from aiokafka.structs import ConsumerRecord
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import Depends, FastAPI
from pydantic import BaseModel

from lr_shared.auth import (
    REGISTRY_ISSUER,
    InvalidTokenError,
    KeySetUnavailableError,
    Principal,
    RemoteKeySet,
    TokenVerifier,
    development_rules,
    mint_token,
)
from lr_shared.cloudevents import CloudEvent, encode
from lr_shared.consumers import Event, Signed, split, verify_senders
from lr_shared.http import install_middleware, require_token
from lr_shared.problems import is_outage
from lr_shared.signed import sender_header


class Ping(BaseModel):
    n: int


@dataclass
class Issuer:
    """Signing keys by kid; `published` the kids whose public keys the JWKS URL serves."""

    keys: dict[str, Ed25519PrivateKey] = field(default_factory=dict)
    published: list[str] = field(default_factory=list)
    fetches: int = 0
    down: bool = False

    def rotate_to(self, kid: str) -> None:
        self.keys[kid] = Ed25519PrivateKey.generate()
        self.published = [kid]

    def jwks(self) -> dict[str, Any]:
        keys = []
        for kid in self.published:
            jwk = json.loads(jwt.algorithms.OKPAlgorithm.to_jwk(self.keys[kid].public_key()))
            keys.append({**jwk, "kid": kid, "alg": "EdDSA", "use": "sig"})
        return {"keys": keys}

    def token(self, kid: str, key: Ed25519PrivateKey | None = None) -> str:
        pem = (key or self.keys[kid]).private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        return mint_token(
            pem, kid=kid, issuer=REGISTRY_ISSUER, subject="LR00000001", kind="register"
        )


@pytest.fixture
def issuer() -> Iterator[tuple[Issuer, str]]:
    state = Issuer()
    state.rotate_to("key-1")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.fetches += 1
            if state.down:
                self.send_response(503)
                self.end_headers()
                return
            body = json.dumps(state.jwks()).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}/.well-known/jwks.json"
    finally:
        server.shutdown()
        server.server_close()


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def verifier(url: str, clock: Clock, **timing: float) -> TokenVerifier:
    keys = RemoteKeySet(url, monotonic=clock, **timing)
    return TokenVerifier.from_rules(keys, development_rules())


async def test_token_verification_with_a_rotated_key_works_without_a_restart(
    issuer: tuple[Issuer, str],
) -> None:
    state, url = issuer
    clock = Clock()
    tokens = verifier(url, clock)
    first = await tokens.verify_async(state.token("key-1"), kinds={"register"})
    assert first.subject == "LR00000001"
    assert state.fetches == 1

    state.rotate_to("key-2")
    clock.now += 61  # the issuer may be asked again
    principal = await tokens.verify_async(state.token("key-2"), kinds={"register"})
    assert principal.subject == "LR00000001"
    assert state.fetches == 2
    # The old key is no longer published, and no longer counts.
    with pytest.raises(InvalidTokenError, match="unknown signing key"):
        tokens.verify(state.token("key-1"), kinds={"register"})


async def test_an_unknown_key_id_is_refused_after_the_refetch(issuer: tuple[Issuer, str]) -> None:
    state, url = issuer
    tokens = verifier(url, Clock(), refetch_seconds=0)
    await tokens.verify_async(state.token("key-1"), kinds={"register"})
    forged = state.token("key-9", Ed25519PrivateKey.generate())
    with pytest.raises(InvalidTokenError, match="unknown signing key"):
        await tokens.verify_async(forged, kinds={"register"})
    assert state.fetches == 2  # asked once more for key-9, which it does not publish


async def test_a_flood_of_unknown_key_ids_asks_the_issuer_once_per_period(
    issuer: tuple[Issuer, str],
) -> None:
    state, url = issuer
    clock = Clock()
    tokens = verifier(url, clock, refetch_seconds=60)
    await tokens.verify_async(state.token("key-1"), kinds={"register"})
    clock.now += 61
    made_up = [state.token(uuid.uuid4().hex, Ed25519PrivateKey.generate()) for _ in range(50)]
    results = await asyncio.gather(
        *(tokens.verify_async(token, kinds={"register"}) for token in made_up),
        return_exceptions=True,
    )
    assert all(isinstance(result, InvalidTokenError) for result in results)
    assert state.fetches == 2
    for token in made_up:  # within the period: refused from the keys in hand
        with pytest.raises(InvalidTokenError):
            await tokens.verify_async(token, kinds={"register"})
    assert state.fetches == 2
    # A genuine rotation within that period waits for the period to end.
    state.rotate_to("key-2")
    with pytest.raises(InvalidTokenError):
        await tokens.verify_async(state.token("key-2"), kinds={"register"})
    clock.now += 61
    assert await tokens.verify_async(state.token("key-2"), kinds={"register"})
    assert state.fetches == 3


async def test_a_key_the_issuer_withdrew_stops_counting_once_the_set_is_old(
    issuer: tuple[Issuer, str],
) -> None:
    state, url = issuer
    clock = Clock()
    tokens = verifier(url, clock, max_age_seconds=600)
    old = state.token("key-1")
    await tokens.verify_async(old, kinds={"register"})
    state.rotate_to("key-2")
    clock.now += 300
    assert await tokens.verify_async(old, kinds={"register"})  # the set in hand is fresh
    clock.now += 301
    with pytest.raises(InvalidTokenError, match="unknown signing key"):
        await tokens.verify_async(old, kinds={"register"})


async def test_an_unreachable_issuer_is_an_outage_until_its_keys_are_in_hand(
    issuer: tuple[Issuer, str],
) -> None:
    state, url = issuer
    clock = Clock()
    tokens = verifier(url, clock)
    state.down = True
    with pytest.raises(KeySetUnavailableError) as raised:
        await tokens.verify_async(state.token("key-1"), kinds={"register"})
    assert is_outage(raised.value)
    state.down = False
    clock.now += 61
    assert await tokens.verify_async(state.token("key-1"), kinds={"register"})
    # Down again: the keys in hand still count, an unknown key is refused, not an outage.
    state.down = True
    clock.now += 61
    assert await tokens.verify_async(state.token("key-1"), kinds={"register"})
    with pytest.raises(InvalidTokenError):
        await tokens.verify_async(state.token("key-7", Ed25519PrivateKey.generate()), kinds=set())


async def test_a_route_takes_a_token_signed_with_the_rotated_key(
    issuer: tuple[Issuer, str],
) -> None:
    state, url = issuer
    app = FastAPI()
    app.state.verifier = verifier(url, Clock(), refetch_seconds=0)
    install_middleware(app)

    @app.get("/me")
    async def me(principal: Principal = Depends(require_token("register"))) -> str:  # noqa: B008
        return principal.subject

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:

        async def get(token: str) -> httpx.Response:
            return await client.get("/me", headers={"Authorization": f"Bearer {token}"})

        assert (await get(state.token("key-1"))).status_code == 200
        state.rotate_to("key-2")
        assert (await get(state.token("key-2"))).status_code == 200
        refused = await get(state.token("key-3", Ed25519PrivateKey.generate()))
        assert refused.status_code == 401
        state.down = True
        fresh = TokenVerifier.from_rules(RemoteKeySet(url), development_rules())
        app.state.verifier = fresh
        unavailable = await get(state.token("key-2"))
        assert unavailable.status_code == 503
        assert unavailable.headers["retry-after"]


async def test_the_keys_are_fetched_at_start_for_consumers_that_verify_without_fetching(
    issuer: tuple[Issuer, str],
) -> None:
    state, url = issuer
    tokens = verifier(url, Clock())
    with pytest.raises(InvalidTokenError, match="unknown signing key"):
        tokens.verify(state.token("key-1"), kinds={"register"})
    await tokens.prefetch()
    assert tokens.verify(state.token("key-1"), kinds={"register"})
    assert state.fetches == 1


async def test_a_signed_kafka_record_with_a_rotated_key_counts_without_a_restart(
    issuer: tuple[Issuer, str],
) -> None:
    """The consumers' path (`verify_senders` before `split`), not only HTTP's."""
    state, url = issuer
    clock = Clock()
    subscription = Signed(frozenset({"register"}), verifier(url, clock))
    await subscription.verifier.verify_async(state.token("key-1"), kinds={"register"})

    state.rotate_to("key-2")
    clock.now += 61
    value, headers = encode(CloudEvent(type="t", source="s", data=Ping(n=1)))
    signed_record = ConsumerRecord(
        "topic", 0, 0, 0, 0, b"k", value, None, 1, len(value),
        [*headers, sender_header(state.token("key-2"))],
    )  # fmt: skip
    verified = await verify_senders([signed_record], subscription)
    [item], rejected = split(
        [signed_record], Ping, tombstones=False, signed=subscription, verified=verified
    )
    assert rejected == []
    assert isinstance(item, Event)
    assert item.sender is not None
    assert item.sender.subject == "LR00000001"
