"""What every service's HTTP surface shares: /health, /ready, /metrics, bearer-token
dependencies, request timing and logging without query strings, and errors as problem details
(`lr_shared.problems`): HTTP errors, refused requests, a dependency outage (503 with
Retry-After) and a bug (500), none of them with personal data. And the hardening every
response gets (docs/security.md, "HTTP hardening"): security headers with a Content-Security-
Policy, and the client address taken from `X-Forwarded-For` only behind a trusted proxy."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import time
from collections.abc import Awaitable, Callable, Collection, Iterable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request, Response, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Histogram, generate_latest
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lr_shared.auth import InvalidTokenError, Principal, TokenKind, TokenVerifier
from lr_shared.problems import (
    INTERNAL_DETAIL,
    PROBLEM_JSON,
    REF_PREFIX,
    RETRY_AFTER_SECONDS,
    FieldError,
    is_outage,
    new_instance,
    outage,
    problem,
    problem_responses,
    problem_schemas,
)

log = logging.getLogger(__name__)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'"
"""A JSON API loads nothing and is framed by nobody."""
PAGES_CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; "
    "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
"""Server-rendered pages with their own CSS and scripts (the portal): nothing inline, nothing
from elsewhere, forms post to the site itself."""
HSTS = "max-age=31536000; includeSubDomains"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

ReadinessCheck = Callable[[], Awaitable[None]]
ErrorResponse = Callable[[Request, int, str], Response]
"""What a service answers for an unhandled exception: (request, 500 or 503, instance) -> the
response. The default is a problem (`lr_shared.problems`); a service of pages renders a page."""

REQUEST_SECONDS = Histogram(
    "lr_http_request_seconds", "HTTP request duration", ["method", "route", "status"]
)

DRAIN_SECONDS = 30.0
"""How long an error answer waits for the rest of a request body still on its way. A server
that answers before it has read the body, then closes, makes the client's send fail: the client
sees a dropped connection instead of the answer (PostgreSQL restarting during an upload)."""


class Health(BaseModel):
    status: Literal["ok"] = Field(description="The process lives.")


class Readiness(BaseModel):
    status: Literal["ready", "not ready"]
    checks: dict[str, str] = Field(
        description="Each dependency: `ok` or `unavailable: <error type>`.",
        examples=[{"database": "ok", "kafka": "ok"}],
    )


def operational_router(checks: dict[str, ReadinessCheck]) -> APIRouter:
    """`/health` says the process lives; `/ready` that its broker and database answer."""
    router = APIRouter(tags=["operations"])

    @router.get("/health")
    async def health() -> Health:
        """The process lives (no dependency is asked)."""
        return Health(status="ok")

    @router.get(
        "/ready",
        responses={
            503: {
                "model": Readiness,
                "description": "A dependency does not answer; `checks` says which.",
                "headers": {"Retry-After": {"schema": {"type": "integer", "minimum": 0}}},
            }
        },
    )
    async def ready(response: Response) -> Readiness:
        """Every dependency (database, broker) answers: the service can take requests."""
        results: dict[str, str] = {}
        for name, check in checks.items():
            try:
                await check()
                results[name] = "ok"
            except Exception as exc:
                results[name] = f"unavailable: {type(exc).__name__}"
        ok = all(v == "ok" for v in results.values())
        if not ok:
            response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return Readiness(status="ready" if ok else "not ready", checks=results)

    @router.get(
        "/metrics",
        response_class=PlainTextResponse,
        responses={
            200: {
                "description": "Prometheus text exposition format.",
                "content": {"text/plain": {"schema": {"type": "string"}}},
            }
        },
    )
    async def metrics() -> Response:
        """Prometheus metrics of this process."""
        return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)

    return router


_bearer = HTTPBearer(auto_error=False)


def require_token(*kinds: TokenKind) -> Callable[..., Awaitable[Principal]]:
    """A FastAPI dependency that admits only tokens of the given kinds."""

    async def dependency(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> Principal:
        if credentials is None:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                "Bearer token required",
                headers={"WWW-Authenticate": "Bearer"},
            )
        verifier: TokenVerifier = request.app.state.verifier
        try:
            # Async: a key set at a JWKS URL is fetched again for a rotated key.
            return await verifier.verify_async(credentials.credentials, kinds=set(kinds))
        except InvalidTokenError as exc:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                f"Invalid token: {exc}",
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            ) from None

    return dependency


def wants_csv(request: Request, format: str | None) -> bool:
    """A route that answers JSON or CSV: CSV for `?format=csv`, or, without `format`, for an
    `Accept` that names text/csv."""
    return format == "csv" or (format is None and "text/csv" in request.headers.get("accept", ""))


def problem_error_response(request: Request, code: int, instance: str) -> Response:
    if code == status.HTTP_503_SERVICE_UNAVAILABLE:
        return outage(instance)
    return problem(code, INTERNAL_DETAIL, instance=instance)


def install_middleware(
    app: FastAPI,
    *,
    error_response: ErrorResponse | None = None,
    trusted_proxies: Collection[Network] = (),
    hsts: bool = False,
    content_security_policy: str = API_CONTENT_SECURITY_POLICY,
    cacheable: tuple[str, ...] = (),
) -> None:
    """Request timing and logging (path template, never the query string), errors as problem
    details, and the OpenAPI document saying so; security headers on every answer, and the
    client address from `X-Forwarded-For` when the peer is one of `trusted_proxies`.

    An exception no handler took becomes a 503 with Retry-After when it is a dependency outage
    (`lr_shared.problems.is_outage`), else a 500; both are logged with the problem's instance
    and answered here, so the connection stays usable. `error_response` renders them otherwise.
    An app that registers its own `Exception` handler and passes no `error_response` keeps it.

    `hsts` (every environment but development) adds Strict-Transport-Security. An answer
    without a Cache-Control of its own is `no-store` unless its path starts with one of
    `cacheable` (the portal's `/static/`). FastAPI's interactive documentation (`/docs`,
    `/redoc`: scripts and styles from a CDN) gets no Content-Security-Policy.
    """
    app.add_middleware(_ErrorsAndTiming, error_response=error_response)
    app.add_middleware(
        _SecurityHeaders,
        headers=security_headers(content_security_policy=content_security_policy, hsts=hsts),
        cacheable=cacheable,
        without_policy=tuple(path for path in (app.docs_url, app.redoc_url) if path),
    )
    if trusted_proxies:
        app.add_middleware(_ForwardedClient, trusted=tuple(trusted_proxies))
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    _document_problems(app)


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    detail = exc.detail if isinstance(exc.detail, str) else None
    return problem(exc.status_code, detail, headers=exc.headers)


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    # FastAPI's default echoes the input back; the input may hold a BSN or a name.
    errors = [
        FieldError(
            loc=[part if isinstance(part, int) else str(part) for part in err.get("loc", ())],
            type=str(err.get("type", "invalid")),
            msg=str(err.get("msg", "")),
        )
        for err in exc.errors()
    ]
    return problem(
        status.HTTP_422_UNPROCESSABLE_CONTENT,
        "The request is not valid; `errors` says which parts.",
        errors=errors,
    )


class _ErrorsAndTiming:
    """Pure ASGI (no BaseHTTPMiddleware): request bodies stream through untouched."""

    def __init__(self, app: ASGIApp, error_response: ErrorResponse | None = None) -> None:
        self.app = app
        self.error_response = error_response

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        state: dict[str, Any] = {"status": None, "body_done": False}

        async def receiving() -> Message:
            message = await receive()
            if message["type"] == "http.disconnect" or not message.get("more_body", False):
                state["body_done"] = True
            return message

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["status"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receiving, sending)
        except Exception as exc:
            if state["status"] is not None:
                # Too late for an answer: the server closes the connection.
                log.exception("error after the response started", extra=_where(scope))
                raise
            code = 503 if is_outage(exc) else 500
            request = Request(scope)
            render = self.error_response
            if render is None and _has_own_handler(scope):
                raise  # the app renders its own errors (ServerErrorMiddleware calls its handler)
            instance = new_instance()
            if code == 503:
                log.warning(
                    "dependency unavailable",
                    exc_info=exc,
                    extra={**_where(scope), "instance": instance, "error": type(exc).__name__},
                )
            else:
                log.exception("unhandled error", extra={**_where(scope), "instance": instance})
            if not state["body_done"]:
                await _drain(receive)
            response = (render or problem_error_response)(request, code, instance)
            await response(scope, receive, sending)
        finally:
            REQUEST_SECONDS.labels(
                scope["method"], _template(scope), str(state["status"] or 500)
            ).observe(time.perf_counter() - started)


async def _drain(receive: Receive) -> None:
    """Read and drop the rest of the request body, so the answer is read, not a broken pipe."""
    try:
        async with asyncio.timeout(DRAIN_SECONDS):
            while True:
                message = await receive()
                if message["type"] == "http.disconnect" or not message.get("more_body", False):
                    return
    except TimeoutError:
        return


def _has_own_handler(scope: Scope) -> bool:
    app = scope.get("app")
    handlers = getattr(app, "exception_handlers", {})
    return Exception in handlers or 500 in handlers


def _template(scope: Scope) -> str:
    return str(getattr(scope.get("route"), "path", "unmatched"))


def _where(scope: Scope) -> dict[str, str]:
    # The route's template, never the path itself: it may hold a share link's secret.
    return {"method": str(scope.get("method")), "route": _template(scope)}


# --- Hardening -------------------------------------------------------------------------------


def security_headers(*, content_security_policy: str, hsts: bool) -> list[tuple[bytes, bytes]]:
    """The headers every answer gets (a route's own value of one wins)."""
    headers = {
        "x-content-type-options": "nosniff",
        "referrer-policy": "no-referrer",
        "x-frame-options": "DENY",
        "cross-origin-opener-policy": "same-origin",
        "cross-origin-resource-policy": "same-origin",
        "permissions-policy": PERMISSIONS_POLICY,
        "content-security-policy": content_security_policy,
    }
    if hsts:
        headers["strict-transport-security"] = HSTS
    return [(name.encode(), value.encode()) for name, value in headers.items()]


_CSP = b"content-security-policy"
_CACHE_CONTROL = b"cache-control"
_NO_STORE = (_CACHE_CONTROL, b"no-store")


class _SecurityHeaders:
    """Pure ASGI: the headers are added to the response start as it goes out; the body
    streams through untouched."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        headers: list[tuple[bytes, bytes]],
        cacheable: tuple[str, ...] = (),
        without_policy: tuple[str, ...] = (),
    ) -> None:
        self.app = app
        self.headers = headers
        self.without_policy_headers = [h for h in headers if h[0] != _CSP]
        self.cacheable = cacheable
        self.without_policy = without_policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        ours = self.without_policy_headers if path in self.without_policy else self.headers
        cached = path.startswith(self.cacheable) if self.cacheable else False

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers += [header for header in ours if header[0] not in present]
                if not cached and _CACHE_CONTROL not in present:
                    headers.append(_NO_STORE)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, sending)


def client_address(
    peer: str | None, forwarded_for: Iterable[str], trusted: Collection[Network]
) -> str | None:
    """Who the client is: the peer, unless the peer is a trusted proxy; then the right-most
    address of `X-Forwarded-For` that is not a trusted proxy (each proxy appends the address it
    saw, so everything left of that is whatever the client chose to send). A right-most entry
    that is no address at all leaves the peer; a chain of trusted proxies only, its first."""
    if peer is None or not _is_trusted(peer, trusted):
        return peer
    chain = [entry.strip() for value in forwarded_for for entry in value.split(",")]
    chain = [entry for entry in chain if entry]
    for entry in reversed(chain):
        address = _address(entry)
        if address is None:
            return peer
        if not any(address in network for network in trusted):
            return str(address)
    first = _address(chain[0]) if chain else None
    return str(first) if first is not None else peer


def _is_trusted(host: str, trusted: Collection[Network]) -> bool:
    address = _address(host)
    return address is not None and any(address in network for network in trusted)


def _address(entry: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An address of `X-Forwarded-For`: bare, `v4:port` or `[v6]:port`."""
    host = entry
    if entry.startswith("["):
        host = entry[1 : entry.find("]")] if "]" in entry else entry
    elif entry.count(":") == 1:
        host = entry.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


class _ForwardedClient:
    """Pure ASGI: a request from a trusted proxy gets its client address from
    `X-Forwarded-For` (`client_address`) and its scheme from `X-Forwarded-Proto`; any other
    request keeps its peer and scheme, whatever headers it sends."""

    def __init__(self, app: ASGIApp, *, trusted: tuple[Network, ...]) -> None:
        self.app = app
        self.trusted = trusted

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        peer = scope.get("client")
        if scope["type"] == "http" and peer and _is_trusted(peer[0], self.trusted):
            forwarded, proto = [], None
            for name, value in scope["headers"]:
                if name == b"x-forwarded-for":
                    forwarded.append(value.decode("latin-1"))
                elif name == b"x-forwarded-proto":
                    proto = value.decode("latin-1").rsplit(",", 1)[-1].strip().lower()
            client = client_address(peer[0], forwarded, self.trusted)
            scope = dict(scope)
            if client is not None and client != peer[0]:
                scope["client"] = (client, 0)
            if proto in ("http", "https"):
                scope["scheme"] = proto
        await self.app(scope, receive, send)


# --- OpenAPI ---------------------------------------------------------------------------------

_FASTAPI_422 = REF_PREFIX + "HTTPValidationError"
_OPERATIONAL = frozenset({"/health", "/ready", "/metrics"})


def _document_problems(app: FastAPI) -> None:
    """The OpenAPI document with the `Problem` schema, and FastAPI's own 422 (its
    `HTTPValidationError`, a shape we never send) replaced by the problem we do send."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        document = generate()
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        schemas.update(problem_schemas())
        always = problem_responses(
            400, 401, 422, 503, _400="The request body cannot be parsed (not the JSON it says)."
        )
        for route, path in document.get("paths", {}).items():
            for operation in path.values():
                responses = operation.setdefault("responses", {})
                found = responses.get("422", {}).get("content", {}).get("application/json", {})
                if found.get("schema", {}).get("$ref") == _FASTAPI_422:
                    responses["422"] = always[422]
                # What any route can answer, whether or not its router said so: a body that
                # does not parse, a token refused where a bearer token is asked for, a
                # dependency outage anywhere but the operational endpoints (/ready documents
                # its own 503).
                if "requestBody" in operation and "400" not in responses:
                    responses["400"] = always[400]
                if operation.get("security") and "401" not in responses:
                    responses["401"] = always[401]
                if route not in _OPERATIONAL and "503" not in responses:
                    responses["503"] = always[503]
        if _FASTAPI_422 not in str(document.get("paths")):
            schemas.pop("HTTPValidationError", None)
            schemas.pop("ValidationError", None)
        app.openapi_schema = document
        return document

    app.openapi = openapi  # type: ignore[method-assign]


__all__ = [
    "API_CONTENT_SECURITY_POLICY",
    "PAGES_CONTENT_SECURITY_POLICY",
    "PROBLEM_JSON",
    "ErrorResponse",
    "client_address",
    "install_middleware",
    "operational_router",
    "problem_error_response",
    "problem_responses",
    "require_token",
]
