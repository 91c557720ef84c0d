"""Intake's HTTP API on a board's behalf (`lr_intake.entrypoints.http`): upload a delivery,
read it, its row feedback (JSON pages, or the CSV streamed through), the board's deliveries, and
the correction requests about its appointments (list, read one, answer it).

Errors become the portal's own (adapters.http.raise_for_problem): 401 -> sign in again, 404 ->
not found, 5xx or no answer -> "probeer het later opnieuw". An upload intake rejects as a whole
answers 422 with the rejected delivery: that is an answer, not an error (`Uploaded`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

import httpx

from lr_portal.adapters.http import CsvDownload, bearer, raise_for_problem
from lr_portal.application.ports import BoardGrant, Uploaded
from lr_portal.domain.boards import ORGANISATION_KINDS, Organisation
from lr_portal.domain.deliveries import (
    AbsentAppointment,
    CorrectionPage,
    CorrectionRequest,
    CorrectionStatus,
    Decision,
    Delivery,
    DryRun,
    Issue,
)
from lr_portal.domain.errors import ServiceError, ServiceUnavailableError
from lr_portal.domain.oidc import Failure, SignInFailedError

SERVICE = "intake"


class UploadRefusedError(ServiceError):
    """Intake refused the upload request itself (409/422 with a problem, not a rejected
    delivery); `detail` is its explanation (Dutch)."""


class AnswerRefusedError(ServiceError):
    """Intake refused a board's answer to a correction request: `code` is its problem's
    (`correction-request-answered`, `correction-request-resolved`, `reason-required`; empty
    for a validation problem), `detail` its explanation (Dutch)."""

    def __init__(self, status: int, code: str, detail: str) -> None:
        super().__init__(status, code, detail)
        self.code = code


class IntakeClient:
    """One method per call the board pages make, each with the board token of the session."""

    def __init__(self, http: httpx.AsyncClient, *, upload_timeout: float = 600.0) -> None:
        self._http = http
        self._upload_timeout = upload_timeout

    @classmethod
    def connect(cls, base_url: str, timeout: float, *, upload_timeout: float) -> IntakeClient:
        """A pooled client of intake at `base_url` (bootstrap.py's; closed by `close`)."""
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=50)
        http = httpx.AsyncClient(base_url=base_url, timeout=timeout, limits=limits)
        return cls(http, upload_timeout=upload_timeout)

    async def close(self) -> None:
        await self._http.aclose()

    async def board_token(self, id_token: str) -> BoardGrant:
        """Exchange eHerkenning's verified ID token for a board token (`POST /v1/board-token`):
        intake verifies it again and says who it is for. Its refusals are sign-in failures."""
        try:
            response = await self._http.post("/v1/board-token", headers=bearer(id_token))
        except httpx.HTTPError:
            raise ServiceUnavailableError(SERVICE) from None
        refused = {
            401: Failure.ID_TOKEN,
            403: Failure.NO_MANDATE,
            404: Failure.UNKNOWN_ORGANISATION,
            422: Failure.UNKNOWN_ORGANISATION,
        }.get(response.status_code)
        if refused is not None:
            raise SignInFailedError(refused)
        if response.status_code != 200:
            raise ServiceUnavailableError(SERVICE)
        body = response.json()
        kind = body["organisation_kind"]
        if kind not in ORGANISATION_KINDS:
            raise ServiceUnavailableError(SERVICE)
        organisation = Organisation(
            str(body["organisation_number"]), kind, tuple(str(b) for b in body["boards"])
        )
        return BoardGrant(str(body["access_token"]), int(body["expires_in"]), organisation)

    async def _get(self, path: str, token: str, params: dict[str, Any]) -> Any:
        try:
            response = await self._http.get(path, params=params, headers=bearer(token))
        except httpx.HTTPError:
            raise ServiceUnavailableError(SERVICE) from None
        raise_for_problem(SERVICE, response)
        return response.json()

    async def upload(
        self,
        token: str,
        board: str,
        *,
        idempotency_key: str,
        content_type: str,
        chunks: AsyncIterator[bytes],
    ) -> Uploaded:
        """Stream the file to intake; it answers once every row's outcome is stored, so the
        wait may be long (the upload timeout, not the pages' own)."""
        headers = {
            **bearer(token),
            "Content-Type": content_type,
            "Idempotency-Key": idempotency_key,
        }
        timeout = httpx.Timeout(self._upload_timeout, connect=10.0)
        try:
            response = await self._http.post(
                "/v1/deliveries",
                params={"bevoegd_gezag": board},
                headers=headers,
                content=chunks,
                timeout=timeout,
            )
        except httpx.HTTPError:
            raise ServiceUnavailableError(SERVICE) from None
        if response.status_code == 422:
            body = _json(response)
            if isinstance(body, dict) and body.get("status") == "rejected":
                return Uploaded(Delivery.from_intake(body), _replayed(response))
        try:
            raise_for_problem(SERVICE, response)
        except ServiceError as problem:
            if problem.status in (409, 422):
                # Not a rejected file but a refused request: an Idempotency-Key already used
                # for another file, say. The form is shown again with a fresh key.
                raise UploadRefusedError(problem.status, problem.title, problem.detail) from None
            raise
        return Uploaded(Delivery.from_intake(response.json()), _replayed(response))

    async def dry_run(
        self,
        token: str,
        board: str,
        *,
        content_type: str,
        chunks: AsyncIterator[bytes],
        shown: int,
    ) -> DryRun:
        """Check the file as a delivery would, and keep nothing (`?dry_run=true`): 200, or 422
        with `status: rejected` for a file rejected as a whole; the first `shown` issues."""
        timeout = httpx.Timeout(self._upload_timeout, connect=10.0)
        try:
            response = await self._http.post(
                "/v1/deliveries",
                params={"bevoegd_gezag": board, "dry_run": "true"},
                headers={**bearer(token), "Content-Type": content_type},
                content=chunks,
                timeout=timeout,
            )
        except httpx.HTTPError:
            raise ServiceUnavailableError(SERVICE) from None
        body = _json(response)
        if response.status_code in (200, 422) and isinstance(body, dict) and body.get("dry_run"):
            return DryRun.from_intake(body, shown=shown)
        try:
            raise_for_problem(SERVICE, response)
        except ServiceError as problem:
            if problem.status in (409, 413, 415, 422):
                raise UploadRefusedError(problem.status, problem.title, problem.detail) from None
            raise
        raise ServiceUnavailableError(SERVICE)  # a 2xx that is no check: not intake's API

    async def no_longer_delivered(
        self, token: str, delivery_id: UUID, *, page_size: int
    ) -> list[AbsentAppointment]:
        """The first page of the board's appointments the delivery did not hold."""
        body = await self._get(
            f"/v1/deliveries/{delivery_id}/changes", token, {"page": 1, "page_size": page_size}
        )
        return [AbsentAppointment.from_intake(a) for a in body.get("no_longer_delivered") or []]

    async def delivery(self, token: str, delivery_id: UUID) -> Delivery:
        return Delivery.from_intake(await self._get(f"/v1/deliveries/{delivery_id}", token, {}))

    async def issues(
        self, token: str, delivery_id: UUID, *, page: int, page_size: int
    ) -> tuple[list[Issue], int]:
        body = await self._get(
            f"/v1/deliveries/{delivery_id}/errors",
            token,
            {"page": page, "page_size": page_size, "format": "json"},
        )
        return [Issue.from_intake(i) for i in body["issues"]], int(body["total"])

    async def open_issues_csv(self, token: str, delivery_id: UUID) -> CsvDownload:
        """Every issue as intake's CSV, as a stream (never held in the portal's memory)."""
        request = self._http.build_request(
            "GET",
            f"/v1/deliveries/{delivery_id}/errors",
            params={"format": "csv"},
            headers=bearer(token),
        )
        try:
            response = await self._http.send(request, stream=True)
        except httpx.HTTPError:
            raise ServiceUnavailableError(SERVICE) from None
        if response.is_error:
            await response.aread()
            await response.aclose()
            raise_for_problem(SERVICE, response)
        return CsvDownload(f"levering-{delivery_id}-meldingen.csv", response)

    async def deliveries(
        self, token: str, board: str, *, page: int, page_size: int
    ) -> list[Delivery]:
        body = await self._get(
            f"/v1/boards/{board}/deliveries", token, {"page": page, "page_size": page_size}
        )
        return [Delivery.from_intake(d) for d in body["deliveries"]]

    async def correction_requests(
        self,
        token: str,
        board: str,
        *,
        status: CorrectionStatus | None,
        page: int,
        page_size: int,
    ) -> CorrectionPage:
        params: dict[str, Any] = {"page": page, "page_size": page_size}
        if status is not None:
            params["status"] = status
        body = await self._get(f"/v1/boards/{board}/correction-requests", token, params)
        return CorrectionPage(
            tuple(CorrectionRequest.from_intake(c) for c in body["correction_requests"]),
            int(body["total"]),
            page,
            page_size,
        )

    async def correction_request(
        self, token: str, board: str, request_id: UUID
    ) -> CorrectionRequest:
        body = await self._get(f"/v1/boards/{board}/correction-requests/{request_id}", token, {})
        return CorrectionRequest.from_intake(body)

    async def answer_correction_request(
        self, token: str, board: str, request_id: UUID, decision: Decision, reason: str | None
    ) -> CorrectionRequest:
        """Answer once; the same answer again is answered as the first time. Intake's refusals
        (409 answered otherwise or resolved, 422 no reason) are `AnswerRefusedError`."""
        try:
            response = await self._http.post(
                f"/v1/boards/{board}/correction-requests/{request_id}/answer",
                json={"decision": decision, "reason": reason},
                headers=bearer(token),
            )
        except httpx.HTTPError:
            raise ServiceUnavailableError(SERVICE) from None
        if response.status_code in (409, 422):
            body = _json(response)
            code = str(body.get("code") or "") if isinstance(body, dict) else ""
            detail = str(body.get("detail") or "") if isinstance(body, dict) else ""
            raise AnswerRefusedError(response.status_code, code, detail)
        raise_for_problem(SERVICE, response)
        return CorrectionRequest.from_intake(response.json())


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _replayed(response: httpx.Response) -> bool:
    return str(response.headers.get("Idempotent-Replayed", "")).lower() == "true"
