"""A board's teachers (board token): those with an active appointment the board delivered, as
a page, a CSV of all, or a check of the numbers the board sends. A board the token may not
act for does not exist (404); a teacher of another board is answered as an unknown number.
Every answer is recorded for the teachers it shows (`GET /v1/me/lookups`)."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Iterable, Sequence
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, HTTPException, Query, Request, status
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field
from starlette.requests import ClientDisconnect

from lr_registry.application import boards
from lr_registry.application.boards import CheckAnswer
from lr_registry.application.ports import BoardFilter, BoardRegistration
from lr_registry.domain.bulk_check import (
    CheckCode,
    NoNumbersError,
    NotUtf8Error,
    TooManyNumbersError,
    max_body_bytes,
    parse_numbers,
)
from lr_registry.domain.model import State
from lr_registry.entrypoints.deps import ContainerDep, Page, PageSize, VisibleBoard
from lr_shared.contracts.registry import PUBLIC_LABELS
from lr_shared.http import wants_csv
from lr_shared.problems import problem_responses

router = APIRouter(
    prefix="/v1/boards", tags=["boards"], responses=problem_responses(401, 404, 422, 503)
)

BRIN = r"^[0-9]{2}[A-Z]{2}$"
CSV_TYPES = frozenset({"text/csv", "application/csv", "text/plain"})
_CSV_CONTENT = {"text/csv": {"schema": {"type": "string"}}}
_CSV_CHUNK = 1000

REGISTRATION_COLUMNS = (
    "registratienummer",
    "voorletters",
    "tussenvoegsel",
    "achternaam",
    "brin",
    "scholen",
    "status",
    "publieke_status",
    "einde_periode",
    "norm_behaald",
)
CHECK_COLUMNS = ("regel", "gevonden", *REGISTRATION_COLUMNS, "code", "melding")


class SchoolOut(BaseModel):
    brin: str = Field(examples=["12AB"])
    brin_volgnummer: str = Field(examples=["00"])
    naam: str | None = Field(
        description="From the reference data; null when it lacks the school.",
        examples=["OBS De Regenboog"],
    )


class BoardRegistrationOut(BaseModel):
    registration_number: str = Field(examples=["LR00012345"])
    voorletters: str = Field(examples=["J.P."])
    tussenvoegsel: str = Field(examples=["van"])
    achternaam: str = Field(examples=["Jansen"])
    schools: list[SchoolOut] = Field(
        description="This board's schools where the teacher has an active appointment."
    )
    state: State
    public_label: str | None = Field(
        description="What the public register shows (null: not shown publicly).",
        examples=["geregistreerd"],
    )
    period_end: date | None = Field(description="End of the registration period.")
    norm_met: bool | None = Field(
        description="Whether the norm (register hours) is met for this period; null before "
        "the first period starts."
    )

    @classmethod
    def of(cls, r: BoardRegistration) -> BoardRegistrationOut:
        return cls(
            registration_number=r.number,
            voorletters=r.voorletters,
            tussenvoegsel=r.tussenvoegsel,
            achternaam=r.achternaam,
            schools=[
                SchoolOut(brin=s.brin, brin_volgnummer=s.brin_volgnummer, naam=s.naam)
                for s in r.schools
            ],
            state=r.state,
            public_label=PUBLIC_LABELS.get(r.state),
            period_end=r.period_end,
            norm_met=r.norm_met,
        )


class BoardRegistrationPage(BaseModel):
    bevoegd_gezag: str
    page: int
    page_size: int
    total: int = Field(description="Teachers matching the filters, on all pages.")
    items: list[BoardRegistrationOut]


class CheckLineOut(BaseModel):
    line: int = Field(description="Line in the file, 1-based (a header line counted).")
    registration_number: str | None = Field(
        description="The number on the line; null when the line is not a registration number "
        "(its text is not echoed)."
    )
    found: bool = Field(description="Whether the number is a teacher of this board.")
    code: CheckCode | None = None
    message: str | None = Field(default=None, examples=["niet gevonden bij dit bevoegd gezag"])
    registration: BoardRegistrationOut | None = None

    @classmethod
    def of(cls, a: CheckAnswer) -> CheckLineOut:
        return cls(
            line=a.line,
            registration_number=a.number,
            found=a.registration is not None,
            code=a.code,
            message=a.message,
            registration=BoardRegistrationOut.of(a.registration) if a.registration else None,
        )


class CheckOut(BaseModel):
    bevoegd_gezag: str
    checked: int = Field(description="Lines answered.")
    found: int = Field(description="Lines whose number is a teacher of this board.")
    lines: list[CheckLineOut]


_CHECK_BODY = {
    "requestBody": {
        "required": True,
        "description": "One column `registratienummer` (the header optional), one number a "
        "line, UTF-8; at most 5,000 numbers (by default; `LR_BOARD_CHECK_MAX_NUMBERS`).",
        "content": {"text/csv": {"schema": {"type": "string"}}},
    }
}


@router.get(
    "/{bevoegd_gezag}/registrations",
    response_model=BoardRegistrationPage,
    responses={200: {"content": _CSV_CONTENT}},
    summary="The board's teachers",
)
async def registrations(
    request: Request,
    container: ContainerDep,
    looker: VisibleBoard,
    school: Annotated[
        str | None, Query(pattern=BRIN, description="Only teachers at this BRIN.")
    ] = None,
    state: Annotated[State | None, Query(description="Only registrations in this state.")] = None,
    page: Page = 1,
    page_size: PageSize = 50,
    format: Literal["json", "csv"] | None = None,
) -> BoardRegistrationPage | StreamingResponse:
    """Every teacher with an active appointment this board delivered: registration number,
    name, this board's schools, state, public label, period end and whether the norm is met.
    Ordered by surname, then number. JSON pages, or all of them as CSV (`Accept: text/csv` or
    `?format=csv`; `;`-separated, UTF-8 with a BOM)."""
    filters = BoardFilter(school, state)
    now = container.clock()
    if wants_csv(request, format):
        rows = await boards.all_registrations(container.uow, looker, filters, now)
        return _csv_response(
            REGISTRATION_COLUMNS,
            map(_registration_cells, rows),
            f"{looker.board}-leraren.csv",
        )
    rows, total = await boards.registrations_page(
        container.uow, looker, filters, page_size, (page - 1) * page_size, now
    )
    return BoardRegistrationPage(
        bevoegd_gezag=looker.board,
        page=page,
        page_size=page_size,
        total=total,
        items=[BoardRegistrationOut.of(r) for r in rows],
    )


@router.post(
    "/{bevoegd_gezag}/registrations/check",
    response_model=CheckOut,
    openapi_extra=_CHECK_BODY,
    summary="Check a list of registration numbers",
    responses={
        200: {"content": _CSV_CONTENT},
        **problem_responses(
            400,
            413,
            415,
            _400="The upload broke off before the file's end.",
            _413="More registration numbers than one request may check.",
            _415="Not text/csv.",
            _422="The file is not UTF-8 or holds no line to check, or a parameter is not valid.",
        ),
    },
)
async def check(
    request: Request,
    container: ContainerDep,
    looker: VisibleBoard,
    content_type: Annotated[str, Header()] = "",
    format: Literal["json", "csv"] | None = None,
) -> CheckOut | StreamingResponse:
    """Per line of the file, in its order: the number, whether it is a teacher of this board
    and, if so, the same fields as the list. A number the register does not know and one of a
    teacher who does not work here get the same answer (`niet_gevonden`); a line that is not a
    registration number gets `ongeldig_registratienummer`. JSON, or CSV on request."""
    if content_type.split(";")[0].strip().lower() not in CSV_TYPES:
        raise HTTPException(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, "Use text/csv")
    limit = container.settings.board_check_max_numbers
    body = await _read_body(request, max_body_bytes(limit), limit)
    try:
        lines = parse_numbers(body, limit)
    except TooManyNumbersError:
        raise _too_many(limit) from None
    except NotUtf8Error:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            "Het bestand is geen UTF-8-tekst. / The file is not UTF-8 text.",
        ) from None
    except NoNumbersError:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            "Het bestand bevat geen registratienummers. / The file holds no registration numbers.",
        ) from None
    answers = await boards.check(container.uow, looker, lines, container.clock())
    if wants_csv(request, format):
        return _csv_response(
            CHECK_COLUMNS, map(_check_cells, answers), f"{looker.board}-controle.csv"
        )
    return CheckOut(
        bevoegd_gezag=looker.board,
        checked=len(answers),
        found=sum(a.registration is not None for a in answers),
        lines=[CheckLineOut.of(a) for a in answers],
    )


def _too_many(limit: int) -> HTTPException:
    return HTTPException(
        status.HTTP_413_CONTENT_TOO_LARGE,
        f"Te veel registratienummers: maximaal {limit} per verzoek. "
        f"/ Too many registration numbers: at most {limit} per request.",
    )


async def _read_body(request: Request, max_bytes: int, limit: int) -> bytes:
    """The body, or 413 once it is past what `limit` numbers can take (the rest is read and
    dropped, so the client reads the answer instead of a broken pipe)."""
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size <= max_bytes:
                chunks.append(chunk)
    except ClientDisconnect:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "Upload interrupted") from None
    if size > max_bytes:
        raise _too_many(limit)
    return b"".join(chunks)


def _csv_response(
    columns: Sequence[str], rows: Iterable[Sequence[Any]], filename: str
) -> StreamingResponse:
    return StreamingResponse(
        _csv(columns, rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


async def _csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> AsyncIterator[str]:
    """`;`-separated with a BOM (spreadsheets open it as UTF-8), sent in chunks of lines."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    yield "\ufeff" + buffer.getvalue()
    chunk: list[Sequence[Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == _CSV_CHUNK:
            yield _lines(buffer, writer, chunk)
            chunk = []
    if chunk:
        yield _lines(buffer, writer, chunk)


def _lines(buffer: io.StringIO, writer: Any, rows: list[Sequence[Any]]) -> str:
    buffer.seek(0)
    buffer.truncate()
    writer.writerows(rows)
    return buffer.getvalue()


def _registration_cells(r: BoardRegistration) -> list[str]:
    return [
        r.number,
        r.voorletters,
        r.tussenvoegsel,
        r.achternaam,
        " | ".join(f"{s.brin}{s.brin_volgnummer}" for s in r.schools),
        " | ".join(s.naam or "" for s in r.schools),
        r.state,
        PUBLIC_LABELS.get(r.state, ""),
        r.period_end.isoformat() if r.period_end else "",
        _yes_no(r.norm_met),
    ]


def _check_cells(a: CheckAnswer) -> list[str]:
    if a.registration is not None:
        cells = _registration_cells(a.registration)
    else:
        cells = [a.number or "", *[""] * (len(REGISTRATION_COLUMNS) - 1)]
    return [str(a.line), _yes_no(a.registration is not None), *cells, a.code or "", a.message or ""]


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("ja" if value else "nee")
