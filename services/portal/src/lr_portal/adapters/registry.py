"""The registry's HTTP API, on the teacher's behalf (register token) or the public's."""

from __future__ import annotations

from typing import Any

from lr_portal.adapters.http import FORWARDED_FOR, ServiceClient
from lr_portal.application.ports import RegisterToken
from lr_portal.domain.errors import NotFoundError


class RegistryClient:
    def __init__(self, client: ServiceClient) -> None:
        self._http = client

    async def exchange(self, identity_token: str) -> RegisterToken | None:
        try:
            response = await self._http.request("POST", "/v1/me/token", token=identity_token)
        except NotFoundError:
            return None
        body = response.json()
        return RegisterToken(
            body["access_token"], int(body["expires_in"]), body["registration_number"]
        )

    async def own_registration(self, token: str) -> dict[str, Any]:
        response = await self._http.request("GET", "/v1/me/registration", token=token)
        result: dict[str, Any] = response.json()
        return result

    async def confirm(self, token: str) -> None:
        await self._http.request("POST", "/v1/me/registration/confirm", token=token)

    async def request_correction(
        self, token: str, appointment_id: int, fields: list[str], explanation: str
    ) -> None:
        await self._http.request(
            "POST",
            "/v1/me/correction-requests",
            token=token,
            json={"appointment_id": appointment_id, "fields": fields, "explanation": explanation},
        )

    async def correction_requests(self, token: str) -> list[dict[str, Any]]:
        response = await self._http.request("GET", "/v1/me/correction-requests", token=token)
        items: list[dict[str, Any]] = response.json()["items"]
        return items

    async def set_preferences(
        self, token: str, *, email: str | None, language: str, show_qualifications: bool
    ) -> None:
        await self._http.request(
            "PUT",
            "/v1/me/preferences",
            token=token,
            json={
                "email": email,
                "language": language,
                "show_qualifications": show_qualifications,
            },
        )

    async def request_erasure(self, token: str) -> dict[str, Any]:
        response = await self._http.request("POST", "/v1/me/erasure-request", token=token)
        result: dict[str, Any] = response.json()
        return result

    async def erasure_status(self, reference: str) -> dict[str, Any]:
        response = await self._http.request("GET", f"/v1/erasure-requests/{reference}")
        result: dict[str, Any] = response.json()
        return result

    async def search(
        self,
        *,
        achternaam: str,
        voorletters: str | None,
        page: int,
        page_size: int,
        visitor: str,
    ) -> dict[str, Any]:
        params: dict[str, Any] = {"achternaam": achternaam, "page": page, "page_size": page_size}
        if voorletters:
            params["voorletters"] = voorletters
        response = await self._http.request(
            "GET", "/v1/public/registrations", params=params, headers={FORWARDED_FOR: visitor}
        )
        result: dict[str, Any] = response.json()
        return result

    async def public_registration(self, number: str, *, visitor: str) -> dict[str, Any]:
        response = await self._http.request(
            "GET", f"/v1/public/registrations/{number}", headers={FORWARDED_FOR: visitor}
        )
        result: dict[str, Any] = response.json()
        return result
