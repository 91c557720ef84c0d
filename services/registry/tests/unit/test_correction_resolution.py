"""When a redelivery resolves a teacher's correction request (domain.corrections)."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from lr_registry.domain.corrections import (
    Delivered,
    OpenRequest,
    disputed_values,
    is_resolved,
    stored,
)

BOARD = "41234"
OLD, NEW = uuid4(), uuid4()
APPOINTMENT: dict[str, object] = {
    "brin": "12AB",
    "brin_volgnummer": "00",
    "benoemingsgrondslag": "PO-PABO",
    "benoeming_begindatum": date(2024, 8, 1),
    "benoeming_einddatum": date(2027, 7, 31),
    "dienstverband_begindatum": date(2024, 8, 1),
    "dienstverband_einddatum": None,
    "functie": "leraar",
    "onderwijsterrein": None,
}
PERSON: dict[str, object] = {
    "achternaam": "Jansen",
    "tussenvoegsel": "",
    "voorletters": "J.",
    "geslacht": "V",
    "geboortedatum": date(1990, 1, 2),
    "email": None,
}


def request(*fields: str) -> OpenRequest:
    return OpenRequest(
        uuid4(), "LR00012345", BOARD, 7, fields, disputed_values(fields, APPOINTMENT, PERSON), False
    )


def delivered(delivery: UUID = NEW, appointment_id: int = 7, **changes: object) -> Delivered:
    values = {k: stored(v) for k, v in {**APPOINTMENT, **changes}.items()}
    return Delivered(appointment_id, BOARD, delivery, values)


def person(**changes: object) -> dict[str, str | None]:
    return {k: stored(v) for k, v in {**PERSON, **changes}.items()}


def test_an_appointment_field_is_resolved_once_it_has_another_value() -> None:
    r = request("benoeming_einddatum")
    assert r.disputed["benoeming_einddatum"] == "2027-07-31"
    assert not is_resolved(r, person(), [delivered(OLD)], frozenset({NEW}))
    later = delivered(benoeming_einddatum=date(2026, 7, 31))
    assert is_resolved(r, person(), [later], frozenset({NEW}))
    ended = delivered(benoeming_einddatum=None)  # the end date removed is another value too
    assert is_resolved(r, person(), [ended], frozenset({NEW}))


def test_every_disputed_field_must_have_changed() -> None:
    r = request("benoeming_einddatum", "functie")
    half = delivered(benoeming_einddatum=date(2026, 7, 31))
    assert not is_resolved(r, person(), [half], frozenset({NEW}))
    both = delivered(benoeming_einddatum=date(2026, 7, 31), functie="lio")
    assert is_resolved(r, person(), [both], frozenset({NEW}))


def test_a_field_of_the_teacher_is_resolved_by_her_delivered_value() -> None:
    r = request("achternaam")
    assert not is_resolved(r, person(), [delivered(OLD)], frozenset({NEW}))
    assert is_resolved(r, person(achternaam="Jansen-de Vries"), [delivered(OLD)], frozenset({NEW}))
    assert not is_resolved(r, None, [], frozenset({NEW}))


def test_an_identity_field_is_resolved_by_the_corrected_appointment_from_the_same_board() -> None:
    r = request("benoeming_begindatum")
    old = delivered(OLD)
    assert not is_resolved(r, person(), [old], frozenset({NEW}))
    corrected = delivered(NEW, 8, benoeming_begindatum=date(2024, 9, 1))
    assert is_resolved(r, person(), [old, corrected], frozenset({NEW}))
    # Delivered before (not with this batch), at another school, or by another board: no.
    assert not is_resolved(r, person(), [old, corrected], frozenset({uuid4()}))
    elsewhere = delivered(NEW, 8, benoeming_begindatum=date(2024, 9, 1), brin="99ZZ")
    assert not is_resolved(r, person(), [old, elsewhere], frozenset({NEW}))
    foreign = Delivered(8, "70001", NEW, corrected.values)
    assert not is_resolved(r, person(), [old, foreign], frozenset({NEW}))
