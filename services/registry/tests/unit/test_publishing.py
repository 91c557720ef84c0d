"""Outgoing messages are built without validation for speed; they must still be valid."""

from __future__ import annotations

from datetime import UTC, date, datetime

from lr_registry.application.ports import Contact, SchoolRef, Snapshot
from lr_registry.application.publishing import Publisher
from lr_registry.domain.model import Notice
from lr_shared.cloudevents import decode
from lr_shared.contracts.registry import ContactV1, RegistrationV1, RegistryEventV1
from lr_shared.outbox import unbundle

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


def test_a_run_of_one_topic_is_stored_as_one_bundle_of_the_messages_rows_would_hold() -> None:
    publisher = Publisher(".t1")
    due = Notice("reregistration-due", "reregistration-due:2030-08-01:6m", date(2030, 8, 1), "6m")
    invited = Notice("teacher-invited", "teacher-invited", None, None)
    contacts = [
        Contact(f"LR0000000{i}", "J.", "", "Dijk", f"j{i}@example.org", "nl") for i in (1, 2)
    ]
    items = [
        publisher.event_item("LR00000001", "registered", due, NOW),
        publisher.event_item("LR00000002", "pending_confirmation", invited, NOW),
        *[publisher.contact_item(contact, NOW) for contact in contacts],
        publisher.event_item("LR00000003", "pending_confirmation", invited, NOW),
    ]

    stored = publisher.stored(items, NOW)

    assert [(row.topic, row.records) for row in stored] == [
        ("lr.registry.events.v1.t1", 2),  # two kinds: the ce_type per message
        ("lr.registry.contacts.v1.t1", 2),
        ("lr.registry.events.v1.t1", None),  # alone: a row
    ]
    sent = [
        record
        for row in stored[:2]
        for record in unbundle(row.value or b"", row.headers, row.records or 0)
    ]
    sent.append((stored[2].key, stored[2].value, stored[2].record_headers()))
    alone = [publisher.row(item, NOW) for item in items]
    assert [(key, value) for key, value, _ in sent] == [(row.key, row.value) for row in alone]
    for (_, _, headers), row in zip(sent, alone, strict=True):
        expected = row.record_headers()
        assert [name for name, _ in headers] == [name for name, _ in expected]
        assert [h for h in headers if h[0] != "ce_id"] == [h for h in expected if h[0] != "ce_id"]
    ids = [dict(headers)["ce_id"] for _, _, headers in sent]
    assert len(set(ids)) == len(ids)
    data = [decode(v or b"", h, RegistryEventV1).data.kind for _, v, h in sent[:2]]
    assert data == ["reregistration-due", "teacher-invited"]
