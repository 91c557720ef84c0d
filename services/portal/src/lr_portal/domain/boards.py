"""Who signs in for a board, and which boards they may act for.

A school board (bevoegd gezag) signs in for itself; a payroll bureau (administratiekantoor)
signs in for the boards that gave it a mandate, and chooses which one it acts for. Both are
known by a five-digit number (boards 10000-89999 and bureaus 90000 and up in the generated
reference data; the portal does not rely on the ranges). The board token carries the number as
its subject and the other boards in `lr_boards`, which is what intake checks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

OrganisationKind = Literal["board", "payroll_bureau"]
ORGANISATION_KINDS: tuple[OrganisationKind, ...] = ("board", "payroll_bureau")

BOARD_NUMBER = re.compile(r"^[0-9]{5}$")
MAX_BOARDS = 500
"""More boards than any payroll bureau serves; a longer list typed in is refused."""


def is_board_number(value: str) -> bool:
    return BOARD_NUMBER.fullmatch(value) is not None


def board_numbers(text: str) -> tuple[str, ...] | None:
    """Five-digit numbers separated by spaces, commas or semicolons, in order, each once;
    None when anything else is in the text (or too many)."""
    found: list[str] = []
    for part in re.split(r"[\s,;]+", text.strip()):
        if not part:
            continue
        if not is_board_number(part):
            return None
        if part not in found:
            found.append(part)
    return tuple(found) if len(found) <= MAX_BOARDS else None


@dataclass(frozen=True)
class Organisation:
    """A signed-in board or payroll bureau: its number, its kind and the (other) boards it
    delivers for."""

    number: str
    kind: OrganisationKind
    delivers_for: tuple[str, ...] = ()

    @property
    def choices(self) -> tuple[str, ...]:
        """The boards it may act for: a board itself and any it delivers for, a payroll bureau
        the boards of its mandates only (its own number is no school board)."""
        own = {self.number} if self.kind == "board" else set()
        return tuple(sorted(own | set(self.delivers_for)))

    @property
    def only_choice(self) -> str | None:
        """The board it acts for without choosing, when it has exactly one."""
        return self.choices[0] if len(self.choices) == 1 else None

    @property
    def token_boards(self) -> tuple[str, ...]:
        """`lr_boards` of its board token: every board it may act for but its own number."""
        return tuple(b for b in self.choices if b != self.number)


def dev_sign_in(
    kind: str,
    number: str,
    boards_text: str,
    mandates_of: Callable[[str], tuple[str, ...]],
) -> tuple[Organisation | None, dict[str, str]]:
    """The development sign-in's form: who signs in (a board or a payroll bureau by number)
    and, for a payroll bureau, the boards it delivers for: typed, or else its mandates in the
    reference data. The organisation, or the errors (field -> text key)."""
    errors: dict[str, str] = {}
    number = number.strip()
    if kind not in ORGANISATION_KINDS:
        errors["soort"] = "boards.dev.error_kind"
    if not is_board_number(number):
        errors["nummer"] = "boards.dev.error_number"
    typed = board_numbers(boards_text)
    if typed is None:
        errors["besturen"] = "boards.dev.error_boards"
    if errors:
        return None, errors
    assert typed is not None
    if kind == "payroll_bureau":
        delivers_for = typed or mandates_of(number)
        if not delivers_for:
            return None, {"besturen": "boards.dev.error_no_mandates"}
        return Organisation(number, "payroll_bureau", tuple(delivers_for)), {}
    return Organisation(number, "board", typed), {}
