"""The CSV files of a reference set (docs/reference-data.md): UTF-8, `;`-separated, one header.

besturen.csv               bevoegd_gezag;naam;plaats[;kvk]
scholen.csv                brin;brin_volgnummer;naam;plaats;bevoegd_gezag;sector
administratiekantoren.csv  nummer;naam[;kvk]
mandaten.csv               administratiekantoor;bevoegd_gezag
benoemingsgrondslagen.csv  code;sector;bevoegd;omschrijving     (bevoegd: ja|nee)
onderwijsterreinen.csv     code;omschrijving

`kvk` (the KvK number, eight digits, or empty) is optional: a file without the column is read as
before, and its boards or bureaus cannot sign in with eHerkenning.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from lr_intake.domain.organisations import is_kvk_number
from lr_intake.domain.reference import (
    SECTORS,
    Board,
    Grondslag,
    Onderwijsterrein,
    PayrollBureau,
    ReferenceSet,
    School,
)

FILES: dict[str, tuple[str, ...]] = {
    "besturen.csv": ("bevoegd_gezag", "naam", "plaats"),
    "scholen.csv": ("brin", "brin_volgnummer", "naam", "plaats", "bevoegd_gezag", "sector"),
    "administratiekantoren.csv": ("nummer", "naam"),
    "mandaten.csv": ("administratiekantoor", "bevoegd_gezag"),
    "benoemingsgrondslagen.csv": ("code", "sector", "bevoegd", "omschrijving"),
    "onderwijsterreinen.csv": ("code", "omschrijving"),
}
OPTIONAL: dict[str, tuple[str, ...]] = {
    "besturen.csv": ("kvk",),
    "administratiekantoren.csv": ("kvk",),
}
"""Trailing columns a file may have or leave out (always written)."""


class ReferenceFileError(ValueError):
    """A reference file is missing or malformed; the message says which file and line."""


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_reference(directory: Path, reference: ReferenceSet) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    content: dict[str, Iterable[Sequence[str]]] = {
        "besturen.csv": (
            (b.bevoegd_gezag, b.naam, b.plaats, b.kvk or "") for b in reference.boards
        ),
        "scholen.csv": (
            (s.brin, s.brin_volgnummer, s.naam, s.plaats, s.bevoegd_gezag, s.sector)
            for s in reference.schools
        ),
        "administratiekantoren.csv": ((b.nummer, b.naam, b.kvk or "") for b in reference.bureaus),
        "mandaten.csv": reference.mandates,
        "benoemingsgrondslagen.csv": (
            (g.code, g.list_sector, "ja" if g.qualified else "nee", g.omschrijving)
            for g in reference.grondslagen
        ),
        "onderwijsterreinen.csv": ((t.code, t.omschrijving) for t in reference.onderwijsterreinen),
    }
    for name, rows in content.items():
        _write(directory / name, FILES[name] + OPTIONAL.get(name, ()), rows)


def _read(directory: Path, name: str) -> list[list[str]]:
    path = directory / name
    if not path.is_file():
        raise ReferenceFileError(f"{name}: file missing in {directory}")
    with path.open(encoding="utf-8-sig", newline="") as source:
        rows = [row for row in csv.reader(source, delimiter=";") if any(row)]
    required, optional = FILES[name], OPTIONAL.get(name, ())
    header = tuple(c.strip().lower() for c in rows[0]) if rows else ()
    if header not in (required, required + optional):
        raise ReferenceFileError(f"{name}: header must be {';'.join(required + optional)}")
    width = len(header)
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != width:
            raise ReferenceFileError(f"{name}:{number}: expected {width} fields")
    padding = [""] * (len(required + optional) - width)
    return [[value.strip() for value in row] + padding for row in rows[1:]]


def _kvk(name: str, number: int, value: str) -> str | None:
    if not value:
        return None
    if not is_kvk_number(value):
        raise ReferenceFileError(f"{name}:{number}: kvk must be eight digits")
    return value


def read_reference(directory: Path) -> ReferenceSet:
    schools = [School(*row) for row in _read(directory, "scholen.csv")]
    for school in schools:
        if school.sector not in SECTORS:
            raise ReferenceFileError(f"scholen.csv: unknown sector for {school.brin}")
    grondslagen = []
    for code, sector, bevoegd, omschrijving in _read(directory, "benoemingsgrondslagen.csv"):
        if sector not in ("PO", "VO", "MBO") or bevoegd not in ("ja", "nee"):
            raise ReferenceFileError(f"benoemingsgrondslagen.csv: bad sector or bevoegd for {code}")
        grondslagen.append(Grondslag(code.upper(), sector, bevoegd == "ja", omschrijving))
    boards = [
        Board(bg, naam, plaats, _kvk("besturen.csv", number, kvk))
        for number, (bg, naam, plaats, kvk) in enumerate(_read(directory, "besturen.csv"), 2)
    ]
    bureaus = [
        PayrollBureau(nummer, naam, _kvk("administratiekantoren.csv", number, kvk))
        for number, (nummer, naam, kvk) in enumerate(
            _read(directory, "administratiekantoren.csv"), 2
        )
    ]
    return ReferenceSet(
        boards=tuple(boards),
        schools=tuple(schools),
        bureaus=tuple(bureaus),
        mandates=tuple((row[0], row[1]) for row in _read(directory, "mandaten.csv")),
        grondslagen=tuple(grondslagen),
        onderwijsterreinen=tuple(
            Onderwijsterrein(row[0].upper(), row[1])
            for row in _read(directory, "onderwijsterreinen.csv")
        ),
    )
