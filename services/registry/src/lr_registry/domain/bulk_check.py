"""A board's bulk check: the list of registration numbers it sends, one a line (pure).

The file is a one-column CSV (`registratienummer`, the header optional) as a spreadsheet saves
it: UTF-8 with or without a BOM, LF or CRLF, a value possibly quoted, empty columns after it
(`;` or `,`) and blank lines ignored. Every other line is answered, in the order sent: a
registration number, or a line that is not one. The line's text itself is never kept for the
answer: a board that pastes the wrong column may have pasted BSNs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

HEADER = "registratienummer"
REGISTRATION_NUMBER = re.compile(r"^LR[0-9]{8}$")
BYTES_PER_LINE = 128
"""What a line may take on average (a number is 10 characters): bounds the body read before
it is parsed, so an oversized upload is refused without holding it."""

CheckCode = Literal["niet_gevonden", "ongeldig_registratienummer"]
INVALID: Final = "ongeldig_registratienummer"
INVALID_MESSAGE = "geen geldig registratienummer (LR gevolgd door 8 cijfers)"
NOT_FOUND: Final = "niet_gevonden"
NOT_FOUND_MESSAGE = "niet gevonden bij dit bevoegd gezag"
"""A number unknown to the register and a number of a teacher who does not work at this board
get this same answer, so a board cannot probe for another board's teachers."""

_SEPARATORS = re.compile(r"[;,\t]")


class TooManyNumbersError(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


class NotUtf8Error(Exception):
    """The file is not UTF-8 text."""


class NoNumbersError(Exception):
    """The file holds no line to check."""


@dataclass(frozen=True)
class NumberLine:
    """One line to answer: where it is in the file (1-based, the header counted) and the
    registration number it holds (None: the line is not a registration number)."""

    line: int
    number: str | None


def max_body_bytes(limit: int) -> int:
    return limit * BYTES_PER_LINE + 1024


def parse_numbers(body: bytes, limit: int) -> list[NumberLine]:
    """The lines of the file to answer; more than `limit` of them is refused as a whole."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotUtf8Error from None
    lines: list[NumberLine] = []
    first = True
    for index, raw in enumerate(text.split("\n"), start=1):
        cell = _first_cell(raw)
        if not cell:
            continue
        if first and cell.lower() == HEADER:
            first = False
            continue
        first = False
        if len(lines) == limit:
            raise TooManyNumbersError(limit)
        value = cell.upper()
        lines.append(NumberLine(index, value if REGISTRATION_NUMBER.match(value) else None))
    if not lines:
        raise NoNumbersError
    return lines


def _first_cell(raw: str) -> str:
    cell = _SEPARATORS.split(raw, maxsplit=1)[0].strip()
    if len(cell) >= 2 and cell[0] == cell[-1] == '"':
        cell = cell[1:-1].strip()
    return cell
