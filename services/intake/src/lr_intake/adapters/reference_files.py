"""The CSV files of a reference set (docs/reference-data.md): UTF-8, `;`-separated, one header.

besturen.csv               bevoegd_gezag;naam;plaats
scholen.csv                brin;brin_volgnummer;naam;plaats;bevoegd_gezag;sector
administratiekantoren.csv  nummer;naam
mandaten.csv               administratiekantoor;bevoegd_gezag
benoemingsgrondslagen.csv  code;sector;bevoegd;omschrijving     (bevoegd: ja|nee)
onderwijsterreinen.csv     code;omschrijving
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

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
        "besturen.csv": ((b.bevoegd_gezag, b.naam, b.plaats) for b in reference.boards),
        "scholen.csv": (
            (s.brin, s.brin_volgnummer, s.naam, s.plaats, s.bevoegd_gezag, s.sector)
            for s in reference.schools
        ),
        "administratiekantoren.csv": ((b.nummer, b.naam) for b in reference.bureaus),
        "mandaten.csv": reference.mandates,
        "benoemingsgrondslagen.csv": (
            (g.code, g.list_sector, "ja" if g.qualified else "nee", g.omschrijving)
            for g in reference.grondslagen
        ),
        "onderwijsterreinen.csv": ((t.code, t.omschrijving) for t in reference.onderwijsterreinen),
    }
    for name, rows in content.items():
        _write(directory / name, FILES[name], rows)


def _read(directory: Path, name: str) -> list[list[str]]:
    path = directory / name
    if not path.is_file():
        raise ReferenceFileError(f"{name}: file missing in {directory}")
    with path.open(encoding="utf-8-sig", newline="") as source:
        rows = [row for row in csv.reader(source, delimiter=";") if any(row)]
    if not rows or tuple(c.strip().lower() for c in rows[0]) != FILES[name]:
        raise ReferenceFileError(f"{name}: header must be {';'.join(FILES[name])}")
    width = len(FILES[name])
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != width:
            raise ReferenceFileError(f"{name}:{number}: expected {width} fields")
    return [[value.strip() for value in row] for row in rows[1:]]


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
    return ReferenceSet(
        boards=tuple(Board(*row) for row in _read(directory, "besturen.csv")),
        schools=tuple(schools),
        bureaus=tuple(PayrollBureau(*row) for row in _read(directory, "administratiekantoren.csv")),
        mandates=tuple((row[0], row[1]) for row in _read(directory, "mandaten.csv")),
        grondslagen=tuple(grondslagen),
        onderwijsterreinen=tuple(
            Onderwijsterrein(row[0].upper(), row[1])
            for row in _read(directory, "onderwijsterreinen.csv")
        ),
    )
