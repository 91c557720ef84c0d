"""ActivityAccreditedV1 through the CloudEvents envelope and back, and its topic."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from pydantic import ValidationError

from lr_shared.cloudevents import CloudEvent, decode, encode
from lr_shared.contracts.profession import ActivityAccreditedV1
from lr_shared.contracts.topics import PROFESSION_ACCREDITATIONS, TOPICS, all_topic_configs


def accredited(**changes: object) -> ActivityAccreditedV1:
    values: dict[str, object] = {
        "activity_code": "PR-0000042",
        "accreditation_id": uuid.uuid4(),
        "provider_id": "P0042",
        "provider_name": "Penta Nova",
        "title": "Formatief evalueren",
        "type": "inside_school",
        "subtype": "coaching",
        "sectors": ["PO"],
        "register_hours": Decimal("12.5"),
        "core": True,
        "criteria_version": 1,
        "start_date": date(2026, 10, 1),
        "accredited_at": datetime(2026, 12, 1, tzinfo=UTC),
    }
    values.update(changes)
    return ActivityAccreditedV1.model_validate(values)


def test_an_accreditation_survives_the_envelope_unchanged() -> None:
    body = accredited()
    value, headers = encode(
        CloudEvent(type="nl.lerarenregister.profession.x", source="s", data=body)
    )

    assert decode(value, headers, ActivityAccreditedV1).data == body


def test_a_consumer_ignores_fields_added_later_within_the_version() -> None:
    raw = accredited().model_dump_json()[:-1] + ', "added_later": 1}'
    assert ActivityAccreditedV1.model_validate_json(raw).register_hours == Decimal("12.5")


@pytest.mark.parametrize(
    "changes",
    [{"subtype": None}, {"type": "course"}, {"register_hours": Decimal(0)}, {"sectors": []}],
)
def test_an_accreditation_that_breaks_the_contract_is_refused(changes: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        accredited(**changes)


def test_the_topic_is_in_the_catalogue_compacted_and_keyed_by_activity_code() -> None:
    assert PROFESSION_ACCREDITATIONS in TOPICS
    assert PROFESSION_ACCREDITATIONS.key == "activity code"
    config = all_topic_configs()
    assert config["lr.profession.accreditations.v1"]["cleanup.policy"] == "compact"
    assert "lr.profession.accreditations.v1.dlq" in config
