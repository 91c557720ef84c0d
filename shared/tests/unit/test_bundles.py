"""Outbox bundles: many records in one row, read back exactly as they were given."""

import pytest

from lr_shared.outbox import bundle, unbundle

HEADERS: list[tuple[str, str | None]] = [
    ("ce_specversion", "1.0"),
    ("ce_id", None),
    ("ce_type", "nl.lerarenregister.test.happened"),
    ("traceparent", None),
]


def test_a_bundle_gives_back_each_record_with_its_own_headers_in_their_order() -> None:
    records = [
        (b"LR00000001", b'{"n":1}', b"id-1", b"00-aa-01"),
        (b"LR00000002", b"", b"id-2", b"00-bb-01"),  # a tombstone
        (b"LR00000001", b'{"text":"caf\xc3\xa9 \\"x\\""}', b"id-3", b"00-cc-01"),
    ]
    stored = bundle("lr.test.v1", HEADERS, records)

    assert (stored.topic, stored.key, stored.records) == ("lr.test.v1", b"", 3)
    assert unbundle(stored.value, stored.headers, stored.records) == [
        (
            b"LR00000001",
            b'{"n":1}',
            [
                ("ce_specversion", b"1.0"),
                ("ce_id", b"id-1"),
                ("ce_type", b"nl.lerarenregister.test.happened"),
                ("traceparent", b"00-aa-01"),
            ],
        ),
        (
            b"LR00000002",
            None,
            [
                ("ce_specversion", b"1.0"),
                ("ce_id", b"id-2"),
                ("ce_type", b"nl.lerarenregister.test.happened"),
                ("traceparent", b"00-bb-01"),
            ],
        ),
        (
            b"LR00000001",
            b'{"text":"caf\xc3\xa9 \\"x\\""}',
            [
                ("ce_specversion", b"1.0"),
                ("ce_id", b"id-3"),
                ("ce_type", b"nl.lerarenregister.test.happened"),
                ("traceparent", b"00-cc-01"),
            ],
        ),
    ]


def test_one_varying_header_and_none() -> None:
    one = bundle("t", [("ce_id", None), ("a", "b")], [(b"k1", b"v1", b"i1"), (b"k2", b"v2", b"i2")])
    assert unbundle(one.value, one.headers, one.records) == [
        (b"k1", b"v1", [("ce_id", b"i1"), ("a", b"b")]),
        (b"k2", b"v2", [("ce_id", b"i2"), ("a", b"b")]),
    ]
    none = bundle("t", [], [(b"k", b"v")])
    assert unbundle(none.value, none.headers, none.records) == [(b"k", b"v", [])]


def test_a_field_with_a_nul_byte_a_record_of_the_wrong_shape_or_no_record_is_refused() -> None:
    with pytest.raises(ValueError, match="NUL"):
        bundle("t", HEADERS, [(b"k", b"v\x00w", b"id", b"tp")])
    with pytest.raises(ValueError, match="4 fields"):
        bundle("t", HEADERS, [(b"k", b"v", b"id")])
    with pytest.raises(ValueError, match="at least one record"):  # the relay could not read it
        bundle("t", HEADERS, [])


def test_a_bundle_whose_count_does_not_match_its_fields_is_not_read() -> None:
    stored = bundle("t", HEADERS, [(b"k", b"v", b"id", b"tp")])
    with pytest.raises(ValueError, match="2 records has 4 fields"):
        unbundle(stored.value, stored.headers, 2)
