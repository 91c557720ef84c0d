"""Hand-written JSON for the three contracts a national delivery produces per new teacher
(RegistryEventV1, RegistrationV1, ContactV1).

Building pydantic models and dumping them cost more per teacher than the rest of the hot path;
these functions write the same bytes directly. `tests/unit/test_encoding.py` checks them byte for
byte against `model_dump_json` (and `lr_shared.cloudevents.encode`); a contract change that is
not mirrored here fails those tests.

The JSON helpers and the envelope are lr_shared.encoding's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from lr_shared.contracts.registry import PUBLIC_LABELS
from lr_shared.encoding import day, optional, string


class SchoolJson(NamedTuple):
    brin: str
    brin_volgnummer: str
    naam: str | None
    bevoegd_gezag: str


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
