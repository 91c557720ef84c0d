"""The registry's board API on a board's behalf (board token; docs/boards-registry.md): the
board's teachers (JSON pages, or all of them as CSV streamed through) and a check of a file of
registration numbers.

Errors become the portal's own (adapters.http.raise_for_problem); a check the registry refuses
(413 too many numbers, 415 not CSV, 422 not UTF-8 or no numbers) is `CheckRefusedError`, shown
on the form."""

from __future__ import annotations

import httpx

from lr_portal.adapters.http import CsvDownload, bearer, raise_for_problem
from lr_portal.domain.errors import ServiceError, ServiceUnavailableError
from lr_portal.domain.teachers import BoardTeacher, CheckResult, TeacherFilter, TeacherPage

SERVICE = "registry"
REFUSED = (413, 415, 422)


class CheckRefusedError(ServiceError):
    """The registry refused the file of numbers; `detail` is its explanation (Dutch / English)."""


class RegistryBoardsClient:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self._http = http

    async def registrations(
        self, token: str, board: str, wanted: TeacherFilter, *, page: int, page_size: int
    ) -> TeacherPage:
        try:
            response = await self._http.get(
                f"/v1/boards/{board}/registrations",
                params={**wanted.params(), "page": page, "page_size": page_size},
                headers=bearer(token),
            )
        except httpx.HTTPError:
            raise ServiceUnavailableError(SERVICE) from None
        raise_for_problem(SERVICE, response)
        body = response.json()
        return TeacherPage(
            [BoardTeacher.from_registry(i) for i in body["items"]],
            int(body["total"]),
            page,
            page_size,
        )

    async def open_csv(self, token: str, board: str, wanted: TeacherFilter) -> CsvDownload:
        """Every teacher of the board (the filter applied) as the registry's CSV, a stream."""
        return await self._stream(
            self._http.build_request(
                "GET",
                f"/v1/boards/{board}/registrations",
                params={**wanted.params(), "format": "csv"},
                headers=bearer(token),
            ),
            f"{board}-leraren.csv",
        )

    async def check(self, token: str, board: str, body: bytes) -> CheckResult:
        try:
            response = await self._http.post(
                f"/v1/boards/{board}/registrations/check",
                content=body,
                headers={**bearer(token), "Content-Type": "text/csv"},
            )
        except httpx.HTTPError:
            raise ServiceUnavailableError(SERVICE) from None
        _raise_for_check(response)
        return CheckResult.from_registry(response.json())

    async def open_check_csv(self, token: str, board: str, body: bytes) -> CsvDownload:
        request = self._http.build_request(
            "POST",
            f"/v1/boards/{board}/registrations/check",
            params={"format": "csv"},
            content=body,
            headers={**bearer(token), "Content-Type": "text/csv"},
        )
        return await self._stream(request, f"{board}-controle.csv", check=True)

    async def _stream(
        self, request: httpx.Request, filename: str, *, check: bool = False
    ) -> CsvDownload:
        try:
            response = await self._http.send(request, stream=True)
        except httpx.HTTPError:
            raise ServiceUnavailableError(SERVICE) from None
        if response.is_error:
            await response.aread()
            await response.aclose()
            (_raise_for_check if check else lambda r: raise_for_problem(SERVICE, r))(response)
        return CsvDownload(filename, response)


def _raise_for_check(response: httpx.Response) -> None:
    try:
        raise_for_problem(SERVICE, response)
    except ServiceError as problem:
        if problem.status in REFUSED:
            raise CheckRefusedError(problem.status, problem.title, problem.detail) from None
        raise
