"""When a redelivery has resolved a teacher's correction request.

A request records, per disputed field, the value delivered when the teacher asked
(`disputed_values`). It is resolved when every disputed field has another value now:
- a field of the teacher (name, gender, birth date, e-mail): the teacher's delivered value;
- a field of the appointment that is not part of its identity (end dates, functie, ...): the
  value of that same appointment;
- a field of the appointment's identity (BRIN, volgnummer, grondslag, begin date): a board
  cannot change those in place, it delivers the corrected appointment, which is a new one. So:
  the same board has since delivered an appointment of this teacher that differs from the
  disputed one in each disputed identity field and equals it in the others.
The old appointment stays until its board ends it (a missing row is not an end date).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

PERSON_FIELDS = ("achternaam", "tussenvoegsel", "voorletters", "geslacht", "geboortedatum", "email")
IDENTITY_FIELDS = ("brin", "brin_volgnummer", "benoemingsgrondslag", "benoeming_begindatum")
APPOINTMENT_FIELDS = (
    "functie",
    "onderwijsterrein",
    "benoeming_einddatum",
    "dienstverband_begindatum",
    "dienstverband_einddatum",
)
CORRECTABLE_FIELDS = PERSON_FIELDS + IDENTITY_FIELDS + APPOINTMENT_FIELDS

Value = str | None
"""A delivered value as stored with the request: text, a date as ISO text, or None."""


def stored(value: object) -> Value:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class Delivered:
    """One appointment of the teacher as it stands: its id, board, the delivery that last
    changed it, and every field by name (stored values)."""

    appointment_id: int
    bevoegd_gezag: str
    delivery_id: UUID
    values: Mapping[str, Value]


@dataclass(frozen=True)
class OpenRequest:
    request_id: UUID
    registration_number: str
    bevoegd_gezag: str
    appointment_id: int
    fields: tuple[str, ...]
    disputed: Mapping[str, Value]
    """Per disputed field, its value then; identity fields are always recorded (see above)."""
    answered: bool


def disputed_values(
    fields: Sequence[str], appointment: Mapping[str, object], person: Mapping[str, object]
) -> dict[str, Value]:
    """What to record with a new request: each disputed field's value now, plus the
    appointment's identity (to recognise the corrected appointment later)."""
    values = {f: stored(person[f] if f in PERSON_FIELDS else appointment[f]) for f in fields}
    return {**{f: stored(appointment[f]) for f in IDENTITY_FIELDS}, **values}


def is_resolved(
    request: OpenRequest,
    person: Mapping[str, Value] | None,
    appointments: Sequence[Delivered],
    arriving: frozenset[UUID],
) -> bool:
    """Whether every disputed field has another value now. `person` and `appointments`: the
    teacher as the registry holds her after applying a batch; `arriving`: the deliveries of
    that batch (a corrected appointment must come with one of them)."""
    disputed = request.disputed
    own = next((a for a in appointments if a.appointment_id == request.appointment_id), None)
    for field in request.fields:
        if field in PERSON_FIELDS:
            if person is None or person.get(field) == disputed.get(field):
                return False
        elif field in APPOINTMENT_FIELDS and (
            own is None or own.values.get(field) == disputed.get(field)
        ):
            return False
    changed = [f for f in request.fields if f in IDENTITY_FIELDS]
    if not changed:
        return True
    kept = [f for f in IDENTITY_FIELDS if f not in changed]
    return any(
        a.bevoegd_gezag == request.bevoegd_gezag
        and a.delivery_id in arriving
        and all(a.values.get(f) != disputed.get(f) for f in changed)
        and all(a.values.get(f) == disputed.get(f) for f in kept)
        for a in appointments
    )
