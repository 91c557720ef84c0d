"""Errors as problem details: one shape for HTTP errors, refused requests, outages and bugs."""

from __future__ import annotations

from typing import Annotated

import asyncpg
import httpx
import pytest
import sqlalchemy.exc
from fastapi import Depends, FastAPI, HTTPException, Query, Request, Response
from fastapi.responses import HTMLResponse

from lr_shared.http import install_middleware, operational_router, require_token
from lr_shared.problems import PROBLEM_JSON, RETRY_AFTER_SECONDS, is_outage, problem_responses

PROBLEM_MEMBERS = {"type", "title", "status", "detail", "instance"}


def _app() -> FastAPI:
    app = FastAPI()
    install_middleware(app)

    async def ok() -> None:
        return None

    app.include_router(operational_router({"database": ok}))

    @app.get("/items/{number}", responses=problem_responses(404, 429))
    async def item(number: int, size: Annotated[int, Query(le=10)] = 1) -> dict[str, int]:
        if number == 404:
            raise HTTPException(404, "Not found")
        if number == 429:
            raise HTTPException(429, "Too many requests", headers={"Retry-After": "7"})
        if number == 503:
            raise sqlalchemy.exc.TimeoutError("QueuePool limit of size 1 overflow 1 reached")
        if number == 500:
            raise KeyError("teacher 123456782")
        return {"number": number, "size": size}

    @app.post("/upload")
    async def upload() -> None:
        raise sqlalchemy.exc.OperationalError(
            "insert", {}, asyncpg.CannotConnectNowError("the database system is starting up")
        )

    return app


async def _get(app: FastAPI, path: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.get(path)


def _assert_problem(response: httpx.Response, status: int) -> dict[str, object]:
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM_JSON
    body: dict[str, object] = response.json()
    assert set(body) >= PROBLEM_MEMBERS
    assert body["status"] == status
    assert body["type"] == "about:blank"
    assert str(body["instance"]).startswith("urn:uuid:")
    return body


async def test_an_http_error_is_a_problem_with_its_detail_and_headers() -> None:
    app = _app()
    body = _assert_problem(await _get(app, "/items/404"), 404)
    assert (body["title"], body["detail"]) == ("Not Found", "Not found")
    limited = await _get(app, "/items/429")
    assert _assert_problem(limited, 429)["title"] == "Too Many Requests"
    assert limited.headers["retry-after"] == "7"


async def test_an_unknown_route_is_a_problem_too() -> None:
    _assert_problem(await _get(_app(), "/nowhere"), 404)


async def test_a_refused_request_lists_its_fields_without_echoing_the_input() -> None:
    response = await _get(_app(), "/items/123456782?size=999999999")
    body = _assert_problem(response, 422)
    assert body["errors"] == [
        {
            "loc": ["query", "size"],
            "type": "less_than_equal",
            "msg": "Input should be less than or equal to 10",
        }
    ]
    assert "999999999" not in response.text
    assert "123456782" not in response.text


async def test_a_dependency_outage_is_503_with_retry_after() -> None:
    response = await _get(_app(), "/items/503")
    body = _assert_problem(response, 503)
    assert response.headers["retry-after"] == str(RETRY_AFTER_SECONDS)
    assert "Retry-After" in str(body["detail"])


async def test_a_database_starting_up_during_a_post_is_503() -> None:
    transport = httpx.ASGITransport(app=_app(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.post("/upload", content=b"x" * 100_000)
    _assert_problem(response, 503)


async def test_a_bug_is_a_500_problem_without_the_exception_text() -> None:
    response = await _get(_app(), "/items/500")
    _assert_problem(response, 500)
    assert "123456782" not in response.text
    assert "KeyError" not in response.text


async def test_health_ready_and_metrics_are_documented_with_their_bodies() -> None:
    document = _app().openapi()
    paths = document["paths"]
    assert "text/plain" in paths["/metrics"]["get"]["responses"]["200"]["content"]
    assert "application/json" in paths["/health"]["get"]["responses"]["200"]["content"]
    assert "503" in paths["/ready"]["get"]["responses"]
    item = paths["/items/{number}"]["get"]["responses"]
    for code in ("404", "422", "429"):
        assert list(item[code]["content"]) == [PROBLEM_JSON], code
    assert "Retry-After" in item["429"]["headers"]
    assert "HTTPValidationError" not in document["components"]["schemas"]
    assert {"Problem", "FieldError"} <= set(document["components"]["schemas"])


@pytest.mark.parametrize(
    "error",
    [
        sqlalchemy.exc.TimeoutError("QueuePool limit reached"),
        sqlalchemy.exc.OperationalError("select 1", {}, ConnectionRefusedError(111, "refused")),
        sqlalchemy.exc.InterfaceError("select 1", {}, Exception("connection is closed")),
        asyncpg.CannotConnectNowError("the database system is starting up"),
        asyncpg.AdminShutdownError("terminating connection due to administrator command"),
        asyncpg.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
        asyncpg.TooManyConnectionsError("sorry, too many clients already"),
        ConnectionResetError(104, "Connection reset by peer"),
        OSError(111, "Connect call failed"),
        TimeoutError(),
    ],
    ids=lambda error: type(error).__name__,
)
def test_what_counts_as_an_outage(error: Exception) -> None:
    assert is_outage(error)


def test_an_outage_behind_another_exception_still_counts() -> None:
    wrapped = RuntimeError("could not store the delivery")
    wrapped.__cause__ = asyncpg.AdminShutdownError("terminating connection")
    assert is_outage(wrapped)
    assert is_outage(ExceptionGroup("tasks", [ValueError("x"), wrapped]))


@pytest.mark.parametrize(
    "error",
    [
        KeyError("x"),
        ValueError("bad"),
        sqlalchemy.exc.IntegrityError("insert", {}, Exception("duplicate key")),
        asyncpg.UniqueViolationError("duplicate key"),
        FileNotFoundError(2, "No such file"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_a_bug_or_a_conflict_is_not_an_outage(error: Exception) -> None:
    assert not is_outage(error)


def test_a_route_that_forgot_them_still_documents_400_401_and_503() -> None:
    app = _app()

    @app.post("/secured", dependencies=[Depends(require_token("board"))])
    async def secured(body: dict[str, int]) -> None:
        return None

    responses = app.openapi()["paths"]["/secured"]["post"]["responses"]
    assert list(responses["400"]["content"]) == [PROBLEM_JSON]
    assert list(responses["401"]["content"]) == [PROBLEM_JSON]
    assert "Retry-After" in responses["503"]["headers"]
    assert "503" not in app.openapi()["paths"]["/health"]["get"]["responses"]


async def test_a_service_of_pages_renders_an_outage_its_own_way() -> None:
    app = FastAPI()

    def page(request: Request, status: int, instance: str) -> Response:
        return HTMLResponse("<h1>Probeer het later opnieuw</h1>", status_code=status)

    install_middleware(app, error_response=page)

    @app.get("/page")
    async def failing() -> None:
        raise asyncpg.CannotConnectNowError("the database system is starting up")

    response = await _get(app, "/page")
    assert (response.status_code, response.headers["content-type"]) == (
        503,
        "text/html; charset=utf-8",
    )
