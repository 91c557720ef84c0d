"""The field digests and key fields intake keeps of an appointment (adapters/fields.py)."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from lr_intake.adapters.fields import field_describer
from lr_intake.adapters.messages import appointment_body
from lr_intake.application.ports import SHOWN_SEPARATOR, Accepted
from lr_intake.application.processing import digest
from lr_intake.domain.appointment import Appointment
from lr_intake.domain.changes import DIGESTS_SIZE, changed_fields

BASE = Appointment(
    2, "41234", "123456782", "Jansen", "", "J.", "M", date(1980, 1, 31),
    "j.jansen@example.nl", "12AB", "01", "PO", "leraar", "PO-PABO", True, None,
    date(2026, 8, 1), None, date(2026, 8, 1), date(2027, 7, 31),
)  # fmt: skip


def record(appointment: Appointment, identity: bytes = b"i" * 16) -> Accepted:
    body = appointment_body(str(uuid4()), appointment)
    return (appointment.row_number, identity, digest(appointment.content()), "41234", b"k", body)


def test_the_key_fields_and_row_are_kept_without_the_bsn() -> None:
    details = field_describer(b"key")(record(BASE))
    assert details.shown.split(SHOWN_SEPARATOR) == ["12AB", "01", "PO-PABO", "2026-08-01", "2"]
    assert len(details.fields) == DIGESTS_SIZE
    assert b"123456782" not in details.fields


def test_a_changed_field_changes_its_digest_alone() -> None:
    describe = field_describer(b"key")
    before = describe(record(BASE)).fields
    assert describe(record(BASE._replace(row_number=9))).fields == before  # not a field
    after = describe(record(BASE._replace(benoeming_einddatum=date(2027, 7, 31)))).fields
    assert changed_fields(before, after) == ("benoeming_einddatum",)
    two = describe(record(BASE._replace(achternaam="Jansen-de Vries", email=None))).fields
    assert changed_fields(before, two) == ("achternaam", "email")


def test_a_value_holding_the_separator_is_still_one_field() -> None:
    describe = field_describer(b"key")
    before = describe(record(BASE)).fields
    after = describe(record(BASE._replace(achternaam="Jan\x1fsen"))).fields
    assert changed_fields(before, after) == ("achternaam",)


def test_the_digests_depend_on_the_key_and_the_appointment() -> None:
    same = record(BASE)
    assert field_describer(b"key")(same).fields != field_describer(b"other")(same).fields
    other_appointment = record(BASE, identity=b"j" * 16)
    assert field_describer(b"key")(other_appointment).fields != field_describer(b"key")(same).fields
