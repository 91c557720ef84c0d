"""A board's teachers as the registry lists them (`GET /v1/boards/{bg}/registrations`) and the
answer to a check of registration numbers (`POST .../registrations/check`): plain values, read
from the registry's JSON, and the filter of the "Mijn leraren" page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

STATES = (
    "pending_confirmation",
    "registered",
    "pre_registered",
    "conditional",
    "lapsed",
    "deregistered",
)
"""The registry's registration states (lr_shared.contracts.registry.RegistrationState)."""
BRIN = re.compile(r"^[0-9]{2}[A-Z]{2}$")


@dataclass(frozen=True)
class School:
    brin: str
    volgnummer: str
    name: str | None

    @property
    def code(self) -> str:
        return f"{self.brin}{self.volgnummer}"


@dataclass(frozen=True)
class BoardTeacher:
    number: str
    voorletters: str
    tussenvoegsel: str
    achternaam: str
    schools: tuple[School, ...]
    state: str
    public_label: str | None
    period_end: date | None
    norm_met: bool | None

    @property
    def name(self) -> str:
        """As the public register writes it: "J.P. van Jansen"."""
        return " ".join(p for p in (self.voorletters, self.tussenvoegsel, self.achternaam) if p)

    @classmethod
    def from_registry(cls, body: dict[str, Any]) -> BoardTeacher:
        end = body.get("period_end")
        return cls(
            number=str(body["registration_number"]),
            voorletters=str(body.get("voorletters") or ""),
            tussenvoegsel=str(body.get("tussenvoegsel") or ""),
            achternaam=str(body.get("achternaam") or ""),
            schools=tuple(
                School(str(s["brin"]), str(s["brin_volgnummer"]), s.get("naam"))
                for s in body.get("schools") or []
            ),
            state=str(body["state"]),
            public_label=body.get("public_label"),
            period_end=date.fromisoformat(end) if end else None,
            norm_met=body.get("norm_met"),
        )


@dataclass(frozen=True)
class TeacherPage:
    teachers: list[BoardTeacher]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def first(self) -> int:
        return (self.page - 1) * self.page_size + 1 if self.teachers else 0

    @property
    def last(self) -> int:
        return self.first + len(self.teachers) - 1 if self.teachers else 0


@dataclass(frozen=True)
class TeacherFilter:
    school: str | None = None
    state: str | None = None

    @property
    def active(self) -> bool:
        return bool(self.school or self.state)

    def params(self) -> dict[str, str]:
        """The registry's query parameters."""
        found = {"school": self.school, "state": self.state}
        return {k: v for k, v in found.items() if v}


def read_filter(school: str, state: str) -> tuple[TeacherFilter, dict[str, str]]:
    """The page's GET form (`school`, `status`): the filter and the errors by field (a BRIN
    typed in lower case or with spaces is accepted). A state not in the list is tampering:
    the caller answers 400 for it (its select offers the states only)."""
    errors: dict[str, str] = {}
    brin = "".join(school.split()).upper()
    if brin and not BRIN.fullmatch(brin):
        errors["school"] = "boards.teachers.error_brin"
        brin = ""
    if state and state not in STATES:
        raise ValueError(state)
    return TeacherFilter(brin or None, state or None), errors


CheckCode = str


@dataclass(frozen=True)
class CheckLine:
    line: int
    number: str | None
    found: bool
    code: CheckCode | None
    message: str | None
    teacher: BoardTeacher | None

    @property
    def outcome(self) -> str:
        """found, not_found or invalid (a line that is no registration number)."""
        if self.found:
            return "found"
        return "invalid" if self.code == "ongeldig_registratienummer" else "not_found"

    @classmethod
    def from_registry(cls, body: dict[str, Any]) -> CheckLine:
        registration = body.get("registration")
        return cls(
            line=int(body["line"]),
            number=body.get("registration_number"),
            found=bool(body.get("found")),
            code=body.get("code"),
            message=body.get("message"),
            teacher=BoardTeacher.from_registry(registration) if registration else None,
        )


@dataclass(frozen=True)
class CheckResult:
    checked: int
    found: int
    lines: list[CheckLine]

    @property
    def invalid(self) -> int:
        return sum(line.outcome == "invalid" for line in self.lines)

    @property
    def not_found(self) -> int:
        return self.checked - self.found - self.invalid

    @classmethod
    def from_registry(cls, body: dict[str, Any]) -> CheckResult:
        lines = [CheckLine.from_registry(line) for line in body.get("lines") or []]
        return cls(int(body["checked"]), int(body["found"]), lines)


def localized(detail: str, lang: str) -> str:
    """The registry's refusals say it twice, "Dutch. / English.": the reader's half."""
    dutch, sep, english = detail.partition(" / ")
    return (english if lang == "en" else dutch).strip() if sep else detail
