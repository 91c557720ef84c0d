"""The provider catalogue as CSV: `activity_code,provider_id,provider_name,title,type,subtype,
register_hours,core` (UTF-8, header row, `core` true/false)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path

from lr_portfolio.domain.activities import SUBTYPES, ActivitySubtype, ActivityType
from lr_portfolio.domain.catalogue import CatalogueEntry

COLUMNS = (
    "activity_code",
    "provider_id",
    "provider_name",
    "title",
    "type",
    "subtype",
    "register_hours",
    "core",
)
_TRUE = {"true", "1", "ja", "yes"}
_FALSE = {"false", "0", "nee", "no"}


class CatalogueFileError(ValueError):
    """The file cannot be loaded; the message names the line and the column."""


def read(path: Path) -> list[CatalogueEntry]:
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise CatalogueFileError(f"missing columns: {', '.join(missing)}")
    return [_parse(line, row) for line, row in enumerate(reader, start=2)]


def write(path: Path, entries: Sequence[CatalogueEntry]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for e in entries:
            writer.writerow(
                [
                    e.activity_code,
                    e.provider_id,
                    e.provider_name,
                    e.title,
                    e.type.value,
                    e.subtype.value if e.subtype else "",
                    str(e.register_hours),
                    "true" if e.core else "false",
                ]
            )


def _parse(line: int, row: dict[str, str]) -> CatalogueEntry:
    try:
        kind = ActivityType(row["type"].strip())
        subtype = ActivitySubtype(row["subtype"].strip()) if row["subtype"].strip() else None
        if (subtype is None) != (kind not in SUBTYPES) or (
            subtype is not None and subtype not in SUBTYPES[kind]
        ):
            raise ValueError("subtype does not fit type")
        hours = Decimal(row["register_hours"].strip())
        if not 0 < hours <= 1000:
            raise ValueError("register_hours out of range")
        core = row["core"].strip().lower()
        if core not in _TRUE | _FALSE:
            raise ValueError("core must be true or false")
        fields = {
            c: row[c].strip() for c in ("activity_code", "provider_id", "provider_name", "title")
        }
        if not all(fields.values()):
            raise ValueError("empty required field")
    except (ValueError, InvalidOperation) as exc:
        raise CatalogueFileError(f"line {line}: {exc}") from None
    return CatalogueEntry(
        activity_code=fields["activity_code"],
        provider_id=fields["provider_id"],
        provider_name=fields["provider_name"],
        title=fields["title"],
        type=kind,
        subtype=subtype,
        register_hours=hours,
        core=core in _TRUE,
    )
