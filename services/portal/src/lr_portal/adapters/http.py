"""What every HTTP client of the portal shares: problem bodies become domain errors."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from lr_portal.domain.errors import (
    NotFoundError,
    RateLimitedError,
    ServiceError,
    ServiceUnavailableError,
    SignInRequiredError,
)

FORWARDED_FOR = "X-Forwarded-For"


class Streamed:
    """A service's answer on its way to the browser: its chunks streamed, then closed (or
    closed unread). Subclasses are dataclasses with a `_response` field."""

    _response: httpx.Response

    async def chunks(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._response.aiter_bytes():
                yield chunk
        finally:
            await self._response.aclose()

    async def aclose(self) -> None:
        await self._response.aclose()


@dataclass
class CsvDownload(Streamed):
    """A CSV from intake or the registry (row feedback, a board's teachers, a bulk check)."""

    filename: str
    _response: httpx.Response = field(repr=False)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


class ServiceClient:
    """A pooled client of one service. Errors: 401 -> SignInRequiredError, 404 -> NotFoundError,
    429 -> RateLimitedError, 5xx or no answer -> ServiceUnavailableError, other 4xx ->
    ServiceError with the problem's (application/problem+json or FastAPI's) title and detail."""

    def __init__(self, name: str, base_url: str, timeout: float) -> None:
        self.name = name
        self._client = httpx.AsyncClient(
            base_url=base_url,
            timeout=timeout,
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=50),
        )

    @property
    def http(self) -> httpx.AsyncClient:
        """The pooled httpx client itself, for an adapter that makes its own calls."""
        return self._client

    async def close(self) -> None:
        await self._client.aclose()

    async def request(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        files: Any = None,
        data: Any = None,
    ) -> httpx.Response:
        all_headers = {**(bearer(token) if token else {}), **(headers or {})}
        try:
            response = await self._client.request(
                method, path, json=json, params=params, headers=all_headers, files=files, data=data
            )
        except httpx.HTTPError:
            raise ServiceUnavailableError(self.name) from None
        raise_for_problem(self.name, response)
        return response


def raise_for_problem(service: str, response: httpx.Response) -> None:
    status = response.status_code
    if status < 400:
        return
    if status == 401:
        raise SignInRequiredError
    if status == 404:
        raise NotFoundError
    if status == 429:
        retry = response.headers.get("Retry-After", "1")
        raise RateLimitedError(int(retry) if retry.isdigit() else 1)
    if status >= 500:
        raise ServiceUnavailableError(service)
    title, detail = "", ""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        title = str(body.get("title") or "")
        raw = body.get("detail")
        detail = raw if isinstance(raw, str) else ""
    raise ServiceError(status, title, detail)
