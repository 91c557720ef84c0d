"""Reference data intake publishes for the other services."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from lr_shared.contracts._base import BevoegdGezag, Brin, BrinVolgnummer, Contract

Sector = Literal["PO", "SO", "VO", "VSO", "MBO"]


class SchoolV1(Contract):
    """A school (one BRIN location) as the register knows it. Key: `brin` + `brin_volgnummer`."""

    brin: Brin
    brin_volgnummer: BrinVolgnummer
    naam: str = Field(
        description="The school's name.", examples=["Openbare Basisschool De Regenboog"]
    )
    plaats: str = Field(description="Town of the location.", examples=["Zwolle"])
    bevoegd_gezag: BevoegdGezag
    sector: Sector = Field(description="Education sector of the location.", examples=["PO"])

    @property
    def key(self) -> str:
        return f"{self.brin}{self.brin_volgnummer}"
