"""A delivery's rows checked and made ready to publish: the compiled checks where they apply,
Python's everywhere else.

`PythonRowChecker` is the reference: `RowValidator` (the rules), the keyed BSN hash and the
AppointmentV1 JSON of `messages.appointment_body`. `NativeRowChecker` hands each slice of rows to
`lr_intake_native` (services/intake/native), which decides the ordinary rows, ASCII codes and
simple e-mail addresses, six to seven times faster, and answers "not mine" for the others;
those go to the reference. Tests hold both to the same outcome, byte for byte, over national
files and random rows (docs/decisions.md, "Compiled row checks").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache
from typing import cast
from uuid import UUID

import email_validator
from lr_intake_native import Reference as _NativeReference
from lr_intake_native import RowChecker as _Native

from lr_intake.adapters.messages import appointment_body
from lr_intake.adapters.pseudonyms import keyed_hasher
from lr_intake.application.ports import Accepted, Checked, RowChecker, RowCheckers
from lr_intake.application.processing import digest
from lr_intake.domain import codes
from lr_intake.domain.appointment import Issue
from lr_intake.domain.fileformat import Row
from lr_intake.domain.reference import ReferenceData
from lr_intake.domain.validation import P, RowValidator


class PythonRowChecker:
    """The rules in Python, then the keyed BSN hash, identity, fingerprint and message."""

    def __init__(
        self,
        reference: ReferenceData,
        allowed_boards: frozenset[str],
        today: date,
        hash_key: bytes,
        delivery_id: UUID,
    ) -> None:
        self._validate = RowValidator(reference, allowed_boards, today).validate
        self._pseudonymize = keyed_hasher(hash_key)
        self._delivery = str(delivery_id)

    def check(self, rows: Sequence[Row]) -> list[Checked]:
        return [self.check_row(number, values) for number, values in rows]

    def check_row(self, number: int, values: list[str]) -> Checked:
        appointment, issues = self._validate(number, values)
        if appointment is None:
            return None, issues
        bsn_key = self._pseudonymize(appointment.bsn)
        record: Accepted = (
            number,
            digest("\x1f".join((bsn_key, *appointment.identity_parts()))),
            digest(appointment.content()),
            appointment.bevoegd_gezag,
            bsn_key.encode(),
            appointment_body(self._delivery, appointment),
        )
        return record, issues


class NativeRowChecker:
    """The compiled checks, with `PythonRowChecker` for the rows they leave to Python."""

    def __init__(
        self,
        reference: ReferenceData,
        allowed_boards: frozenset[str],
        today: date,
        hash_key: bytes,
        delivery_id: UUID,
    ) -> None:
        self._python = PythonRowChecker(reference, allowed_boards, today, hash_key, delivery_id)
        self._native = _Native(
            _native_reference(reference),
            allowed=allowed_boards,
            today=(today.year, today.month, today.day),
            hash_key=hash_key,
            delivery_id=str(delivery_id),
        )

    def check(self, rows: Sequence[Row]) -> list[Checked]:
        rows = rows if isinstance(rows, list) else list(rows)
        outcomes, pending = self._native.check(rows)
        # Rows accepted without issues are final as they come; the others get their messages
        # here, or are checked in Python, in place.
        checked = cast("list[Checked]", outcomes)
        for position in pending:
            outcome = outcomes[position]
            number, values = rows[position]
            if outcome is None:
                checked[position] = self._python.check_row(number, values)
            elif outcome[0] is None:
                checked[position] = (None, [_error(number, c, code) for c, code in outcome[1]])
            else:
                checked[position] = (outcome[0], [_warning(number, code) for code in outcome[1]])
        return checked


# The compiled reference of the snapshots in use (the cache keeps a new version and the one
# before while deliveries still hold it); building one per delivery cost more than checking a
# hundred-row delivery.
_references: dict[int, tuple[ReferenceData, _NativeReference]] = {}


def _native_reference(reference: ReferenceData) -> _NativeReference:
    cached = _references.get(id(reference))
    if cached is not None and cached[0] is reference:
        return cached[1]
    built = _NativeReference(
        schools={
            key: (s.bevoegd_gezag, s.sector, s.brin, s.brin_volgnummer)
            for key, s in reference.schools.items()
        },
        grondslagen=reference.grondslagen_by_sector(),
        all_grondslagen=frozenset(g.code for g in reference.grondslagen),
        terreinen=reference.onderwijsterreinen,
        special_use=list(email_validator.SPECIAL_USE_DOMAIN_NAMES),
    )
    while len(_references) >= 2:
        del _references[next(iter(_references))]
    _references[id(reference)] = (reference, built)
    return built


@cache
def _message(column: str, code: str) -> str:
    return codes.row_message(code, column)


def _error(number: int, column: str, code: str) -> Issue:
    return Issue(number, column, code, "error", _message(column, code))


def _warning(number: int, code: str) -> Issue:
    column, _, message = P[code]
    return Issue(number, column, code, "warning", message)


def row_checkers(hash_key: bytes, *, native: bool = True) -> RowCheckers:
    """Makes a delivery's checker; `native=False` checks every row in Python."""
    kind = NativeRowChecker if native else PythonRowChecker

    def checker(
        reference: ReferenceData, allowed_boards: frozenset[str], today: date, delivery_id: UUID
    ) -> RowChecker:
        made: RowChecker = kind(reference, allowed_boards, today, hash_key, delivery_id)
        return made

    return checker
