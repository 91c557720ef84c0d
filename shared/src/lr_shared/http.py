"""What every service's HTTP surface shares: /health, /ready, /metrics, bearer-token
dependencies, request logging without query strings, and error pages without personal data."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request, Response, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Histogram, generate_latest

from lr_shared.auth import InvalidTokenError, Principal, TokenKind, TokenVerifier

log = logging.getLogger(__name__)

ReadinessCheck = Callable[[], Awaitable[None]]

REQUEST_SECONDS = Histogram(
    "lr_http_request_seconds", "HTTP request duration", ["method", "route", "status"]
)


def operational_router(checks: dict[str, ReadinessCheck]) -> APIRouter:
    """`/health` says the process lives; `/ready` that its broker and database answer."""
    router = APIRouter(tags=["operations"])

    @router.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/ready")
    async def ready(response: Response) -> dict[str, object]:
        results: dict[str, str] = {}
        for name, check in checks.items():
            try:
                await check()
                results[name] = "ok"
            except Exception as exc:
                results[name] = f"unavailable: {type(exc).__name__}"
        ok = all(v == "ok" for v in results.values())
        response.status_code = status.HTTP_200_OK if ok else status.HTTP_503_SERVICE_UNAVAILABLE
        return {"status": "ready" if ok else "not ready", "checks": results}

    @router.get("/metrics")
    async def metrics() -> Response:
        return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)

    return router


_bearer = HTTPBearer(auto_error=False)


def require_token(*kinds: TokenKind) -> Callable[..., Principal]:
    """A FastAPI dependency that admits only tokens of the given kinds."""

    def dependency(
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
            return verifier.verify(credentials.credentials, kinds=set(kinds))
        except InvalidTokenError as exc:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                f"Invalid token: {exc}",
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            ) from None

    return dependency


def install_middleware(app: FastAPI) -> None:
    """Request timing and logging (path template, never the query string) and safe errors."""

    @app.middleware("http")
    async def observe(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        started = time.perf_counter()
        response = await call_next(request)
        route = request.scope.get("route")
        template = getattr(route, "path", "unmatched")
        REQUEST_SECONDS.labels(request.method, template, str(response.status_code)).observe(
            time.perf_counter() - started
        )
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI's default echoes the input back; the input may hold a BSN or a name.
        errors = [
            {"loc": list(err.get("loc", ())), "type": err.get("type"), "msg": err.get("msg")}
            for err in exc.errors()
        ]
        return JSONResponse({"detail": errors}, status_code=422)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", extra={"path": request.scope.get("path")})
        return JSONResponse({"detail": "Internal error"}, status_code=500)
