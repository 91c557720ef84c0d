"""Cookies the portal sets: HttpOnly, SameSite=Lax, Secure outside development.

Dependencies cannot set a cookie on the response a route builds, so they leave it in
`request.state.cookies` and the middleware below writes it on whatever response goes out.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request, Response
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SESSION_COOKIE = "lr_sessie"
ERASURE_COOKIE = "lr_verwijderverzoek"


def set_cookie(request: Request, name: str, value: str, *, max_age: int | None = None) -> None:
    request.state.cookies = [*getattr(request.state, "cookies", []), (name, value, max_age)]


def delete_cookie(request: Request, name: str) -> None:
    set_cookie(request, name, "", max_age=0)


def install(app: FastAPI, *, secure: bool) -> None:
    app.add_middleware(_WriteCookies, secure=secure)


class _WriteCookies:
    """Pure ASGI (no BaseHTTPMiddleware, which runs every response through memory streams in
    another task): the cookies the request left in its state are added to the response's
    headers as they go out."""

    def __init__(self, app: ASGIApp, *, secure: bool) -> None:
        self.app = app
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state: dict[str, Any] = scope.setdefault("state", {})

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start" and state.get("cookies"):
                headers = MutableHeaders(scope=message)
                for name, value, max_age in state["cookies"]:
                    headers.append("set-cookie", self._cookie(name, value, max_age))
            await send(message)

        await self.app(scope, receive, sending)

    def _cookie(self, name: str, value: str, max_age: int | None) -> str:
        carrier = Response()
        carrier.set_cookie(
            name,
            value,
            max_age=max_age,
            path="/",
            secure=self.secure,
            httponly=True,
            samesite="lax",
        )
        return carrier.headers["set-cookie"]
