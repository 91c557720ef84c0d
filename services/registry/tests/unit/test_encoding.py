"""Contract tests: the hand-written JSON of the hot path equals what the pydantic contracts and
lr_shared.cloudevents write, byte for byte."""

from __future__ import annotations

from datetime import date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from lr_registry.application.ports import Contact, SchoolRef, Snapshot
from lr_registry.application.publishing import Publisher
from lr_registry.domain.model import Notice
from lr_shared.cloudevents import decode
from lr_shared.contracts.registry import (
    PUBLIC_LABELS,
    ContactV1,
    RegistrationV1,
    RegistryEventV1,
    SchoolRefV1,
)
from lr_tools.strategies import NOW, moments, names

STATES = ["pending_confirmation", "registered", "pre_registered", "conditional", "lapsed"]
dates = st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1)))


@settings(max_examples=200, deadline=None)
@given(
    number=st.from_regex(r"^LR[0-9]{8}$", fullmatch=True),
    state=st.sampled_from(STATES),
    key=names,
    period_end=dates,
    moment=st.sampled_from([None, "6m", "12w"]),
    reason=st.one_of(st.none(), names),
    now=moments,
)
def test_registry_events_are_the_contracts_json(
    number: str,
    state: str,
    key: str,
    period_end: date | None,
    moment: str | None,
    reason: str | None,
    now: datetime,
) -> None:
    publisher = Publisher(".t")
    notice = Notice("reregistration-due", key, period_end, moment, reason)  # type: ignore[arg-type]
    row = publisher.event(number, state, notice, now)  # type: ignore[arg-type]
    value, headers = row.value, row.record_headers()
    assert value is not None
    event = decode(value, headers, RegistryEventV1)
    expected = RegistryEventV1(
        event_id=event.data.event_id,
        kind="reregistration-due",
        registration_number=number,
        state=state,  # type: ignore[arg-type]
        occurred_at=now,
        notification_key=key,
        period_end=period_end,
        moment=moment,  # type: ignore[arg-type]
        reason=reason,
    )
    assert value == expected.model_dump_json().encode()
    assert (row.topic, row.key) == ("lr.registry.events.v1.t", number.encode())
    assert event.subject == number
    assert event.type == "nl.lerarenregister.registry.reregistration-due"
    assert event.time == now


school_refs = st.lists(
    st.builds(
        SchoolRef,
        brin=st.from_regex(r"^[0-9]{2}[A-Z]{2}$", fullmatch=True),
        brin_volgnummer=st.sampled_from(["00", "01", ""]),
        naam=st.one_of(st.none(), names),
        bevoegd_gezag=st.from_regex(r"^[0-9]{5}$", fullmatch=True),
        sector=st.sampled_from(["PO", "VO", "MBO"]),
        qualified=st.booleans(),
        benoemingsgrondslag=st.sampled_from(["PO-BEV", "PO-ONB"]),
    ),
    max_size=4,
)


@settings(max_examples=200, deadline=None)
@given(
    state=st.sampled_from(STATES),
    voorletters=names,
    tussenvoegsel=names,
    achternaam=names,
    start=dates,
    end=dates,
    qualified=st.booleans(),
    schools=school_refs,
    now=moments,
)
def test_registrations_are_the_contracts_json(
    state: str,
    voorletters: str,
    tussenvoegsel: str,
    achternaam: str,
    start: date | None,
    end: date | None,
    qualified: bool,
    schools: list[SchoolRef],
    now: datetime,
) -> None:
    ordered = tuple(sorted(schools, key=lambda s: (s.brin, s.brin_volgnummer)))
    snapshot = Snapshot(
        "LR00000001",
        state,
        voorletters,
        tussenvoegsel,
        achternaam,
        start,
        end,  # type: ignore[arg-type]
        qualified,
        ordered,
    )
    row = Publisher().registration(snapshot, now)
    value, headers = row.value, row.record_headers()
    assert value is not None
    first: dict[tuple[str, str], SchoolRef] = {}
    for s in ordered:
        first.setdefault((s.brin, s.brin_volgnummer), s)
    expected = RegistrationV1(
        registration_number="LR00000001",
        state=state,  # type: ignore[arg-type]
        public_label=PUBLIC_LABELS.get(state),
        voorletters=voorletters,
        tussenvoegsel=tussenvoegsel,
        achternaam=achternaam,
        sectors=sorted({s.sector for s in ordered}),
        schools=[
            SchoolRefV1(
                brin=s.brin,
                brin_volgnummer=s.brin_volgnummer,
                naam=s.naam,
                bevoegd_gezag=s.bevoegd_gezag,
            )
            for _, s in sorted(first.items())
        ],
        qualified=qualified,
        period_start=start,
        period_end=end,
        updated_at=now,
    )
    assert value == expected.model_dump_json().encode()
    assert decode(value, headers, RegistrationV1).data == expected


@settings(max_examples=200, deadline=None)
@given(
    voorletters=names,
    tussenvoegsel=names,
    achternaam=names,
    email=st.one_of(st.none(), st.emails()),
    language=st.sampled_from(["nl", "en", "de"]),
)
def test_contacts_are_the_contracts_json(
    voorletters: str, tussenvoegsel: str, achternaam: str, email: str | None, language: str
) -> None:
    contact = Contact("LR00000002", voorletters, tussenvoegsel, achternaam, email, language)
    row = Publisher().contact(contact, NOW)
    value, headers = row.value, row.record_headers()
    assert value is not None
    expected = ContactV1.model_construct(
        registration_number="LR00000002",
        voorletters=voorletters,
        tussenvoegsel=tussenvoegsel,
        achternaam=achternaam,
        email=email,
        language="en" if language == "en" else "nl",
    )
    assert value == expected.model_dump_json().encode()
    assert decode(value, headers, ContactV1).data.language == expected.language
