"""The reference files intake loads (`lr intake reference load <dir>`; besturen.csv,
administratiekantoren.csv, mandaten.csv, as docs/reference-data.md describes them), read by the
development sign-in so a developer can pick a board or payroll bureau and a payroll bureau
gets its mandated boards; the board pages name schools from scholen.csv. Intake has no HTTP API
for its reference data (yet), so this is development only; without the files the developer
types the numbers, and schools are shown by BRIN and volgnummer only.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from lr_portal.domain.boards import is_board_number

BOARDS_FILE = "besturen.csv"
BUREAUS_FILE = "administratiekantoren.csv"
MANDATES_FILE = "mandaten.csv"
SCHOOLS_FILE = "scholen.csv"


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [
            {k.strip(): (v or "").strip() for k, v in row.items() if k}
            for row in csv.DictReader(handle, delimiter=";")
        ]


@dataclass(frozen=True)
class DevReference:
    """Boards and payroll bureaus (number -> name), each bureau's mandated boards, and the
    schools' names (BRIN and volgnummer -> name)."""

    boards: dict[str, str] = field(default_factory=dict)
    bureaus: dict[str, str] = field(default_factory=dict)
    mandates: dict[str, tuple[str, ...]] = field(default_factory=dict)
    schools: dict[tuple[str, str], str] = field(default_factory=dict)

    @classmethod
    def read(cls, directory: Path | None) -> DevReference:
        if directory is None:
            return cls()
        boards = {
            r["bevoegd_gezag"]: r.get("naam", "")
            for r in _rows(directory / BOARDS_FILE)
            if is_board_number(r.get("bevoegd_gezag", ""))
        }
        bureaus = {
            r["nummer"]: r.get("naam", "")
            for r in _rows(directory / BUREAUS_FILE)
            if is_board_number(r.get("nummer", ""))
        }
        mandates: dict[str, set[str]] = {}
        for r in _rows(directory / MANDATES_FILE):
            bureau, board = r.get("administratiekantoor", ""), r.get("bevoegd_gezag", "")
            if is_board_number(bureau) and is_board_number(board):
                mandates.setdefault(bureau, set()).add(board)
        schools = {
            (r.get("brin", "").upper(), r.get("brin_volgnummer", "")): r.get("naam", "")
            for r in _rows(directory / SCHOOLS_FILE)
            if r.get("brin") and r.get("naam")
        }
        return cls(boards, bureaus, {k: tuple(sorted(v)) for k, v in mandates.items()}, schools)

    def name_of(self, number: str) -> str | None:
        return self.boards.get(number) or self.bureaus.get(number) or None

    def mandates_of(self, bureau: str) -> tuple[str, ...]:
        return self.mandates.get(bureau, ())

    def school_name(self, brin: str, volgnummer: str) -> str | None:
        return self.schools.get((brin.upper(), volgnummer)) or None
