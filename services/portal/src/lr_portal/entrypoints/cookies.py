"""Cookies the portal sets: HttpOnly, SameSite=Lax, Secure outside development.

Dependencies cannot set a cookie on the response a route builds, so they leave it in
`request.state.cookies` and the middleware below writes it on whatever response goes out.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response

SESSION_COOKIE = "lr_sessie"
ERASURE_COOKIE = "lr_verwijderverzoek"


def set_cookie(request: Request, name: str, value: str, *, max_age: int | None = None) -> None:
    request.state.cookies = [*getattr(request.state, "cookies", []), (name, value, max_age)]


def delete_cookie(request: Request, name: str) -> None:
    set_cookie(request, name, "", max_age=0)


def install(app: FastAPI, *, secure: bool) -> None:
    @app.middleware("http")
    async def write_cookies(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for name, value, max_age in getattr(request.state, "cookies", []):
            response.set_cookie(
                name,
                value,
                max_age=max_age,
                path="/",
                secure=secure,
                httponly=True,
                samesite="lax",
            )
        return response
