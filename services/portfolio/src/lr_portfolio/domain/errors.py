"""What the domain refuses, in words a teacher understands (never with personal data)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One invalid field and why."""

    field: str
    message: str
    code: str


class InvalidInputError(Exception):
    """One or more fields break a rule."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))
        self.problems = problems


class NotFoundError(Exception):
    """The resource does not exist, or is not the caller's: both are answered the same way."""


class NotEditableError(Exception):
    """The activity was validated by its provider; the teacher may not change it."""


class EvidenceTooLargeError(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"evidence file larger than {limit} bytes")
        self.limit = limit


class UnsupportedEvidenceError(Exception):
    """The file is not a PDF, PNG or JPEG (judged by its first bytes, not by its name)."""


class NotRateableError(Exception):
    """Only an activity her provider reported from the catalogue can be rated."""


class AlreadyRatedError(Exception):
    """She rated this accredited activity before: a rating is given once."""
