"""A validated appointment and a problem found with a row."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from lr_intake.domain.codes import Severity


class Issue(NamedTuple):
    """One problem with one row; the message names the column, never the value."""

    row_number: int
    column: str | None
    code: str
    severity: Severity
    message: str


class Appointment(NamedTuple):
    """A row that passed every rule, normalized (nine-digit BSN, upper-case codes, dates).

    A NamedTuple rather than a dataclass: one is built per row on the hot path."""

    row_number: int
    bevoegd_gezag: str
    bsn: str
    achternaam: str
    tussenvoegsel: str
    voorletters: str
    geslacht: str
    geboortedatum: date
    email: str | None
    brin: str
    brin_volgnummer: str
    sector: str
    functie: str
    benoemingsgrondslag: str
    qualified: bool
    onderwijsterrein: str | None
    benoeming_begindatum: date
    benoeming_einddatum: date | None
    dienstverband_begindatum: date
    dienstverband_einddatum: date | None

    def identity_parts(self) -> tuple[str, str, str, str]:
        """What identifies the appointment besides the BSN (DESIGN.md: bsn, brin, volgnummer,
        benoemingsgrondslag, benoeming_begindatum)."""
        return (
            self.brin,
            self.brin_volgnummer,
            self.benoemingsgrondslag,
            self.benoeming_begindatum.isoformat(),
        )

    def content(self) -> str:
        """Every delivered value, joined: two rows with the same content are the same delivery."""
        return "\x1f".join(
            (
                self.bevoegd_gezag,
                self.achternaam,
                self.tussenvoegsel,
                self.voorletters,
                self.geslacht,
                self.geboortedatum.isoformat(),
                self.email or "",
                self.functie,
                self.onderwijsterrein or "",
                _iso(self.benoeming_einddatum),
                self.dienstverband_begindatum.isoformat(),
                _iso(self.dienstverband_einddatum),
            )
        )


def _iso(day: date | None) -> str:
    return "" if day is None else day.isoformat()
