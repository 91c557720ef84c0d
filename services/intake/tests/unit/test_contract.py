"""What intake writes on its topics is what the shared contracts describe."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import uuid4

import pytest

from lr_intake.adapters.messages import appointment_body
from lr_intake.domain.appointment import Appointment
from lr_shared.contracts.intake import AppointmentV1


def test_the_hand_built_appointment_json_is_a_valid_appointment_v1() -> None:
    delivery_id = uuid4()
    appointment = Appointment(
        7, "41234", "012345672", "Ürgüp", "van der", "J.P.", "X", date(1985, 3, 14),
        None, "12AB", "00", "VSO", "lio", "VO-LIO", False, "WISKUNDE",
        date(2026, 8, 1), date(2027, 7, 31), date(2026, 8, 1), None,
    )  # fmt: skip
    model = AppointmentV1.model_validate_json(appointment_body(str(delivery_id), appointment))
    assert model.delivery_id == delivery_id
    assert model.bsn == "012345672"
    assert model.achternaam == "Ürgüp"
    assert model.benoeming_einddatum == date(2027, 7, 31)
    assert model.dienstverband_einddatum is None
    assert model.qualified is False


def _appointment(**changes: Any) -> Appointment:
    appointment = Appointment(
        2, "41234", "123456782", "Jansen", "", "J.", "M", date(1980, 1, 31),
        "j.jansen@example.nl", "12AB", "01", "PO", "leraar", "PO-PABO", True, None,
        date(2026, 8, 1), None, date(2026, 8, 1), date(2027, 7, 31),
    )  # fmt: skip
    return appointment._replace(**changes)


@pytest.mark.parametrize(
    "appointment",
    [
        _appointment(),
        _appointment(
            achternaam="O\"Brien \\ d'Ar\tc\x00\x1f\x7f\u2028 Ürgüp 😀",
            tussenvoegsel="van der",
            voorletters="Ç.É.",
            email="ëlla@bücher.example",
            qualified=False,
            onderwijsterrein="WISKUNDE",
            benoeming_einddatum=date(2027, 1, 31),
            dienstverband_einddatum=None,
            row_number=299_999,
        ),
        _appointment(email=None, geslacht="X", sector="VSO"),
    ],
)
def test_the_hand_built_appointment_json_is_what_the_model_writes(appointment: Appointment) -> None:
    body = appointment_body("4b4a9d4e-8a0e-4a8f-9c57-3b1f1a6f2c11", appointment)
    assert body == AppointmentV1.model_validate_json(body).model_dump_json().encode()
