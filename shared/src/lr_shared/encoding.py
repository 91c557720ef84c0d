"""JSON written by hand for the hot paths' messages, and their CloudEvents headers.

Building pydantic models and dumping them costs more per message than the rest of a bulk
handler; services write the bytes of their busiest contracts directly with these helpers, and
hold them to `model_dump_json` and `lr_shared.cloudevents.encode` byte for byte in their tests.

Strings are escaped by the json module's C escaper with `ensure_ascii=False`, as pydantic does;
datetimes go through pydantic once per value (a batch shares its `now`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from pydantic import TypeAdapter

from lr_shared.cloudevents import CONTENT_TYPE, SPEC_VERSION

string: Callable[[str], str] = json.encoder.encode_basestring
"""A JSON string literal, quotes included (the C implementation; non-ASCII stays as is)."""

_DATETIME = TypeAdapter(datetime)


def optional(value: str | None) -> str:
    return "null" if value is None else string(value)


@lru_cache(maxsize=4096)
def day(value: date | None) -> str:
    return "null" if value is None else f'"{value.isoformat()}"'


def moment(value: datetime) -> str:
    """A datetime as pydantic writes it (UTC as `Z`), quoted."""
    return _DATETIME.dump_json(value).decode()


def new_ids(count: int) -> list[str]:
    """Random (version 4) UUIDs as text, from one call to the system's random source."""
    raw = bytearray(os.urandom(16 * count))
    ids = []
    for i in range(0, 16 * count, 16):
        raw[i + 6] = (raw[i + 6] & 0x0F) | 0x40
        raw[i + 8] = (raw[i + 8] & 0x3F) | 0x80
        h = raw[i : i + 16].hex()
        ids.append(f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}")
    return ids


class Envelope:
    """The CloudEvents headers of the messages of one type, time and trace, as JSON text;
    only `ce_id` and `ce_subject` differ per message (lr_shared.cloudevents.encode's order)."""

    def __init__(
        self,
        type_: str,
        source: str,
        time: datetime,
        traceparent: str | None = None,
        tracestate: str | None = None,
    ) -> None:
        self._head = f'[["ce_specversion",{string(SPEC_VERSION)}],["ce_id",'
        self._middle = (
            f'],["ce_source",{string(source)}],["ce_type",{string(type_)}],'
            f'["ce_time",{string(time.isoformat())}],["content-type",{string(CONTENT_TYPE)}]'
        )
        tail = ""
        if traceparent:
            tail += f',["traceparent",{string(traceparent)}]'
        if tracestate:
            tail += f',["tracestate",{string(tracestate)}]'
        self._tail = tail + "]"
        self._type, self._source, self._time = type_, source, time.isoformat()
        self._trace = [
            (name, value)
            for name, value in (("traceparent", traceparent), ("tracestate", tracestate))
            if value
        ]

    def headers(self, ce_id: str, subject: str | None) -> str:
        if subject is None:
            return f"{self._head}{string(ce_id)}{self._middle}{self._tail}"
        return (
            f'{self._head}{string(ce_id)}{self._middle},["ce_subject",{string(subject)}]'
            f"{self._tail}"
        )

    def bundle_headers(
        self, *, subject: bool, type_per_message: bool = False
    ) -> list[tuple[str, str | None]]:
        """The headers of a bundle of these messages (`lr_shared.outbox.bundle`), in the order
        `headers` writes them: None for the `ce_id`, for the `ce_subject` if the messages have
        one, and for the `ce_type` if it differs per message; the rest as they are."""
        headers: list[tuple[str, str | None]] = [
            ("ce_specversion", SPEC_VERSION),
            ("ce_id", None),
            ("ce_source", self._source),
            ("ce_type", None if type_per_message else self._type),
            ("ce_time", self._time),
            ("content-type", CONTENT_TYPE),
        ]
        if subject:
            headers.append(("ce_subject", None))
        return headers + self._trace


def decimal(value: Decimal) -> str:
    """A Decimal as pydantic writes it in JSON: its text, quoted."""
    return f'"{value}"'
