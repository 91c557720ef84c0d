"""Outgoing messages are built without validation for speed; they must still be valid."""

from __future__ import annotations

from datetime import UTC, date, datetime

from lr_registry.application.ports import Contact, SchoolRef, Snapshot
from lr_registry.application.publishing import Publisher
from lr_registry.domain.model import Notice
from lr_shared.cloudevents import decode
from lr_shared.contracts.registry import ContactV1, RegistrationV1, RegistryEventV1

NOW = datetime(2026, 8, 1, 9, tzinfo=UTC)


def test_registration_contact_and_event_messages_validate_against_their_contracts() -> None:
    publisher = Publisher(".t1")
    snapshot = Snapshot(
        "LR00000001",
        "registered",
        "J.",
        "van",
        "Dijk",
        date(2026, 8, 1),
        date(2030, 8, 1),
        True,
        (
            SchoolRef("12AB", "00", "OBS", "41234", "PO", True, "PO-BEV"),
            SchoolRef("12AB", "00", "OBS", "41234", "PO", False, "PO-ONB"),
        ),
    )
    registration = publisher.registration(snapshot, NOW)
    decoded = decode(registration.value, registration.record_headers(), RegistrationV1).data
    assert registration.topic == "lr.registry.registrations.v1.t1"
    assert decoded.public_label == "geregistreerd"
    assert len(decoded.schools) == 1

    contact = publisher.contact(Contact("LR00000001", "J.", "", "Dijk", "j@example.org", "en"), NOW)
    assert decode(contact.value, contact.record_headers(), ContactV1).data.language == "en"

    notice = Notice(
        "reregistration-due", "reregistration-due:2030-08-01:6m", date(2030, 8, 1), "6m"
    )
    event = publisher.event("LR00000001", "registered", notice, NOW)
    data = decode(event.value, event.record_headers(), RegistryEventV1).data
    assert (data.kind, data.moment, event.key) == ("reregistration-due", "6m", b"LR00000001")
