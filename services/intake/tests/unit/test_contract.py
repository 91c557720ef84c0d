"""What intake writes on its topics is what the shared contracts describe."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

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
