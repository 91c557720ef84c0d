from datetime import UTC, datetime
from uuid import uuid4

import pytest

from lr_shared.cloudevents import CloudEvent, EnvelopeError, decode, encode, event_type, source
from lr_shared.contracts.privacy import ErasureRequestV1


def _request() -> ErasureRequestV1:
    return ErasureRequestV1(
        request_id=uuid4(),
        registration_number="LR00000042",
        requested_at=datetime(2026, 8, 1, tzinfo=UTC),
        services=["portfolio"],
    )


def test_an_event_survives_the_round_trip_through_kafka_headers() -> None:
    sent = CloudEvent(
        type=event_type("registry", "erasure-requested"),
        source=source("registry"),
        subject="LR00000042",
        data=_request(),
        traceparent="00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    )
    value, headers = encode(sent)

    received = decode(value, headers, ErasureRequestV1)

    assert received == sent
    names = {name for name, _ in headers}
    assert {"ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time", "ce_subject"} <= names
    assert ("content-type", b"application/json") in headers


def test_a_message_without_cloudevents_headers_is_rejected() -> None:
    with pytest.raises(EnvelopeError, match="missing CloudEvents headers"):
        decode(b"{}", [], ErasureRequestV1)


def test_an_invalid_body_is_rejected_without_echoing_its_content() -> None:
    value, headers = encode(CloudEvent(type="t", source="s", data=_request()))
    tampered = value.replace(b"LR00000042", b"123456782")

    with pytest.raises(EnvelopeError) as caught:
        decode(tampered, headers, ErasureRequestV1)

    assert "registration_number" in str(caught.value)
    assert "123456782" not in str(caught.value)


def test_an_unexpected_event_type_is_rejected() -> None:
    value, headers = encode(CloudEvent(type="nl.lerarenregister.x.y", source="s", data=_request()))
    with pytest.raises(EnvelopeError, match="unexpected type"):
        decode(value, headers, ErasureRequestV1, accept_types=["nl.lerarenregister.x.z"])
