"""How a teacher is addressed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

Language = Literal["nl", "en"]


@dataclass(frozen=True)
class Contact:
    registration_number: str
    voorletters: str
    tussenvoegsel: str
    achternaam: str
    email: str | None
    language: Language = "nl"

    @property
    def full_name(self) -> str:
        """voorletters tussenvoegsel achternaam, as Dutch salutations write a name."""
        parts = (self.voorletters, self.tussenvoegsel, self.achternaam)
        return " ".join(part.strip() for part in parts if part.strip())


def storable(contact: Contact) -> Contact:
    """The contact without NUL characters, which PostgreSQL text cannot hold (the batch would
    fail for ever). A name loses them; an address holding one is no usable address."""
    email = contact.email if contact.email is None or "\x00" not in contact.email else None
    return Contact(
        contact.registration_number,
        contact.voorletters.replace("\x00", ""),
        contact.tussenvoegsel.replace("\x00", ""),
        contact.achternaam.replace("\x00", ""),
        email,
        contact.language,
    )


@dataclass(frozen=True)
class ContactRemoved:
    """A tombstone on the contacts topic."""

    registration_number: str


_MONTHS = {
    "nl": (
        "januari", "februari", "maart", "april", "mei", "juni",
        "juli", "augustus", "september", "oktober", "november", "december",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip


def long_date(day: date, language: Language) -> str:
    """`1 augustus 2030` / `1 August 2030`."""
    return f"{day.day} {_MONTHS[language][day.month - 1]} {day.year}"
