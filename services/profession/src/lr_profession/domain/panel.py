"""Teachers who opted in to review, and what the profession knows of their registration."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

REGISTERED = "registered"
"""The only registration state that may join a panel and be assigned."""


@dataclass(frozen=True)
class Registration:
    """The profession's projection of lr.registry.registrations.v1: no name, no schools."""

    registration_number: str
    state: str
    sectors: tuple[str, ...]
    boards: frozenset[str]
    """The boards (bevoegd gezag) of her schools: her employers."""

    @property
    def registered(self) -> bool:
        return self.state == REGISTERED


@dataclass(frozen=True)
class Membership:
    registration_number: str
    sector: str
    subjects: tuple[str, ...]
    open_reviews: int
    opted_in_at: datetime
