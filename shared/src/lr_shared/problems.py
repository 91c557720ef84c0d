"""Errors as RFC 9457 problem details (`application/problem+json`), one shape in every service.

Every error answer of every service is a `Problem`: `type` (`about:blank`: the status says what
happened), `title` (the status's phrase), `status`, `detail` (what went wrong, in words written
by us: never the input, never personal data) and `instance` (`urn:uuid:...`, this occurrence;
a 5xx logs it, so a caller's report finds the log line). A refused request adds `errors`, the
refused fields (`loc`, `type`, `msg`; the input itself is never echoed).

A dependency outage (the database unreachable or restarting, the connection pool exhausted, the
broker unreachable) is `503` with `Retry-After`, never a 500: the caller did nothing wrong and
the same request later will do. `is_outage` tells one from a bug.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator, Mapping, Sequence
from http import HTTPStatus
from typing import Any
from uuid import uuid4

import asyncpg
import sqlalchemy.exc
from aiokafka import errors as kafka_errors
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import models_json_schema

PROBLEM_JSON = "application/problem+json"

RETRY_AFTER_SECONDS = 5
"""What an outage's 503 asks the caller to wait: PostgreSQL restarts in a few seconds, a pool
frees a connection in less; a caller that backs off finds it back."""

OUTAGE_DETAIL = (
    "A service this one depends on (its database or the message broker) is unavailable or "
    "busy. Nothing was changed by this request; send it again after Retry-After seconds."
)
INTERNAL_DETAIL = "Internal error. Report the instance of this problem to the operators."


class FieldError(BaseModel):
    """One refused part of a request."""

    loc: list[str | int] = Field(
        description="Where: `body`, `query`, `path` or `header`, then the field's name.",
        examples=[["query", "page_size"]],
    )
    type: str = Field(description="A stable code of the refusal.", examples=["less_than_equal"])
    msg: str = Field(
        description="What is wrong, in English.",
        examples=["Input should be less than or equal to 1000"],
    )


class Problem(BaseModel):
    """An error answer (RFC 9457 problem details), served as `application/problem+json`."""

    model_config = ConfigDict(json_schema_extra={"additionalProperties": True})

    type: str = Field(
        default="about:blank",
        description="`about:blank`: the status code says what kind of problem this is.",
    )
    title: str = Field(description="The status code's phrase.", examples=["Not Found"])
    status: int = Field(ge=400, le=599, description="The HTTP status code.", examples=[404])
    detail: str = Field(
        description="What went wrong, for people. Never personal data.", examples=["Not found"]
    )
    instance: str = Field(
        description="This occurrence (`urn:uuid:...`); operators find it in the logs of a 5xx.",
        examples=["urn:uuid:6f1c0d9e-4a55-4f1e-9a8e-0c7f1b2f3a4d"],
    )
    errors: list[FieldError] | None = Field(
        default=None, description="A refused request's fields (422 only)."
    )


def problem(
    status: int,
    detail: str | None = None,
    *,
    headers: Mapping[str, str] | None = None,
    errors: Sequence[FieldError] | None = None,
    instance: str | None = None,
) -> JSONResponse:
    """The answer for a problem: its body as `application/problem+json`, with `headers`."""
    phrase = _phrase(status)
    body = Problem(
        title=phrase,
        status=status,
        detail=detail or phrase,
        instance=instance or new_instance(),
        errors=list(errors) if errors is not None else None,
    )
    return JSONResponse(
        body.model_dump(mode="json", exclude_none=True),
        status_code=status,
        headers=dict(headers or {}),
        media_type=PROBLEM_JSON,
    )


def outage(instance: str | None = None) -> JSONResponse:
    """503 with Retry-After: a dependency is down; the request changed nothing."""
    return problem(
        HTTPStatus.SERVICE_UNAVAILABLE,
        OUTAGE_DETAIL,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        instance=instance,
    )


def new_instance() -> str:
    return f"urn:uuid:{uuid4()}"


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


# --- telling an outage from a bug ------------------------------------------------------------

_OUTAGE_TYPES: tuple[type[BaseException], ...] = (
    # SQLAlchemy: the driver's connection errors (OperationalError, InterfaceError: a closed or
    # broken connection), the pool's checkout timeout (TimeoutError) and a connection it found
    # dead (DisconnectionError).
    sqlalchemy.exc.OperationalError,
    sqlalchemy.exc.InterfaceError,
    sqlalchemy.exc.TimeoutError,
    sqlalchemy.exc.DisconnectionError,
    # asyncpg, raised as they are on a raw connection: connection class 08 (refused, dropped
    # mid-request), 57 (admin or crash shutdown, "cannot connect now" while starting,
    # cancelled), 53 (too many connections), a closed connection.
    asyncpg.PostgresConnectionError,
    asyncpg.exceptions.OperatorInterventionError,
    asyncpg.exceptions.InsufficientResourcesError,
    asyncpg.InterfaceError,
    # Kafka, for a route that talks to the broker.
    kafka_errors.KafkaConnectionError,
    kafka_errors.KafkaTimeoutError,
    kafka_errors.NodeNotReadyError,
    kafka_errors.RequestTimedOutError,
    # The socket itself: refused, reset, aborted, broken pipe, timed out.
    ConnectionError,
    TimeoutError,
)

_NETWORK_ERRNOS = frozenset(
    {
        errno.ECONNREFUSED,
        errno.ECONNRESET,
        errno.ECONNABORTED,
        errno.EHOSTUNREACH,
        errno.ENETUNREACH,
        errno.ETIMEDOUT,
        errno.EPIPE,
    }
)


def is_outage(exc: BaseException) -> bool:
    """True when `exc`, or an exception it was raised from or while handling, says a dependency
    is unreachable or busy rather than that our code or the request is wrong."""
    for error in _chain(exc):
        if isinstance(error, _OUTAGE_TYPES):
            return True
        if isinstance(error, sqlalchemy.exc.DBAPIError) and error.connection_invalidated:
            return True
        if isinstance(error, OSError) and error.errno in _NETWORK_ERRNOS:
            return True
    return False


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    pending: list[BaseException] = [exc]
    while pending:
        error = pending.pop()
        if id(error) in seen:
            continue
        seen.add(id(error))
        yield error
        if isinstance(error, BaseExceptionGroup):
            pending.extend(error.exceptions)
        if isinstance(error, sqlalchemy.exc.DBAPIError) and isinstance(error.orig, BaseException):
            pending.append(error.orig)
        for linked in (error.__cause__, error.__context__):
            if linked is not None:
                pending.append(linked)


# --- OpenAPI ---------------------------------------------------------------------------------

REF_PREFIX = "#/components/schemas/"

_DESCRIPTIONS: dict[int, str] = {
    400: "The request is malformed (an upload broke off, say).",
    401: "No bearer token, or one that is invalid, expired or of the wrong kind.",
    403: "The token is valid but does not allow this.",
    404: "Not found, or not yours (answered the same).",
    409: "The resource is not in a state that allows this.",
    413: "The request body is too large.",
    415: "The request body's media type is not accepted here.",
    422: "The request's parameters or body are not valid; `errors` says which.",
    429: "Too many requests; wait `Retry-After` seconds.",
    503: "A dependency (database, broker) is unavailable; nothing was changed. Retry after "
    "`Retry-After` seconds.",
}

_RETRY_AFTER_HEADER = {
    "Retry-After": {
        "description": "Seconds to wait before sending the request again.",
        "schema": {"type": "integer", "minimum": 0},
    }
}


def problem_responses(*codes: int, **descriptions: str) -> dict[int | str, dict[str, Any]]:
    """A route's (or router's) `responses=` for the problems it can answer with, documented
    as `application/problem+json` with the `Problem` schema (`install_problem_schemas` adds it
    to the OpenAPI document). `descriptions` overrides a code's text: `_404="..."`."""
    responses: dict[int | str, dict[str, Any]] = {}
    for code in codes:
        entry: dict[str, Any] = {
            "description": descriptions.get(f"_{code}") or _DESCRIPTIONS.get(code, _phrase(code)),
            "content": {PROBLEM_JSON: {"schema": {"$ref": f"{REF_PREFIX}Problem"}}},
        }
        if code in (429, 503):
            entry["headers"] = _RETRY_AFTER_HEADER
        responses[code] = entry
    return responses


def problem_schemas() -> dict[str, Any]:
    """`Problem` and `FieldError` as OpenAPI component schemas."""
    _, schema = models_json_schema(
        [(Problem, "serialization")], ref_template=REF_PREFIX + "{model}"
    )
    definitions: dict[str, Any] = schema.get("$defs", {})
    return definitions
