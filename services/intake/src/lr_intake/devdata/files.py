"""Delivery files as boards send them: CSV (`;` or `,`, optional BOM, LF or CRLF, ISO or Dutch
dates) or NDJSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Literal

from lr_intake.domain.columns import COLUMNS

Format = Literal["csv", "ndjson"]
_DATE_COLUMNS = frozenset(c for c in COLUMNS if c.endswith("datum"))


def _dutch(value: str) -> str:
    if len(value) == 10 and value[4] == "-" and value[7] == "-":
        return f"{value[8:10]}-{value[5:7]}-{value[0:4]}"
    return value


def render_delivery(
    rows: Iterable[Mapping[str, str]],
    *,
    fmt: Format = "csv",
    delimiter: str = ";",
    bom: bool = False,
    crlf: bool = False,
    dutch_dates: bool = False,
) -> bytes:
    """The bytes of a delivery file holding `rows` (column -> text)."""
    out = io.StringIO()
    newline = "\r\n" if crlf else "\n"
    if fmt == "ndjson":
        for row in rows:
            out.write(json.dumps({c: row.get(c, "") for c in COLUMNS}, ensure_ascii=False))
            out.write(newline)
    else:
        writer = csv.writer(out, delimiter=delimiter, lineterminator=newline)
        writer.writerow(COLUMNS)
        for row in rows:
            values = [row.get(c, "") for c in COLUMNS]
            if dutch_dates:
                values = [
                    _dutch(v) if c in _DATE_COLUMNS else v
                    for c, v in zip(COLUMNS, values, strict=True)
                ]
            writer.writerow(values)
    data = out.getvalue().encode("utf-8")
    return b"\xef\xbb\xbf" + data if bom else data


def write_delivery(path: Path, rows: Iterable[Mapping[str, str]], **options: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render_delivery(rows, **options))  # type: ignore[arg-type]
    return path
