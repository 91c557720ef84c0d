"""Reading delivery files: encodings, delimiters, line ends, headers, broken rows."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lr_intake.domain import codes, fileformat
from lr_intake.domain.columns import COLUMNS
from lr_intake.domain.fileformat import CsvFile, FileRejectedError, NdjsonFile, Parsed

HEADER = ";".join(COLUMNS)
ROW = ";".join(f"v{i}" for i in range(len(COLUMNS)))


def read_csv(data: bytes, chunk: int = 7) -> Parsed:
    """Feed in small chunks, so that characters and lines are split across them."""
    reader, result = CsvFile(), Parsed()
    for start in range(0, len(data), chunk):
        part = reader.feed(data[start : start + chunk])
        result.rows += part.rows
        result.issues += part.issues
    last = reader.feed(b"", final=True)
    return Parsed(result.rows + last.rows, result.issues + last.issues)


@pytest.mark.parametrize(
    "data",
    [
        f"{HEADER}\n{ROW}\n".encode(),
        f"\ufeff{HEADER}\r\n{ROW}\r\n".encode(),
        f"{HEADER.replace(';', ',')}\n{ROW.replace(';', ',')}".encode(),
        f"{HEADER};\n{ROW};\n\n".encode(),  # a spreadsheet's empty trailing column and line
    ],
    ids=["semicolon-lf", "bom-crlf", "comma-no-final-newline", "trailing-empties"],
)
def test_csv_variants_give_the_same_row(data: bytes) -> None:
    parsed = read_csv(data)
    assert parsed.issues == []
    assert parsed.rows == [(2, [f"v{i}" for i in range(len(COLUMNS))])]


def test_columns_in_another_order_are_put_in_place() -> None:
    names = list(reversed(COLUMNS))
    values = [f"x-{name}" for name in names]
    parsed = read_csv(f"{';'.join(names)}\n{';'.join(values)}\n".encode())
    assert parsed.rows[0][1] == [f"x-{name}" for name in COLUMNS]


def test_a_quoted_field_with_a_line_end_stays_one_row() -> None:
    row = ROW.replace("v2", '"Jan\nssen"')
    parsed = read_csv(f"{HEADER}\n{row}\n{ROW}\n".encode(), chunk=5)
    assert [n for n, _ in parsed.rows] == [2, 3]
    assert parsed.rows[0][1][2] == "Jan\nssen"


def test_a_row_with_too_few_fields_is_an_issue_of_that_row() -> None:
    parsed = read_csv(f"{HEADER}\nv0;v1\n{ROW}\n".encode())
    assert [(i.row_number, i.code) for i in parsed.issues] == [(2, codes.ROW_FIELD_COUNT)]
    assert [n for n, _ in parsed.rows] == [3]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", codes.FILE_EMPTY),
        (f"{HEADER}\n".encode(), codes.FILE_EMPTY),
        (f"{HEADER}\n{ROW}\n".encode("utf-16"), codes.FILE_NOT_UTF8),
        (f"{HEADER}\nJos\xe9;{ROW}\n".encode("latin-1"), codes.FILE_NOT_UTF8),
        (f"{HEADER};kleur\n{ROW};rood\n".encode(), codes.FILE_UNKNOWN_COLUMNS),
        (f"{HEADER.replace(';email', '')}\n".encode(), codes.FILE_MISSING_COLUMNS),
        (f"{HEADER};bsn\n".encode(), codes.FILE_DUPLICATE_COLUMNS),
        (f"{ROW}\n{ROW}\n".encode(), codes.FILE_NO_HEADER),
        (b"\xe1\x80\x80\xc2\x80\r\xf1\x80\x80\x80", codes.FILE_NO_HEADER),
    ],
    ids=[
        "empty",
        "header-only",
        "utf16",
        "latin1",
        "unknown",
        "missing",
        "twice",
        "no-header",
        "carriage-return",
    ],
)
def test_whole_file_problems_reject_the_file_with_one_message(data: bytes, code: str) -> None:
    with pytest.raises(FileRejectedError) as raised:
        read_csv(data)
    assert raised.value.code == code
    assert raised.value.message


def test_a_header_that_is_really_data_is_not_echoed() -> None:
    data = b"111222333;Jansen;J.;V;1985-03-14\n"
    with pytest.raises(FileRejectedError) as raised:
        read_csv(data)
    assert "111222333" not in raised.value.message
    assert "Jansen" not in raised.value.message


def test_ndjson_rows_are_numbered_by_line_and_keys_may_be_left_out() -> None:
    reader = NdjsonFile()
    parsed = reader.feed(b'{"bsn": 111222333, "achternaam": "Jansen"}\nnot json\n\n[1]\n')
    last = reader.feed(b'{"bsn": null}', final=True)
    assert parsed.rows[0][0] == 1
    assert parsed.rows[0][1][1] == "111222333"
    assert [(i.row_number, i.code) for i in parsed.issues] == [
        (2, codes.ROW_UNREADABLE),
        (4, codes.ROW_UNREADABLE),
    ]
    assert last.rows == [(5, [""] * len(COLUMNS))]


def test_ndjson_with_an_unknown_key_in_its_first_object_is_rejected() -> None:
    with pytest.raises(FileRejectedError) as raised:
        NdjsonFile().feed(b'{"bsn": "1", "kleur": "rood"}\n', final=True)
    assert raised.value.code == codes.FILE_UNKNOWN_COLUMNS


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400), st.integers(min_value=1, max_value=64))
def test_random_bytes_give_rows_issues_or_a_rejection_and_nothing_else(
    data: bytes, chunk: int
) -> None:
    for body in (data, f"{HEADER}\n".encode() + data):
        assert _outcome(lambda body=body: read_csv(body, chunk)) in {"parsed", "rejected"}
        assert _outcome(lambda body=body: _read_ndjson(body)) in {"parsed", "rejected"}


def _read_ndjson(body: bytes) -> None:
    reader = NdjsonFile()
    reader.feed(body)
    reader.feed(b"", final=True)


def _outcome(parse: Callable[[], object]) -> str:
    """ "parsed" or "rejected" (as a whole file); any other exception fails the test."""
    try:
        parse()
    except FileRejectedError:
        return "rejected"
    return "parsed"


# Text the fast reader takes (no quotes) next to text that makes it step aside: lone carriage
# returns and NULs, which the csv module reads its own way.
_CSV_TEXT = st.text(alphabet=st.sampled_from(list("ab9;,\n\r \x00é")), max_size=300)


@settings(max_examples=400, deadline=None)
@given(_CSV_TEXT, st.integers(min_value=1, max_value=64))
def test_unquoted_text_is_read_exactly_as_the_csv_module_reads_it(text: str, chunk: int) -> None:
    body = f"{HEADER}\n{text}".encode()
    fast = _rows_or_rejection(body, chunk)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fileformat, "_plain", lambda text: False)
        reference = _rows_or_rejection(body, chunk)
    assert fast == reference


def _rows_or_rejection(body: bytes, chunk: int) -> object:
    try:
        parsed = read_csv(body, chunk)
    except FileRejectedError as rejected:
        return rejected.code
    return parsed.rows, parsed.issues


def test_crlf_rows_without_quotes_lose_their_carriage_returns() -> None:
    parsed = read_csv(f"{HEADER}\r\n{ROW}\r\n{ROW}\r\n".encode(), chunk=4096)
    assert [number for number, _ in parsed.rows] == [2, 3]
    assert all(fields[-1] == f"v{len(COLUMNS) - 1}" for _, fields in parsed.rows)


def test_a_deeply_nested_ndjson_line_is_an_unreadable_row() -> None:
    reader = NdjsonFile()
    parsed = reader.feed(b"[" * 100_000 + b'\n{"bsn": "1"}\n', final=True)
    assert [(i.row_number, i.code) for i in parsed.issues] == [(1, codes.ROW_UNREADABLE)]
    assert [n for n, _ in parsed.rows] == [2]


def test_an_ndjson_value_with_a_lone_surrogate_is_an_unreadable_row() -> None:
    reader = NdjsonFile()
    lines = b'{"achternaam": "Jan\\ud800sen"}\n{"achternaam": "J\\u00f6rg"}\n'
    parsed = reader.feed(lines, final=True)
    assert [(i.row_number, i.code) for i in parsed.issues] == [(1, codes.ROW_UNREADABLE)]
    assert [(n, v[2]) for n, v in parsed.rows] == [(2, "Jörg")]


def test_a_stray_quote_does_not_hold_back_the_rest_of_the_file() -> None:
    """A lone `"` inside a field (the csv module reads it as text) must not make the reader
    wait for a closing quote that never comes: that kept the rest of the file in memory and
    re-counted it per chunk (minutes for 10,000 rows)."""
    rows = [ROW.replace("v2", f"n{i}") for i in range(3000)]
    rows[3] = ROW.replace("v2", 'O"Neill')
    data = f"{HEADER}\n" + "\n".join(rows) + "\n"
    reader, count, held_back = CsvFile(), 0, 0
    encoded = data.encode()
    for start in range(0, len(encoded), 4096):
        count += len(reader.feed(encoded[start : start + 4096]).rows)
        held_back = max(held_back, len(reader._lines._pending))
    count += len(reader.feed(b"", final=True).rows)
    assert count == len(rows)
    assert held_back <= fileformat.csv.field_size_limit() + 4096


def test_a_quote_that_never_closes_costs_only_its_own_row() -> None:
    rows = [ROW.replace("v2", f"n{i}") for i in range(3000)]
    rows[3] = ROW.replace("v2", '"Jansen')  # row 5: opens a quoted field, never closed
    parsed = read_csv((f"{HEADER}\n" + "\n".join(rows) + "\n").encode(), chunk=4096)
    assert [(i.row_number, i.code) for i in parsed.issues] == [(5, codes.ROW_FIELD_COUNT)]
    assert all(fields[2] == f"n{number - 2}" for number, fields in parsed.rows)
    assert len(parsed.rows) == len(rows) - 1
