"""The teacher's own registration as the pages use it: which fields may be disputed, and the
checks on the forms (each error a translation key, per field)."""

from __future__ import annotations

import re
from typing import Any

CORRECTABLE_FIELDS = (
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
"""The registry's correctable fields (its CorrectionIn): every delivered field but the board
and the BSN."""

EXPLANATION_MAX = 2000
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def appointment_of(
    registration: dict[str, Any], appointment_id: int
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """(school, appointment) when the appointment is the teacher's own."""
    for school in registration.get("schools", []):
        for appointment in school.get("appointments", []):
            if appointment.get("id") == appointment_id:
                return school, appointment
    return None


def check_correction(field: str, explanation: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if field not in CORRECTABLE_FIELDS:
        errors["veld"] = "correction.error_field"
    text = explanation.strip()
    if not text:
        errors["toelichting"] = "correction.error_explanation"
    elif len(text) > EXPLANATION_MAX or "\x00" in text:
        errors["toelichting"] = "correction.error_explanation_long"
    return errors


def check_preferences(language: str, email: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if language not in ("nl", "en"):
        errors["taal"] = "prefs.error_language"
    if email.strip() and not _EMAIL.match(email.strip()):
        errors["email"] = "prefs.error_email"
    return errors
