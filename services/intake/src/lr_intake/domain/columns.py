"""The columns of a delivery (CSV header, NDJSON keys, Kafka record fields), in DESIGN.md's order.

Kept here as well as in lr_shared so that the domain stays free of pydantic; a unit test checks
that both lists agree.
"""

from __future__ import annotations

COLUMNS: tuple[str, ...] = (
    "bevoegd_gezag",
    "bsn",
    "achternaam",
    "tussenvoegsel",
    "voorletters",
    "geslacht",
    "geboortedatum",
    "email",
    "brin",
    "brin_volgnummer",
    "functie",
    "benoemingsgrondslag",
    "onderwijsterrein",
    "benoeming_begindatum",
    "benoeming_einddatum",
    "dienstverband_begindatum",
    "dienstverband_einddatum",
)
COLUMN_COUNT = len(COLUMNS)
