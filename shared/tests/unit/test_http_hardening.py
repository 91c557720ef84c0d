"""HTTP hardening on every service: security headers on every answer (errors included), and
the client address from X-Forwarded-For only when the peer is a trusted proxy."""

from __future__ import annotations

import ipaddress

import httpx
import pytest
from fastapi import FastAPI, Request, Response

from lr_shared.http import (
    API_CONTENT_SECURITY_POLICY,
    PAGES_CONTENT_SECURITY_POLICY,
    client_address,
    install_middleware,
)

PROXIES = (ipaddress.ip_network("10.0.0.5/32"), ipaddress.ip_network("10.1.0.0/16"))


def app_with(**options: object) -> FastAPI:
    app = FastAPI()
    install_middleware(app, **options)  # type: ignore[arg-type]

    @app.get("/who")
    async def who(request: Request) -> dict[str, str | None]:
        return {
            "client": request.client.host if request.client else None,
            "scheme": request.url.scheme,
        }

    @app.get("/cached")
    async def cached() -> Response:
        return Response("x", headers={"Cache-Control": "public, max-age=60"})

    @app.get("/static/site.css")
    async def css() -> Response:
        return Response("body{}", media_type="text/css")

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("a bug")

    return app


def client(app: FastAPI, peer: str = "203.0.113.7") -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(peer, 40000), raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://service")


async def test_every_answer_carries_the_security_headers() -> None:
    async with client(app_with()) as http:
        for path in ("/who", "/nowhere", "/boom"):
            response = await http.get(path)
            assert response.headers["x-content-type-options"] == "nosniff"
            assert response.headers["x-frame-options"] == "DENY"
            assert response.headers["referrer-policy"] == "no-referrer"
            assert response.headers["cross-origin-opener-policy"] == "same-origin"
            assert "camera=()" in response.headers["permissions-policy"]
            assert response.headers["content-security-policy"] == API_CONTENT_SECURITY_POLICY
            assert response.headers["cache-control"] == "no-store"
            assert "strict-transport-security" not in response.headers
        assert (await http.get("/boom")).status_code == 500


async def test_hsts_outside_development_and_a_routes_own_cache_control_wins() -> None:
    app = app_with(hsts=True, cacheable=("/static/",))
    async with client(app) as http:
        response = await http.get("/cached")
        assert response.headers["strict-transport-security"].startswith("max-age=31536000")
        assert response.headers["cache-control"] == "public, max-age=60"
        assert "cache-control" not in (await http.get("/static/site.css")).headers


async def test_pages_get_their_own_policy_and_the_interactive_docs_none() -> None:
    async with client(app_with(content_security_policy=PAGES_CONTENT_SECURITY_POLICY)) as http:
        page = await http.get("/who")
        assert page.headers["content-security-policy"] == PAGES_CONTENT_SECURITY_POLICY
        docs = await http.get("/docs")
        assert docs.status_code == 200
        assert "content-security-policy" not in docs.headers
        assert docs.headers["x-content-type-options"] == "nosniff"


async def test_x_forwarded_for_is_ignored_from_a_peer_that_is_no_trusted_proxy() -> None:
    async with client(app_with(trusted_proxies=PROXIES), peer="203.0.113.7") as http:
        answer = await http.get(
            "/who", headers={"X-Forwarded-For": "198.51.100.1", "X-Forwarded-Proto": "https"}
        )
        assert answer.json() == {"client": "203.0.113.7", "scheme": "http"}


async def test_x_forwarded_for_is_used_from_a_trusted_proxy() -> None:
    async with client(app_with(trusted_proxies=PROXIES), peer="10.0.0.5") as http:
        answer = await http.get(
            "/who", headers={"X-Forwarded-For": "198.51.100.1", "X-Forwarded-Proto": "https"}
        )
        assert answer.json() == {"client": "198.51.100.1", "scheme": "https"}


async def test_without_trusted_proxies_no_header_counts() -> None:
    async with client(app_with(), peer="127.0.0.1") as http:
        answer = await http.get("/who", headers={"X-Forwarded-For": "198.51.100.1"})
        assert answer.json()["client"] == "127.0.0.1"


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        # A client that sends its own header to a trusted proxy: the proxy appends the address
        # it saw, and only that counts.
        ("10.0.0.5", ["6.6.6.6, 198.51.100.1"], "198.51.100.1"),
        ("10.0.0.5", ["6.6.6.6", "198.51.100.1"], "198.51.100.1"),
        # Two trusted hops: the address before them.
        ("10.0.0.5", ["6.6.6.6, 198.51.100.1, 10.1.2.3"], "198.51.100.1"),
        ("10.0.0.5", ["[2001:db8::1]:4711, 10.1.2.3"], "2001:db8::1"),
        ("10.0.0.5", ["198.51.100.1:4711"], "198.51.100.1"),
        # Garbage where the proxy's entry should be: the proxy, not a guess.
        ("10.0.0.5", ["198.51.100.1, not-an-address"], "10.0.0.5"),
        ("10.0.0.5", [], "10.0.0.5"),
        # Only trusted proxies in the chain: the first of them.
        ("10.0.0.5", ["10.1.0.9, 10.1.2.3"], "10.1.0.9"),
        # An untrusted peer's chain, however it looks, is not read.
        ("198.51.100.1", ["10.0.0.5"], "198.51.100.1"),
        ("::ffff:10.0.0.5", ["198.51.100.1"], "198.51.100.1"),
    ],
)
def test_the_client_is_the_right_most_address_that_is_no_trusted_proxy(
    peer: str, forwarded: list[str], client: str
) -> None:
    assert client_address(peer, forwarded, PROXIES) == client
