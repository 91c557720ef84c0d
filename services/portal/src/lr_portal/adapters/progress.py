"""Portfolio's progress (`GET /v1/me/progress`) for the overview.

A tiny client of P1's own, so the overview does not wait for the portfolio pages' adapter
(adapters/portfolio.py); when that exists this may call it instead.
"""

from __future__ import annotations

from typing import Any

from lr_portal.adapters.http import ServiceClient


class ProgressClient:
    def __init__(self, client: ServiceClient) -> None:
        self._http = client

    async def periods(self, token: str) -> list[dict[str, Any]]:
        response = await self._http.request("GET", "/v1/me/progress", token=token)
        periods: list[dict[str, Any]] = response.json()["periods"]
        return periods
