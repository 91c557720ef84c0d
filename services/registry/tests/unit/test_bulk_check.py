"""The file of registration numbers a board checks, as spreadsheets save it."""

from __future__ import annotations

import pytest

from lr_registry.domain.bulk_check import (
    NoNumbersError,
    NotUtf8Error,
    NumberLine,
    TooManyNumbersError,
    max_body_bytes,
    parse_numbers,
)


def test_a_file_with_a_header_answers_each_number_with_its_line() -> None:
    body = b"registratienummer\nLR00000001\nLR00000002\n"
    assert parse_numbers(body, 10) == [NumberLine(2, "LR00000001"), NumberLine(3, "LR00000002")]


def test_the_header_is_optional_and_matched_without_case() -> None:
    assert parse_numbers(b"LR00000001", 10) == [NumberLine(1, "LR00000001")]
    assert parse_numbers(b"Registratienummer\r\nLR00000001", 10) == [NumberLine(2, "LR00000001")]


def test_a_bom_crlf_quotes_empty_columns_blank_lines_and_lower_case_are_accepted() -> None:
    body = '\ufeff"registratienummer";\r\n"LR00000001";\r\n\r\n  lr00000002 ,,\r\n'.encode()
    assert parse_numbers(body, 10) == [NumberLine(2, "LR00000001"), NumberLine(4, "LR00000002")]


def test_a_line_that_is_not_a_registration_number_is_answered_without_its_text() -> None:
    lines = parse_numbers(b"LR00000001\n123456782\nLR1234\nLR000000011\nregistratienummer\n", 10)
    assert lines == [
        NumberLine(1, "LR00000001"),
        NumberLine(2, None),
        NumberLine(3, None),
        NumberLine(4, None),
        # Only the first line can be the header.
        NumberLine(5, None),
    ]


def test_a_number_sent_twice_is_answered_twice() -> None:
    assert [n.line for n in parse_numbers(b"LR00000001\nLR00000001\n", 10)] == [1, 2]


def test_the_limit_counts_numbers_not_the_header_or_blank_lines() -> None:
    numbers = "\n".join(f"LR{i:08d}" for i in range(5000))
    assert len(parse_numbers(f"registratienummer\n\n{numbers}\n\n".encode(), 5000)) == 5000
    with pytest.raises(TooManyNumbersError) as refused:
        parse_numbers(f"{numbers}\nLR99999999".encode(), 5000)
    assert refused.value.limit == 5000


def test_a_file_without_numbers_or_not_in_utf8_is_refused_as_a_whole() -> None:
    with pytest.raises(NoNumbersError):
        parse_numbers(b"registratienummer\r\n\r\n", 10)
    with pytest.raises(NoNumbersError):
        parse_numbers(b"", 10)
    with pytest.raises(NotUtf8Error):
        parse_numbers("LR00000001\nSchröder".encode("latin-1"), 10)


def test_the_body_limit_leaves_room_for_the_limit_of_numbers_in_any_format() -> None:
    line = b'"LR00000001";;;;\r\n'
    assert len(line) * 5000 + len(b"registratienummer\r\n") < max_body_bytes(5000)
