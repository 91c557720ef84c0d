"""Domain refusals as problem details (lr_shared.problems). Not found and not yours are the
same 404."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from lr_portfolio.domain.errors import (
    EvidenceTooLargeError,
    InvalidInputError,
    NotEditableError,
    NotFoundError,
    UnsupportedEvidenceError,
)
from lr_shared.problems import FieldError, problem

INVALID = "The request is not valid; `errors` says which fields."
NOT_EDITABLE = "This activity was validated by its provider and cannot be changed."
UNSUPPORTED = "The evidence file must be a PDF, PNG or JPEG file."


def install(app: FastAPI) -> None:
    @app.exception_handler(InvalidInputError)
    async def invalid(request: Request, exc: InvalidInputError) -> JSONResponse:
        errors = [
            FieldError(loc=["body", p.field], type=p.code, msg=p.message) for p in exc.problems
        ]
        return problem(422, INVALID, errors=errors)

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> JSONResponse:
        return problem(404, "Not found")

    @app.exception_handler(NotEditableError)
    async def not_editable(request: Request, exc: NotEditableError) -> JSONResponse:
        return problem(409, NOT_EDITABLE)

    @app.exception_handler(EvidenceTooLargeError)
    async def too_large(request: Request, exc: EvidenceTooLargeError) -> JSONResponse:
        return problem(413, f"The evidence file is larger than {exc.limit} bytes.")

    @app.exception_handler(UnsupportedEvidenceError)
    async def unsupported(request: Request, exc: UnsupportedEvidenceError) -> JSONResponse:
        return problem(415, UNSUPPORTED)
