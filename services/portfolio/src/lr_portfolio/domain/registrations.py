"""What the portfolio knows of a registration: its current period, sectors and name."""

from __future__ import annotations

from dataclasses import dataclass

from lr_portfolio.domain.progress import Period


@dataclass(frozen=True)
class Registration:
    registration_number: str
    period: Period | None
    sectors: tuple[str, ...] = ()
    voorletters: str = ""
    tussenvoegsel: str = ""
    achternaam: str = ""

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.voorletters, self.tussenvoegsel, self.achternaam) if p)
