"""Which fields of an appointment changed, by their digests, and the tally of a delivery."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from lr_intake.domain.changes import (
    DIGEST_WIDTH,
    DIGESTS_SIZE,
    TRACKED_FIELDS,
    ChangeSummary,
    NoLongerDelivered,
    changed_fields,
    in_order,
)


def digests(**changed: int) -> bytes:
    """Field digests where each named field has the given digest, the others zero."""
    return b"".join(
        changed.get(name, 0).to_bytes(DIGEST_WIDTH, "little") for name in TRACKED_FIELDS
    )


def test_the_fields_whose_digests_differ_are_the_changed_ones() -> None:
    before = digests(achternaam=1, benoeming_einddatum=7)
    after = digests(achternaam=2, benoeming_einddatum=7, email=3)
    assert changed_fields(before, after) == ("achternaam", "email")
    assert changed_fields(after, after) == ()


def test_without_earlier_digests_the_changed_fields_are_unknown() -> None:
    assert changed_fields(None, digests()) is None
    assert changed_fields(b"short", digests()) is None


def test_a_summary_counts_each_changed_field_once_per_appointment() -> None:
    summary = ChangeSummary()
    summary.add_changed(digests(), digests(achternaam=1, geslacht=1))
    summary.add_changed(digests(), digests(achternaam=5))
    summary.add_changed(None, digests())
    summary.add_changed(digests(email=1), digests(email=1))  # the fingerprint said otherwise
    assert summary.changed == 4
    assert summary.fields["achternaam"] == 2
    assert summary.fields["geslacht"] == 1
    assert sum(summary.fields.values()) == 3
    assert summary.fields_unknown == 2


def test_a_summary_reads_back_what_it_stored_and_lists_every_field() -> None:
    summary = ChangeSummary(new=3, changed=1, unchanged=5, fields_unknown=0)
    summary.fields["email"] = 1
    again = ChangeSummary.of(summary.as_dict())
    assert again == summary
    assert list(again.fields) == list(TRACKED_FIELDS)
    assert ChangeSummary.of({"new": 1}).no_longer_delivered is None
    assert len(digests()) == DIGESTS_SIZE


def test_appointments_no_longer_delivered_are_listed_by_school_then_grondslag_and_date() -> None:
    last = uuid4()
    later = NoLongerDelivered("12AB", "01", "PO-PABO", date(2025, 8, 1), last, 9)
    earlier = NoLongerDelivered("12AB", "00", "PO-PABO", date(2026, 8, 1), last, 3)
    unknown = NoLongerDelivered(None, None, None, None, last, None)
    assert in_order([later, earlier, unknown]) == [unknown, earlier, later]
