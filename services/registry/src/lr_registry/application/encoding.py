"""Hand-written JSON for the three contracts a national delivery produces per new teacher
(RegistryEventV1, RegistrationV1, ContactV1) and for their CloudEvents headers.

Building pydantic models and dumping them cost more per teacher than the rest of the hot path;
these functions write the same bytes directly. `tests/unit/test_encoding.py` checks them byte for
byte against `model_dump_json` (and `lr_shared.cloudevents.encode`); a contract change that is
not mirrored here fails those tests.

Strings are escaped by the json module's C escaper with `ensure_ascii=False`, as pydantic does;
datetimes go through pydantic once per value (a batch shares its `now`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import NamedTuple

from pydantic import TypeAdapter

from lr_shared.cloudevents import CONTENT_TYPE, SPEC_VERSION
from lr_shared.contracts.registry import PUBLIC_LABELS

string: Callable[[str], str] = json.encoder.encode_basestring
"""A JSON string literal, quotes included (the C implementation; non-ASCII stays as is)."""

_DATETIME = TypeAdapter(datetime)


class SchoolJson(NamedTuple):
    brin: str
    brin_volgnummer: str
    naam: str | None
    bevoegd_gezag: str


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

    def headers(self, ce_id: str, subject: str | None) -> str:
        middle = self._middle if subject is None else f'{self._middle},["ce_subject",'
        if subject is None:
            return f"{self._head}{string(ce_id)}{middle}{self._tail}"
        return f"{self._head}{string(ce_id)}{middle}{string(subject)}]{self._tail}"


def registry_event(
    event_id: str,
    kind: str,
    number: str,
    state: str | None,
    occurred_at: str,
    notification_key: str,
    period_end: date | None,
    moment_: str | None,
    reason: str | None,
) -> bytes:
    """RegistryEventV1; `occurred_at` as `moment` gives it."""
    return (
        f'{{"event_id":"{event_id}","kind":{string(kind)},"registration_number":{string(number)},'
        f'"state":{optional(state)},"occurred_at":{occurred_at},'
        f'"notification_key":{string(notification_key)},"period_end":{day(period_end)},'
        f'"moment":{optional(moment_)},"reason":{optional(reason)}}}'
    ).encode()


def registration(
    number: str,
    state: str,
    voorletters: str,
    tussenvoegsel: str,
    achternaam: str,
    sectors: Sequence[str],
    schools: Sequence[SchoolJson],
    qualified: bool,
    period_start: date | None,
    period_end: date | None,
    updated_at: str,
) -> bytes:
    """RegistrationV1; `updated_at` as `moment` gives it."""
    school_list = ",".join(
        f'{{"brin":{string(s.brin)},"brin_volgnummer":{string(s.brin_volgnummer)},'
        f'"naam":{optional(s.naam)},"bevoegd_gezag":{string(s.bevoegd_gezag)}}}'
        for s in schools
    )
    return (
        f'{{"registration_number":{string(number)},"state":{string(state)},'
        f'"public_label":{optional(PUBLIC_LABELS.get(state))},'
        f'"voorletters":{string(voorletters)},"tussenvoegsel":{string(tussenvoegsel)},'
        f'"achternaam":{string(achternaam)},"sectors":[{",".join(map(string, sectors))}],'
        f'"schools":[{school_list}],"qualified":{"true" if qualified else "false"},'
        f'"period_start":{day(period_start)},"period_end":{day(period_end)},'
        f'"updated_at":{updated_at}}}'
    ).encode()


def contact(
    number: str,
    voorletters: str,
    tussenvoegsel: str,
    achternaam: str,
    email: str | None,
    language: str,
) -> bytes:
    """ContactV1."""
    return (
        f'{{"registration_number":{string(number)},"voorletters":{string(voorletters)},'
        f'"tussenvoegsel":{string(tussenvoegsel)},"achternaam":{string(achternaam)},'
        f'"email":{optional(email)},"language":{string(language)}}}'
    ).encode()
