"""The portfolio service's HTTP API, called on the signed-in teacher's behalf with their register
token. Its answers become typed results; its refusals become typed exceptions the pages turn
into form errors or friendly pages. No answer body of the portfolio ever reaches the browser."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any, Literal
from urllib.parse import quote, unquote
from uuid import UUID

import httpx
from pydantic import BaseModel, ConfigDict

from lr_portal.adapters.http import Streamed
from lr_portal.domain.errors import (
    NotFoundError,
    ServiceError,
    ServiceUnavailableError,
    SignInRequiredError,
)

SERVICE = "portfolio"

ACTIVITY_TYPES = (
    "formal_programme",
    "course",
    "study_day",
    "conference",
    "inside_school",
    "outside_school",
    "self_study",
)
"""The seven types of DESIGN.md, in the order the pages offer them."""

SUBTYPES: dict[str, tuple[str, ...]] = {
    "inside_school": ("coaching", "intervision", "peer_review", "collegial_visit", "research"),
    "outside_school": ("network", "placement"),
    "self_study": ("professional_journal", "online"),
}
"""The subtypes per type (the portfolio checks the pairing; the pages only offer it)."""

EVIDENCE_TYPES = ("application/pdf", "image/png", "image/jpeg")


# --- what the portfolio answers -------------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Evidence(_Model):
    filename: str
    content_type: str
    size: int
    sha256: str


class MyRating(_Model):
    """Her own rating of an accredited activity: only she sees it."""

    rating: int
    comment: str | None
    rated_at: date


class Activity(_Model):
    id: UUID
    type: str
    subtype: str | None
    title: str
    provider: str
    subject: str
    start_date: date
    end_date: date | None
    hours: Decimal
    core: bool
    source: Literal["teacher", "provider"]
    editable: bool
    activity_code: str | None
    evidence: Evidence | None
    created_at: datetime
    updated_at: datetime
    rateable: bool = False
    my_rating: MyRating | None = None


class PeriodProgress(_Model):
    period_start: date
    period_end: date
    current: bool
    total_hours: Decimal
    core_hours: Decimal
    norm_total_hours: Decimal
    norm_core_hours: Decimal
    missing_total_hours: Decimal
    missing_core_hours: Decimal
    norm_met: bool


class Progress(_Model):
    registration_number: str
    periods: list[PeriodProgress]

    @property
    def current(self) -> PeriodProgress | None:
        return next((p for p in self.periods if p.current), None)


class Share(_Model):
    id: UUID
    view: Literal["all", "period"]
    period_start: date | None
    created_at: datetime
    expires_at: datetime


class CreatedShare(Share):
    token: str
    """Shown once: the portfolio keeps only its hash, so the page must show the link now."""


class PortfolioExport(_Model):
    """The whole portfolio (or one period of it): the export and the shared view."""

    registration_number: str
    name: str | None
    generated_at: datetime
    period_start: date | None
    progress: list[PeriodProgress]
    activities: list[Activity]


class CatalogueEntry(_Model):
    """An accredited activity of the provider catalogue (public)."""

    activity_code: str
    provider_id: str
    provider_name: str
    title: str
    type: str
    subtype: str | None
    register_hours: Decimal
    core: bool
    criteria_version: int | None
    ratings_count: int | None = None
    """Null: fewer than 5 ratings (the portfolio shows nothing before 5)."""
    average_rating: Decimal | None = None


class FeedbackComment(_Model):
    text: str
    month: str


class ProviderFeedback(_Model):
    """An activity's feedback as its provider sees it: nobody named; count, average and
    distribution null (and no comments) below 5 ratings."""

    activity_code: str
    title: str
    shown_from: int
    ratings_count: int | None
    average_rating: Decimal | None
    distribution: dict[str, int] | None
    comments: list[FeedbackComment]
    comments_total: int | None


@dataclass(frozen=True)
class ActivityInput:
    """An activity as the teacher entered it, already of the right types (the form's job)."""

    type: str
    subtype: str | None
    title: str
    start_date: date
    end_date: date | None
    hours: Decimal
    core: bool
    provider: str = ""
    subject: str = ""

    def body(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "subtype": self.subtype,
            "title": self.title,
            "provider": self.provider,
            "subject": self.subject,
            "start_date": self.start_date.isoformat(),
            "end_date": self.end_date.isoformat() if self.end_date else None,
            "hours": str(self.hours),
            "core": self.core,
        }


# --- what the portfolio refuses -------------------------------------------------------------
# 404 is NotFoundError (absent, someone else's, a share link expired or revoked: one answer),
# 401/403 SignInRequiredError, 5xx/timeouts/no connection ServiceUnavailableError: the portal's
# error pages. What a form shows beside its fields gets a type of its own:


@dataclass(frozen=True)
class FieldProblem:
    """One field the portfolio refused, by the field's API name and the rule's code."""

    field: str
    code: str
    message: str = ""


class InvalidActivityError(ServiceError):
    """422: one or more fields break the portfolio's rules (the form shows each beside its
    field)."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__(422, "invalid", ", ".join(f"{p.field}:{p.code}" for p in problems))
        self.problems = problems


class NotEditableError(ServiceError):
    """409: the activity was reported by its provider; the teacher cannot change it."""

    def __init__(self) -> None:
        super().__init__(409, "not editable")


class RatingRefusedError(ServiceError):
    """409: rated before (`already-rated`), or not an accredited activity her provider reported
    (`not-rateable`)."""

    def __init__(self, code: Literal["already-rated", "not-rateable"]) -> None:
        super().__init__(409, code)
        self.code = code


class EvidenceRejectedError(ServiceError):
    """413 (too large) or 415 (not a PDF, PNG or JPEG)."""

    def __init__(self, reason: Literal["too_large", "unsupported"]) -> None:
        super().__init__(413 if reason == "too_large" else 415, reason)
        self.reason = reason


# --- the client -----------------------------------------------------------------------------


@dataclass
class EvidenceDownload(Streamed):
    """An evidence file on its way from the portfolio: stream its chunks, then close it."""

    filename: str
    content_type: str
    size: int | None
    sha256: str | None
    _response: httpx.Response = field(repr=False)


class PortfolioClient:
    """One method per call the pages make, on behalf of the teacher whose register token each
    takes (the shared view takes the share's token instead)."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self._http = http

    @classmethod
    def connect(cls, base_url: str, timeout: float) -> PortfolioClient:
        """A pooled client of the portfolio at `base_url` (bootstrap.py's; closed by `close`)."""
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=50)
        return cls(httpx.AsyncClient(base_url=base_url, timeout=timeout, limits=limits))

    async def close(self) -> None:
        await self._http.aclose()

    # activities

    async def activities(self, token: str) -> list[Activity]:
        response = await self._call("GET", "/v1/me/activities", token)
        return [Activity.model_validate(item) for item in response.json()]

    async def activity(self, token: str, activity_id: UUID) -> Activity:
        response = await self._call("GET", f"/v1/me/activities/{activity_id}", token)
        return Activity.model_validate(response.json())

    async def create_activity(self, token: str, activity: ActivityInput) -> Activity:
        response = await self._call("POST", "/v1/me/activities", token, json=activity.body())
        return Activity.model_validate(response.json())

    async def update_activity(
        self, token: str, activity_id: UUID, activity: ActivityInput
    ) -> Activity:
        path = f"/v1/me/activities/{activity_id}"
        response = await self._call("PUT", path, token, json=activity.body())
        return Activity.model_validate(response.json())

    async def delete_activity(self, token: str, activity_id: UUID) -> None:
        await self._call("DELETE", f"/v1/me/activities/{activity_id}", token)

    # evidence

    async def put_evidence(
        self,
        token: str,
        activity_id: UUID,
        filename: str,
        content: IO[bytes] | bytes,
        content_type: str = "application/octet-stream",
    ) -> Evidence:
        """Upload (or replace) the activity's evidence; the portfolio judges the bytes."""
        files = {"file": (filename or "bewijsstuk", content, content_type)}
        path = f"/v1/me/activities/{activity_id}/evidence"
        response = await self._call("PUT", path, token, files=files)
        return Evidence.model_validate(response.json())

    async def open_evidence(self, token: str, activity_id: UUID) -> EvidenceDownload:
        """The evidence file as a stream (not read into memory); the caller closes it."""
        request = self._http.build_request(
            "GET", f"/v1/me/activities/{activity_id}/evidence", headers=_bearer(token)
        )
        try:
            response = await self._http.send(request, stream=True)
        except httpx.HTTPError:
            raise ServiceUnavailableError(SERVICE) from None
        if response.is_error:
            await response.aread()
            await response.aclose()
            _raise_for(response)
        length = response.headers.get("content-length")
        return EvidenceDownload(
            filename=_filename(response.headers.get("content-disposition", "")) or "bewijsstuk",
            content_type=response.headers.get("content-type", "application/octet-stream"),
            size=int(length) if length and length.isdigit() else None,
            sha256=response.headers.get("x-content-sha256"),
            _response=response,
        )

    async def delete_evidence(self, token: str, activity_id: UUID) -> None:
        await self._call("DELETE", f"/v1/me/activities/{activity_id}/evidence", token)

    # progress and export

    async def progress(self, token: str) -> Progress:
        response = await self._call("GET", "/v1/me/progress", token)
        return Progress.model_validate(response.json())

    async def export(self, token: str) -> PortfolioExport:
        return PortfolioExport.model_validate_json(await self.export_json(token))

    async def export_json(self, token: str) -> bytes:
        """The export exactly as the portfolio writes it (the JSON download passes it on)."""
        response = await self._call("GET", "/v1/me/export", token, params={"format": "json"})
        return response.content

    # shares

    async def create_share(
        self, token: str, *, expires_at: datetime, period_start: date | None = None
    ) -> CreatedShare:
        """A read-only link to everything, or to the period that holds `period_start`."""
        body = {
            "view": "period" if period_start else "all",
            "period_start": period_start.isoformat() if period_start else None,
            "expires_at": expires_at.isoformat(),
        }
        response = await self._call("POST", "/v1/me/shares", token, json=body)
        return CreatedShare.model_validate(response.json())

    async def shares(self, token: str) -> list[Share]:
        response = await self._call("GET", "/v1/me/shares", token)
        return [Share.model_validate(item) for item in response.json()]

    async def revoke_share(self, token: str, share_id: UUID) -> None:
        await self._call("DELETE", f"/v1/me/shares/{share_id}", token)

    async def shared_view(self, share_token: str) -> PortfolioExport:
        """What a share link shows, for whoever holds it (no register token)."""
        if not share_token or len(share_token) > 200:
            raise NotFoundError
        path = f"/v1/shares/{share_token}"
        response = await self._call("GET", path, None, params={"format": "json"})
        return PortfolioExport.model_validate(response.json())

    # the provider catalogue (public)

    async def catalogue(
        self, *, page: int, page_size: int, provider_id: str | None = None
    ) -> list[CatalogueEntry]:
        """Accredited activities by activity code (panels' and those loaded from a file),
        optionally of one provider."""
        params: dict[str, Any] = {"page": page, "page_size": page_size}
        if provider_id:
            params["provider_id"] = provider_id
        response = await self._call("GET", "/v1/catalogue", None, params=params)
        return [CatalogueEntry.model_validate(item) for item in response.json()["items"]]

    # feedback afterwards (ratings)

    async def rate(
        self, token: str, activity_id: UUID, rating: int, comment: str | None
    ) -> MyRating:
        """201 her rating; RatingRefusedError on 409; InvalidActivityError on 422."""
        path = f"/v1/me/activities/{activity_id}/rating"
        headers = {"Accept": "application/json", **_bearer(token)}
        try:
            response = await self._http.request(
                "POST", path, headers=headers, json={"rating": rating, "comment": comment}
            )
        except httpx.HTTPError:
            raise ServiceUnavailableError(SERVICE) from None
        if response.status_code == 409:
            body = _json(response)
            code = body.get("code") if isinstance(body, Mapping) else None
            raise RatingRefusedError("not-rateable" if code == "not-rateable" else "already-rated")
        if response.is_error:
            _raise_for(response)
        return MyRating.model_validate(response.json())

    async def provider_feedback(
        self, provider_token: str, activity_code: str, *, page: int = 1, page_size: int = 20
    ) -> ProviderFeedback:
        """The provider's own accredited activity's feedback (another's: NotFoundError)."""
        path = f"/v1/provider/activities/{quote(activity_code, safe='')}/feedback"
        params = {"page": page, "page_size": page_size}
        response = await self._call("GET", path, provider_token, params=params)
        return ProviderFeedback.model_validate(response.json())

    # plumbing

    async def _call(
        self, method: str, path: str, token: str | None, **kwargs: Any
    ) -> httpx.Response:
        headers = {"Accept": "application/json", **(_bearer(token) if token else {})}
        try:
            response = await self._http.request(method, path, headers=headers, **kwargs)
        except httpx.HTTPError:
            # Not the exception's text: it may hold the URL, and a share URL its token.
            raise ServiceUnavailableError(SERVICE) from None
        if response.is_error:
            _raise_for(response)
        return response


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _raise_for(response: httpx.Response) -> None:
    status = response.status_code
    if status == 404:
        raise NotFoundError
    if status in (401, 403):
        raise SignInRequiredError
    if status == 409:
        raise NotEditableError
    if status == 413:
        raise EvidenceRejectedError("too_large")
    if status == 415:
        raise EvidenceRejectedError("unsupported")
    if status in (400, 422):
        raise InvalidActivityError(field_problems(_json(response)))
    if status < 500:
        raise ServiceError(status)
    raise ServiceUnavailableError(SERVICE)


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def field_problems(body: Any) -> list[FieldProblem]:
    """The refused fields of a 422 body: FastAPI's `detail` list (`loc`, `type`, `msg`), or an
    RFC 9457 problem's list (`errors` / `invalid_params`, with `name`, `pointer` or `loc`)."""
    if not isinstance(body, Mapping):
        return [FieldProblem("", "invalid")]
    items = body.get("detail")
    if not isinstance(items, list):
        items = body.get("errors") or body.get("invalid_params") or body.get("invalid-params")
    if not isinstance(items, list) or not items:
        return [FieldProblem("", "invalid")]
    problems = []
    for item in items:
        if not isinstance(item, Mapping):
            continue
        problems.append(
            FieldProblem(
                field=_field_name(item),
                code=str(item.get("type") or item.get("code") or "invalid"),
                message=str(item.get("msg") or item.get("reason") or item.get("detail") or ""),
            )
        )
    return problems or [FieldProblem("", "invalid")]


def _field_name(item: Mapping[str, Any]) -> str:
    """The field a problem is about: the first name after `body` in a `loc`, the last segment
    of a JSON pointer, or a `name`."""
    loc = item.get("loc")
    if isinstance(loc, list):
        names = [str(part) for part in loc if part != "body" and not isinstance(part, int)]
        return names[0] if names else ""
    pointer = item.get("pointer")
    if isinstance(pointer, str) and pointer:
        return pointer.rstrip("/").rsplit("/", 1)[-1]
    return str(item.get("name") or item.get("field") or "")


def _filename(disposition: str) -> str | None:
    """The file name of a Content-Disposition header (the UTF-8 form first)."""
    for part in disposition.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() == "filename*" and value.lower().startswith("utf-8''"):
            return unquote(value[7:])
    for part in disposition.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() == "filename":
            return value.strip('"')
    return None
