"""Every error is a page in Dutch (English on request): never JSON, a stack trace or a bare 500.

Routes raise domain errors (lr_portal.domain.errors) or let the HTTP clients raise them; the
handlers here turn them into pages with the right status.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from lr_portal.domain.errors import (
    NotFoundError,
    RateLimitedError,
    ServiceError,
    ServiceUnavailableError,
    SignInRequiredError,
)
from lr_portal.entrypoints.deps import (
    BoardChoiceRequiredError,
    CsrfError,
    SignInRedirectError,
    token_expired,
)
from lr_portal.entrypoints.templating import redirect, render

log = logging.getLogger(__name__)


def error_page(request: Request, status: int, **values: object) -> Response:
    known = status if status in (400, 403, 404, 429, 500, 503) else 400
    response = render(request, "error.html.j2", {"status": known, "values": values}, status=status)
    if status == 503:
        response.headers["Retry-After"] = "30"
    return response


def install(app: FastAPI) -> None:
    @app.exception_handler(SignInRedirectError)
    async def sign_in_first(request: Request, exc: SignInRedirectError) -> Response:
        query = {"terug": exc.return_to, **({"verlopen": "1"} if exc.expired else {})}
        return redirect(f"{exc.sign_in_path}?{urlencode(query)}")

    @app.exception_handler(BoardChoiceRequiredError)
    async def choose_board_first(request: Request, exc: BoardChoiceRequiredError) -> Response:
        return redirect(f"/aanleveren/bestuur?{urlencode({'terug': exc.return_to})}")

    @app.exception_handler(SignInRequiredError)
    async def token_refused(request: Request, exc: SignInRequiredError) -> Response:
        return await sign_in_first(request, token_expired(request))

    @app.exception_handler(CsrfError)
    async def csrf(request: Request, exc: CsrfError) -> Response:
        return error_page(request, 403)

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Response:
        return error_page(request, 404)

    @app.exception_handler(RateLimitedError)
    async def limited(request: Request, exc: RateLimitedError) -> Response:
        response = error_page(request, 429, seconds=exc.retry_after)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response

    @app.exception_handler(ServiceUnavailableError)
    async def unavailable(request: Request, exc: ServiceUnavailableError) -> Response:
        log.warning("service unavailable", extra={"upstream": exc.service})
        return error_page(request, 503)

    @app.exception_handler(ServiceError)
    async def refused(request: Request, exc: ServiceError) -> Response:
        log.info("service refused a request", extra={"upstream_status": exc.status})
        return error_page(request, 400)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return error_page(request, exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        # A tampered form or query (forms re-render their own errors); the input is not echoed.
        return error_page(request, 400)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error", extra={"path": request.scope.get("path")})
        return error_page(request, 500)
