"""Reference data as validation needs it: schools, boards' mandates and the code lists."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

SECTORS = ("PO", "SO", "VO", "VSO", "MBO")

GRONDSLAG_LISTS_OF_SECTOR: dict[str, tuple[str, ...]] = {
    "PO": ("PO",),
    "SO": ("PO",),
    "VO": ("VO",),
    "VSO": ("VO", "PO"),
    "MBO": ("MBO",),
}
"""Which benoemingsgrondslag list(s) apply to a school's sector (special education uses the
list of its level: SO that of PO, VSO those of VO and PO)."""


@dataclass(frozen=True, slots=True)
class School:
    brin: str
    brin_volgnummer: str
    naam: str
    plaats: str
    bevoegd_gezag: str
    sector: str

    @property
    def key(self) -> str:
        return self.brin + self.brin_volgnummer


@dataclass(frozen=True, slots=True)
class Grondslag:
    code: str
    list_sector: str  # PO, VO or MBO
    qualified: bool
    omschrijving: str = ""


@dataclass(frozen=True)
class ReferenceData:
    """An immutable snapshot of the reference tables."""

    schools: Mapping[str, School]
    grondslagen: tuple[Grondslag, ...]
    onderwijsterreinen: frozenset[str]
    mandates: Mapping[str, frozenset[str]] = field(default_factory=dict)
    version: int = 0

    @classmethod
    def build(
        cls,
        schools: Iterable[School],
        grondslagen: Iterable[Grondslag],
        onderwijsterreinen: Iterable[str],
        mandates: Iterable[tuple[str, str]] = (),
        version: int = 0,
    ) -> ReferenceData:
        by_bureau: dict[str, set[str]] = {}
        for bureau, board in mandates:
            by_bureau.setdefault(bureau, set()).add(board)
        return cls(
            schools={school.key: school for school in schools},
            grondslagen=tuple(grondslagen),
            onderwijsterreinen=frozenset(onderwijsterreinen),
            mandates={bureau: frozenset(boards) for bureau, boards in by_bureau.items()},
            version=version,
        )

    def grondslagen_by_sector(self) -> dict[str, dict[str, bool]]:
        """Per school sector: code -> qualified."""
        lists: dict[str, dict[str, bool]] = {}
        for grondslag in self.grondslagen:
            lists.setdefault(grondslag.list_sector, {})[grondslag.code] = grondslag.qualified
        result: dict[str, dict[str, bool]] = {}
        for sector, list_sectors in GRONDSLAG_LISTS_OF_SECTOR.items():
            merged: dict[str, bool] = {}
            for list_sector in reversed(list_sectors):  # the first list wins on a shared code
                merged.update(lists.get(list_sector, {}))
            result[sector] = merged
        return result


@dataclass(frozen=True, slots=True)
class Board:
    bevoegd_gezag: str
    naam: str
    plaats: str
    kvk: str | None = None
    """Its KvK number (eight digits), by which eHerkenning names it; optional."""


@dataclass(frozen=True, slots=True)
class PayrollBureau:
    nummer: str
    naam: str
    kvk: str | None = None


@dataclass(frozen=True, slots=True)
class Onderwijsterrein:
    code: str
    omschrijving: str


@dataclass(frozen=True)
class ReferenceSet:
    """Everything `lr reference load` loads: the tables behind `ReferenceData`."""

    boards: tuple[Board, ...]
    schools: tuple[School, ...]
    bureaus: tuple[PayrollBureau, ...]
    mandates: tuple[tuple[str, str], ...]  # (bureau, board)
    grondslagen: tuple[Grondslag, ...]
    onderwijsterreinen: tuple[Onderwijsterrein, ...]

    def snapshot(self, version: int = 0) -> ReferenceData:
        return ReferenceData.build(
            self.schools,
            self.grondslagen,
            (t.code for t in self.onderwijsterreinen),
            self.mandates,
            version,
        )
