"""Uploads of the main job and the benchmark: while intake cannot take a delivery it is sent
again with the same Idempotency-Key, for up to a minute; an answer that says the request is
wrong is final. The clock is the policy's own, so no test waits a minute."""

from __future__ import annotations

import httpx
import pytest

from lr_intake.entrypoints.upload_client import RetryPolicy
from lr_tools.mainjob.deliveries import idempotency_key, post_delivery

HEADERS = {"Authorization": "Bearer x", "Idempotency-Key": "demo-12345-0"}
URL = "http://intake/v1/deliveries"


class FakeTime:
    """A clock that moves only when the policy sleeps; it keeps every wait."""

    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds

    def policy(self) -> RetryPolicy:
        return RetryPolicy(sleep=self.sleep, clock=self.clock)


async def _post(server: httpx.MockTransport, time: FakeTime) -> httpx.Response:
    async with httpx.AsyncClient(transport=server) as client:
        return await post_delivery(client, URL, b"csv", HEADERS, policy=time.policy())


async def test_a_dropped_connection_is_retried_with_the_same_idempotency_key() -> None:
    seen: list[httpx.Request] = []

    def server(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if len(seen) == 1:
            raise httpx.ReadError("connection closed by the server", request=request)
        return httpx.Response(202, json={"id": "d1", "status": "processing"})

    response = await _post(httpx.MockTransport(server), FakeTime())

    assert response.status_code == 202
    assert [r.headers["Idempotency-Key"] for r in seen] == ["demo-12345-0", "demo-12345-0"]
    assert [r.content for r in seen] == [b"csv", b"csv"]


@pytest.mark.parametrize("status", [503, 429])
async def test_a_503_or_429_is_waited_out_as_retry_after_asks(status: int) -> None:
    answers = [httpx.Response(status, headers={"Retry-After": "7"})] * 2 + [httpx.Response(202)]
    time = FakeTime()

    response = await _post(httpx.MockTransport(lambda request: answers.pop(0)), time)

    assert response.status_code == 202
    assert len(time.waits) == 2
    assert all(wait >= 7 for wait in time.waits)


async def test_an_intake_down_for_longer_is_retried_with_growing_waits_for_a_minute() -> None:
    seen: list[httpx.Request] = []

    def server(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        raise httpx.ConnectError("connection refused", request=request)

    time = FakeTime()
    with pytest.raises(httpx.ConnectError):
        await _post(httpx.MockTransport(server), time)

    assert len(seen) == len(time.waits) + 1
    assert 50 <= sum(time.waits) <= 60
    assert time.waits[:4] == sorted(time.waits[:4])  # exponential, then capped
    assert time.waits[0] < 1
    assert max(time.waits) <= 11


async def test_a_503_that_outlasts_the_minute_is_returned_as_the_answer() -> None:
    time = FakeTime()
    response = await _post(
        httpx.MockTransport(lambda request: httpx.Response(503, headers={"Retry-After": "5"})),
        time,
    )
    assert response.status_code == 503
    assert sum(time.waits) <= 60


@pytest.mark.parametrize("status", [400, 401, 403, 413, 415, 422, 500])
async def test_an_answer_that_says_the_request_is_wrong_is_not_retried(status: int) -> None:
    seen: list[httpx.Request] = []

    def server(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(status)

    response = await _post(httpx.MockTransport(server), FakeTime())

    assert response.status_code == status
    assert len(seen) == 1


async def test_an_upload_without_an_idempotency_key_is_not_sent_at_all() -> None:
    async with httpx.AsyncClient(transport=httpx.MockTransport(lambda r: httpx.Response(202))) as c:
        with pytest.raises(ValueError, match="Idempotency-Key"):
            await post_delivery(c, URL, b"csv", {"Authorization": "Bearer x"})


def test_one_file_has_one_key_and_another_file_another() -> None:
    first = idempotency_key("12345", b"bsn,achternaam\n1,Berg\n")
    assert first == idempotency_key("12345", b"bsn,achternaam\n1,Berg\n")
    assert first != idempotency_key("12345", b"bsn,achternaam\n2,Dijk\n")
    assert first != idempotency_key("54321", b"bsn,achternaam\n1,Berg\n")
