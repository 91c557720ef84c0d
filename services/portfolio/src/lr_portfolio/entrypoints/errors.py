"""Domain refusals as problem details (lr_shared.problems). Not found and not yours are the
same 404."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from lr_portfolio.domain.errors import (
    AlreadyRatedError,
    EvidenceTooLargeError,
    InvalidInputError,
    NotEditableError,
    NotFoundError,
    NotRateableError,
    UnsupportedEvidenceError,
)
from lr_shared.problems import PROBLEM_JSON, FieldError, Problem, new_instance, problem

INVALID = "The request is not valid; `errors` says which fields."
NOT_EDITABLE = "This activity was validated by its provider and cannot be changed."
UNSUPPORTED = "The evidence file must be a PDF, PNG or JPEG file."
ALREADY_RATED = "already-rated"
NOT_RATEABLE = "not-rateable"


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

    @app.exception_handler(AlreadyRatedError)
    async def already_rated(request: Request, exc: AlreadyRatedError) -> JSONResponse:
        return coded(
            409,
            ALREADY_RATED,
            "Already rated",
            "You rated this accredited activity before; a rating is given once.",
        )

    @app.exception_handler(NotRateableError)
    async def not_rateable(request: Request, exc: NotRateableError) -> JSONResponse:
        return coded(
            409,
            NOT_RATEABLE,
            "Activity cannot be rated",
            "Only an accredited activity reported by its provider (from the catalogue) can be "
            "rated; this one you logged yourself.",
        )


def coded(status: int, code: str, title: str, detail: str) -> JSONResponse:
    """A problem of our own type (RFC 9457) with a stable `code` (as intake's corrections)."""
    body = Problem(
        type=f"tag:lerarenregister.nl,2026:problems/{code}",
        title=title,
        status=status,
        detail=detail,
        instance=new_instance(),
    ).model_dump(mode="json", exclude_none=True)
    body["code"] = code
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)
