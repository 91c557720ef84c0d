"""Reading delivery files incrementally: bytes in, numbered rows out, never the whole file.

UTF-8 is decoded chunk by chunk (a character split over two chunks is fine); a BOM is dropped;
CSV takes `;` or `,` (whichever the header uses) and LF or CRLF. Whole-file problems raise
`FileRejectedError`; a row that cannot be read becomes an issue of that row.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import repeat

from lr_intake.domain import codes
from lr_intake.domain.appointment import Issue
from lr_intake.domain.columns import COLUMN_COUNT, COLUMNS

Row = tuple[int, list[str]]
_KNOWN = frozenset(COLUMNS)
_SHOWABLE_NAME = re.compile(r"[a-z_ ]{1,40}")


class FileRejectedError(Exception):
    """The delivery as a whole cannot be read; `message` is the Dutch answer to the board."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code)
        self.code = code
        self.message = message


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


def _shown(names: Sequence[str]) -> str:
    """Column names to quote back: only name-like ones (a header row that is really data must
    not echo a BSN or a surname); the others by position."""
    return ", ".join(name if _SHOWABLE_NAME.fullmatch(name) else "(naamloos)" for name in names)


def check_header(names: Sequence[str], *, require_all: bool) -> None:
    known = [name for name in names if name in _KNOWN]
    unknown = [name for name in names if name and name not in _KNOWN]
    if not known or len(unknown) > len(names) / 2:
        raise FileRejectedError(codes.FILE_NO_HEADER, codes.file_message(codes.FILE_NO_HEADER))
    if unknown:
        raise FileRejectedError(
            codes.FILE_UNKNOWN_COLUMNS,
            codes.file_message(codes.FILE_UNKNOWN_COLUMNS, columns=_shown(unknown)),
        )
    duplicates = sorted({name for name in known if known.count(name) > 1})
    if duplicates:
        raise FileRejectedError(
            codes.FILE_DUPLICATE_COLUMNS,
            codes.file_message(codes.FILE_DUPLICATE_COLUMNS, columns=", ".join(duplicates)),
        )
    missing = [column for column in COLUMNS if column not in known]
    if missing and require_all:
        raise FileRejectedError(
            codes.FILE_MISSING_COLUMNS,
            codes.file_message(codes.FILE_MISSING_COLUMNS, columns=", ".join(missing)),
        )


class _Lines:
    """Incremental UTF-8 decoding into text that ends at a line boundary."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self._pending = ""
        self._started = False
        self.rows_seen = 0

    def decode(self, chunk: bytes, *, final: bool = False) -> str:
        try:
            text = self._decoder.decode(chunk, final)
        except UnicodeDecodeError:
            raise FileRejectedError(
                codes.FILE_NOT_UTF8, codes.file_message(codes.FILE_NOT_UTF8, row=self.rows_seen + 1)
            ) from None
        if not self._started and text:
            self._started = True
            text = text.removeprefix("\ufeff")
        return text

    def complete(self, chunk: bytes, *, final: bool, keep_open_quotes: bool) -> str:
        """The text up to the last line end (everything, when final)."""
        text = self._pending + self.decode(chunk, final=final)
        if final:
            self._pending = ""
            return text
        cut = text.rfind("\n") + 1
        if keep_open_quotes and cut:
            cut = _outside_quotes(text, cut)
        self._pending = text[cut:]
        return text[:cut]


def _outside_quotes(text: str, cut: int) -> int:
    """The last line end at or before `cut` outside a quoted field: a quoted CSV field may hold
    a line end, so the reader waits for its closing quote. But not for longer than the csv
    module's field size limit (a longer field it cannot read anyway): a quote that stays open
    that long is a stray one, and waiting would keep the rest of the file in memory. Then the
    line where it opened is let go on its own (one row, with its own issue), and the lines
    after it are read afresh, each keeping its row number."""
    last = cut
    quotes = text.count('"', 0, cut)
    while cut and quotes % 2:
        start = text.rfind("\n", 0, cut - 1) + 1
        quotes -= text.count('"', start, cut)
        cut = start
    if last - cut > _FIELD_LIMIT:
        return text.index("\n", cut) + 1
    return cut


class CsvFile:
    """A CSV delivery. Row 1 is the header; data rows are numbered by record from 2."""

    def __init__(self) -> None:
        self._lines = _Lines()
        self._delimiter: str | None = None
        self._order: list[int] | None = None  # None: the header is in COLUMNS order
        self._width = 0
        self._row = 1
        self.data_rows = 0

    def feed(self, chunk: bytes, *, final: bool = False) -> Parsed:
        text = self._lines.complete(chunk, final=final, keep_open_quotes=True)
        parsed = Parsed()
        if self._delimiter is None:
            if not text and not final:
                return parsed  # the header line is not complete yet
            header, _, text = text.partition("\n")
            self._read_header(header)
        if text:
            self._read_rows(text, parsed)
        if final and self.data_rows == 0:
            raise FileRejectedError(codes.FILE_EMPTY, codes.file_message(codes.FILE_EMPTY))
        return parsed

    def _read_header(self, line: str) -> None:
        line = line.rstrip("\r")
        if not line.strip():
            raise FileRejectedError(codes.FILE_EMPTY, codes.file_message(codes.FILE_EMPTY))
        self._delimiter = ";" if line.count(";") >= line.count(",") else ","
        try:
            fields = next(csv.reader([line], delimiter=self._delimiter))
        except csv.Error:  # e.g. a lone carriage return: not a header row
            raise FileRejectedError(
                codes.FILE_NO_HEADER, codes.file_message(codes.FILE_NO_HEADER)
            ) from None
        names = [name.strip().lower() for name in fields]
        while names and not names[-1]:
            names.pop()  # spreadsheets add empty trailing columns
        check_header(names, require_all=True)
        self._width = len(names)
        order = [names.index(column) for column in COLUMNS]
        self._order = None if order == list(range(COLUMN_COUNT)) else order

    def _read_rows(self, text: str, parsed: Parsed) -> None:
        assert self._delimiter is not None
        if _plain(text):
            # No quotes, NULs or lone carriage returns: a line is a record and a delimiter a
            # field boundary, so `str.split` reads it exactly as the csv module would, faster.
            if "\r" in text:
                text = text.replace("\r\n", "\n")
            lines = text.split("\n")
            if lines[-1] == "":
                lines.pop()  # the piece after the last line end
            self._take(map(str.split, lines, repeat(self._delimiter)), parsed)
        else:
            self._take(_csv_records(text, self._delimiter), parsed)

    def _take(self, records: Iterable[list[str] | None], parsed: Parsed) -> None:
        """Number the records (None: an unreadable one) and keep those with data."""
        order, width = self._order, self._width
        rows, issues = parsed.rows, parsed.issues
        add = rows.append
        number = self._row
        for fields in records:
            number += 1
            if fields is None:
                issues.append(
                    Issue(
                        number, None, codes.ROW_UNREADABLE, "error", _message(codes.ROW_UNREADABLE)
                    )
                )
            elif len(fields) != width:  # the common row costs this one length check
                if not any(fields):
                    continue  # a blank line
                if len(fields) < width or any(fields[width:]):
                    issues.append(_field_count_issue(number, len(fields), width))
                    continue
                del fields[width:]
                add((number, fields if order is None else [fields[i] for i in order]))
            elif not fields[0] and not any(fields):
                continue  # a line of empty fields
            else:
                add((number, fields if order is None else [fields[i] for i in order]))
        self._row = number
        self._lines.rows_seen = number
        self.data_rows += len(rows) + len(issues)


def _csv_records(text: str, delimiter: str) -> Iterator[list[str] | None]:
    """The csv module's records of `text`; None for one it cannot read, then on with the next."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=False)
    while True:
        try:
            yield from reader
        except csv.Error:
            yield None
        else:
            return


def _plain(text: str) -> bool:
    """True when the csv module would read `text` as lines split at the delimiter: no quotes,
    no NULs (unreadable to it), no carriage return but before a line feed (a line end to it),
    and no line longer than its field size limit (unreadable to it)."""
    return (
        '"' not in text
        and "\x00" not in text
        and text.count("\r") == text.count("\r\n")
        and (len(text) <= _FIELD_LIMIT or max(map(len, text.split("\n"))) <= _FIELD_LIMIT)
    )


_FIELD_LIMIT = csv.field_size_limit()


def _field_count_issue(number: int, count: int, width: int) -> Issue:
    message = codes.row_message(codes.ROW_FIELD_COUNT, count=count, expected=width)
    return Issue(number, None, codes.ROW_FIELD_COUNT, "error", message)


class NdjsonFile:
    """An NDJSON delivery: one JSON object per line, numbered by line from 1. The first object's
    keys act as the header; a key left out means an empty value."""

    def __init__(self) -> None:
        self._lines = _Lines()
        self._row = 0
        self._checked = False
        self.data_rows = 0

    def feed(self, chunk: bytes, *, final: bool = False) -> Parsed:
        text = self._lines.complete(chunk, final=final, keep_open_quotes=False)
        parsed = Parsed()
        lines = text.split("\n")
        if lines[-1] == "":
            lines.pop()  # the piece after the last line end
        for line in lines:
            self._row += 1
            if not line.strip():
                continue
            self.data_rows += 1
            values = self._values(line, parsed)
            if values is not None:
                parsed.rows.append((self._row, values))
        self._lines.rows_seen = self._row
        if final and self.data_rows == 0:
            raise FileRejectedError(codes.FILE_EMPTY, codes.file_message(codes.FILE_EMPTY))
        return parsed

    def _values(self, line: str, parsed: Parsed) -> list[str] | None:
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):  # RecursionError: nesting deeper than json reads
            record = None
        if not isinstance(record, dict):
            parsed.issues.append(
                Issue(
                    self._row, None, codes.ROW_UNREADABLE, "error", _message(codes.ROW_UNREADABLE)
                )
            )
            return None
        if not self._checked:
            self._checked = True
            check_header([str(key).strip().lower() for key in record], require_all=False)
        values = record_values(record)
        if values is not None and not _is_text(values):
            # A lone surrogate (`"\ud800"`): JSON lets it through, UTF-8 cannot carry it.
            parsed.issues.append(
                Issue(
                    self._row, None, codes.ROW_UNREADABLE, "error", _message(codes.ROW_UNREADABLE)
                )
            )
            return None
        if values is None:
            parsed.issues.append(
                Issue(
                    self._row, None, codes.ROW_UNKNOWN_FIELD, "error",
                    _message(codes.ROW_UNKNOWN_FIELD),
                )
            )  # fmt: skip
        return values


def record_values(record: dict[str, object]) -> list[str] | None:
    """The 17 fields of a JSON record as text, or None when a key is unknown or a value is not
    text, a whole number or null."""
    values = [""] * COLUMN_COUNT
    for key, value in record.items():
        index = _INDEX.get(key.strip().lower() if isinstance(key, str) else key)
        if index is None:
            return None
        if isinstance(value, str):
            values[index] = value
        elif isinstance(value, int) and not isinstance(value, bool):
            values[index] = str(value)
        elif value is not None:
            return None
    return values


_INDEX = {column: index for index, column in enumerate(COLUMNS)}


def _is_text(values: list[str]) -> bool:
    """False when a value holds a lone surrogate, which no UTF-8 text can."""
    joined = "".join(values)
    if joined.isascii():
        return True
    try:
        joined.encode()
    except UnicodeEncodeError:
        return False
    return True


def _message(code: str) -> str:
    return codes.row_message(code)
