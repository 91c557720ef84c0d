"""Domain refusals as problem details (lr_shared.problems). Not found and not yours are the
same 404; no detail carries the input."""

from __future__ import annotations

import json

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from lr_profession.domain.errors import (
    InvalidInputError,
    NotFoundError,
    StateConflictError,
    VoteRefusedError,
)
from lr_shared.problems import FieldError, problem

INVALID = "The request is not valid; `errors` says which fields."


def install(app: FastAPI) -> None:
    @app.exception_handler(InvalidInputError)
    async def invalid(request: Request, exc: InvalidInputError) -> JSONResponse:
        errors = [FieldError(loc=["body", exc.field], type=exc.code, msg=str(exc))]
        return problem(422, INVALID, errors=errors)

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> JSONResponse:
        return problem(404, "Not found")

    @app.exception_handler(VoteRefusedError)
    async def vote_refused(request: Request, exc: VoteRefusedError) -> JSONResponse:
        # A problem extension member: `code` says which refusal (already-voted, ...).
        response = problem(409, str(exc))
        body = json.loads(bytes(response.body))
        body["code"] = exc.code
        return JSONResponse(body, status_code=409, media_type=response.media_type)

    @app.exception_handler(StateConflictError)
    async def conflict(request: Request, exc: StateConflictError) -> JSONResponse:
        return problem(409, str(exc))
