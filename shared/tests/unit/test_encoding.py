"""lr_shared.encoding: the hand-written envelope and values equal what lr_shared.cloudevents
and pydantic write."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from lr_shared.cloudevents import CloudEvent, encode
from lr_shared.contracts.registry import ContactV1
from lr_shared.encoding import Envelope, decimal, moment, new_ids
from lr_shared.outbox import bundle, unbundle
from lr_tools.strategies import moments, names


class _Values(BaseModel):
    amount: Decimal
    at: datetime


@given(
    amount=st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=0),
    at=moments,
)
def test_decimals_and_moments_are_written_as_pydantic_writes_them(
    amount: Decimal, at: datetime
) -> None:
    expected = _Values(amount=amount, at=at).model_dump_json()
    assert f'{{"amount":{decimal(amount)},"at":{moment(at)}}}' == expected


@given(
    subject=st.one_of(st.none(), names),
    traceparent=st.one_of(st.none(), names),
    tracestate=st.one_of(st.none(), names),
    now=moments,
)
def test_envelope_headers_are_those_cloudevents_encode_writes(
    subject: str | None, traceparent: str | None, tracestate: str | None, now: datetime
) -> None:
    event = CloudEvent(
        type="nl.lerarenregister.registry.contact",
        source="urn:nl:lerarenregister:registry",
        data=ContactV1(registration_number="LR00000003", voorletters="J.", achternaam="X"),
        subject=subject,
        time=now,
        traceparent=traceparent,
        tracestate=tracestate,
    )
    _, expected = encode(event)
    envelope = Envelope(event.type, event.source, now, traceparent, tracestate)
    written = json.loads(envelope.headers(event.id, subject))
    assert written == [[n, v.decode()] for n, v in expected]

    # The same messages in a bundle: each record gets the very same headers.
    if subject is None or "\x00" not in subject:
        fields = [b"key", b"{}", event.id.encode()]
        fields += [] if subject is None else [subject.encode()]
        stored = bundle("t", envelope.bundle_headers(subject=subject is not None), [fields])
        [(_, _, headers)] = unbundle(stored.value or b"", stored.headers, 1)
        assert headers == expected


def test_new_ids_are_distinct_version_4_uuids() -> None:
    ids = new_ids(2000)
    assert len(set(ids)) == 2000
    assert all(uuid.UUID(i).version == 4 and str(uuid.UUID(i)) == i for i in ids)
