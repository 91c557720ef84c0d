"""The two records of who looked at a teacher's data, on her behalf (register token): the
registry's board look-ups (`GET /v1/me/lookups`) and the portfolio's opened share links
(`GET /v1/me/disclosures`). Errors become the portal's own (adapters.http.raise_for_problem)."""

from __future__ import annotations

from typing import Any

import httpx

from lr_portal.adapters.http import bearer, raise_for_problem
from lr_portal.domain.disclosures import Disclosure, Found
from lr_portal.domain.errors import ServiceUnavailableError


class DisclosuresClient:
    def __init__(self, registry: httpx.AsyncClient, portfolio: httpx.AsyncClient) -> None:
        self._registry = registry
        self._portfolio = portfolio

    async def board_lookups(self, token: str, limit: int) -> Found:
        body = await self._newest(self._registry, "registry", "/v1/me/lookups", token, limit)
        return Found([Disclosure.from_lookup(i) for i in body["items"]], int(body["total"]))

    async def share_openings(self, token: str, limit: int) -> Found:
        body = await self._newest(self._portfolio, "portfolio", "/v1/me/disclosures", token, limit)
        return Found([Disclosure.from_opening(i) for i in body["items"]], int(body["total"]))

    @staticmethod
    async def _newest(
        http: httpx.AsyncClient, service: str, path: str, token: str, limit: int
    ) -> Any:
        try:
            response = await http.get(
                path,
                params={"page": 1, "page_size": limit},
                headers={"Accept": "application/json", **bearer(token)},
            )
        except httpx.HTTPError:
            raise ServiceUnavailableError(service) from None
        raise_for_problem(service, response)
        return response.json()
