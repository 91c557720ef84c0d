"""Domain refusals as HTTP answers. Not found and not yours are the same 404."""

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


def install(app: FastAPI) -> None:
    @app.exception_handler(InvalidInputError)
    async def invalid(request: Request, exc: InvalidInputError) -> JSONResponse:
        detail = [
            {"loc": ["body", p.field], "type": p.code, "msg": p.message} for p in exc.problems
        ]
        return JSONResponse({"detail": detail}, status_code=422)

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> JSONResponse:
        return JSONResponse({"detail": "Not found"}, status_code=404)

    @app.exception_handler(NotEditableError)
    async def not_editable(request: Request, exc: NotEditableError) -> JSONResponse:
        detail = "This activity was validated by its provider and cannot be changed."
        return JSONResponse({"detail": detail}, status_code=409)

    @app.exception_handler(EvidenceTooLargeError)
    async def too_large(request: Request, exc: EvidenceTooLargeError) -> JSONResponse:
        detail = f"The evidence file is larger than {exc.limit} bytes."
        return JSONResponse({"detail": detail}, status_code=413)

    @app.exception_handler(UnsupportedEvidenceError)
    async def unsupported(request: Request, exc: UnsupportedEvidenceError) -> JSONResponse:
        detail = "The evidence file must be a PDF, PNG or JPEG file."
        return JSONResponse({"detail": detail}, status_code=415)
