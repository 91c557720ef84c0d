"""Uploads of the main job and the benchmark: a lost connection is retried as the same delivery."""

from __future__ import annotations

import httpx
import pytest

from lr_tools.mainjob.deliveries import UPLOAD_ATTEMPTS, post_delivery

HEADERS = {"Authorization": "Bearer x", "Idempotency-Key": "demo-12345-0"}


async def test_a_dropped_connection_is_retried_with_the_same_idempotency_key() -> None:
    seen: list[httpx.Request] = []

    def server(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if len(seen) == 1:
            raise httpx.ReadError("connection closed by the server", request=request)
        return httpx.Response(202, json={"id": "d1", "status": "processing"})

    async with httpx.AsyncClient(transport=httpx.MockTransport(server)) as client:
        response = await post_delivery(client, "http://intake/v1/deliveries", b"csv", HEADERS)

    assert response.status_code == 202
    assert [r.headers["Idempotency-Key"] for r in seen] == ["demo-12345-0", "demo-12345-0"]
    assert [r.content for r in seen] == [b"csv", b"csv"]


async def test_an_upload_that_keeps_failing_raises_after_its_last_attempt() -> None:
    seen: list[httpx.Request] = []

    def server(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        raise httpx.RemoteProtocolError("server disconnected", request=request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(server)) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            await post_delivery(client, "http://intake/v1/deliveries", b"csv", HEADERS)

    assert len(seen) == UPLOAD_ATTEMPTS


async def test_an_answer_is_not_retried_even_when_it_is_an_error() -> None:
    seen: list[httpx.Request] = []

    def server(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(500)

    async with httpx.AsyncClient(transport=httpx.MockTransport(server)) as client:
        response = await post_delivery(client, "http://intake/v1/deliveries", b"csv", HEADERS)

    assert response.status_code == 500
    assert len(seen) == 1
