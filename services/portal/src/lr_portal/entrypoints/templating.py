"""Rendering pages: one Jinja2 environment, the translations and what every page needs."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from lr_portal import i18n
from lr_portal.domain.session import Session
from lr_portal.entrypoints.cookies import set_cookie

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
LANGUAGE_COOKIE = "lr_taal"

environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["j2", "html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    # The templates ship with the code: no stat() of every template file on every page.
    auto_reload=False,
)


def request_language(request: Request) -> i18n.Language:
    """`?lang=` first, then the language cookie, then Dutch."""
    return (
        i18n.language(request.query_params.get("lang"))
        or i18n.language(request.cookies.get(LANGUAGE_COOKIE))
        or i18n.DEFAULT
    )


def format_date(value: date | datetime | str | None, lang: str = "nl") -> str:
    """Dates as Dutch readers write them (day-month-year); English the same, unambiguous."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            parsed: date = (
                datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
            )
        except ValueError:
            return value
        return f"{parsed:%d-%m-%Y}"
    return f"{value:%d-%m-%Y}"


def _local_zone() -> tzinfo:
    try:
        return ZoneInfo("Europe/Amsterdam")
    except ZoneInfoNotFoundError:  # an image without time zone data: UTC, and it says so
        return UTC


LOCAL = _local_zone()


def format_moment(value: datetime | None) -> str:
    """A moment as Dutch readers write it, in Dutch time: 03-12-2026 14:05."""
    if value is None:
        return ""
    local = value.astimezone(LOCAL)
    suffix = "" if LOCAL is not UTC else " UTC"
    return f"{local:%d-%m-%Y %H:%M}{suffix}"


def format_hours(value: Decimal | float | str) -> str:
    number = Decimal(str(value)).normalize()
    text = f"{number:f}"
    return text.replace(".", ",")


def url_with(request: Request, **params: Any) -> str:
    """This page's path with its query changed (pagination, the language switch)."""
    query = dict(request.query_params)
    query.update({k: str(v) for k, v in params.items() if v is not None})
    return f"{request.url.path}?{urlencode(query)}"


environment.filters["date"] = format_date
environment.filters["hours"] = format_hours
environment.filters["moment"] = format_moment


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    lang = request_language(request)
    session: Session | None = getattr(request.state, "session", None)
    now = request.app.state.container.clock()

    def t(key: str, **values: object) -> str:
        return i18n.translate(lang, key, **values)

    container = request.app.state.container
    path = request.url.path
    page = environment.get_template(template).render(
        {
            "request": request,
            "lang": lang,
            "t": t,
            "csrf_token": session.csrf_token if session else "",
            "signed_in": bool(session and session.signed_in(now)),
            "board_signed_in": bool(session and session.board_signed_in(now)),
            "registration_number": session.registration_number if session else None,
            "dev_signin": container.dev_idp is not None,
            "boards_enabled": container.intake is not None,
            "board_area": path == "/aanleveren" or path.startswith("/aanleveren/"),
            "provider_signed_in": bool(session and session.provider_signed_in(now)),
            "provider_area": path == "/aanbieders" or path.startswith("/aanbieders/"),
            "url_with": lambda **params: url_with(request, **params),
            **(context or {}),
        }
    )
    response = HTMLResponse(page, status_code=status)
    response.headers["Cache-Control"] = "no-store"
    if request.query_params.get("lang") in i18n.LANGUAGES:
        remember_language(request, lang)
    return response


def remember_language(request: Request, lang: str) -> None:
    set_cookie(request, LANGUAGE_COOKIE, lang, max_age=365 * 24 * 3600)


def redirect(path: str, status: int = 303) -> RedirectResponse:
    return RedirectResponse(path, status_code=status)
