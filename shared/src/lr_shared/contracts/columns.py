"""The columns of a delivery, without pydantic: services' domain layers import them too."""

from __future__ import annotations

DELIVERY_COLUMNS: tuple[str, ...] = (
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
"""The columns of a delivery file, in DESIGN.md's order (CSV header and NDJSON keys)."""
