"""Appointments from intake become teachers and registrations."""

from __future__ import annotations

import base64
import json
from datetime import date

import pytest

from lr_registry.adapters.people import format_number
from lr_registry.application.publishing import Publisher
from lr_shared.bsn import BsnCipher
from lr_shared.contracts import topics

from .conftest import ENCRYPTION_KEY, START, Registry, appointment, random_bsn

pytestmark = pytest.mark.integration


async def test_a_teacher_with_several_boards_is_one_registration(registry: Registry) -> None:
    bsn = random_bsn()
    await registry.deliver(
        appointment(bsn, bevoegd_gezag="41234", brin="12AB"),
        appointment(
            bsn,
            bevoegd_gezag="55555",
            brin="34CD",
            qualified=False,
            onderwijsterrein="rekenen",
            benoeming_einddatum=date(2027, 7, 31),
        ),
    )
    number = await registry.number_of(bsn)
    await registry.until(
        "select count(*) from appointments where registration_number = $1", number, expected=2
    )
    assert number.startswith("LR")
    assert len(number) == 10
    assert await registry.value("select count(*) from teachers") == 1
    assert (
        await registry.value(
            "select state from registrations where registration_number = $1", number
        )
        == "pending_confirmation"
    )
    encrypted = await registry.value("select bsn_encrypted from teachers")
    assert bsn.encode() not in encrypted
    assert BsnCipher(base64.b64decode(ENCRYPTION_KEY)).decrypt(encrypted) == bsn

    events = await registry.events(number, 1)
    assert [e["notification_key"] for e in events] == ["teacher-invited"]
    contacts = await registry.messages(topics.REGISTRY_CONTACTS, 1)
    assert [r.key for r in contacts] == [number.encode()]
    registrations = await registry.messages(topics.REGISTRY_REGISTRATIONS, 1)
    assert registrations[-1].key == number.encode()
    assert bsn.encode() not in registrations[-1].value
    assert b"1985-03-14" not in registrations[-1].value


async def test_redelivery_changes_nothing(registry: Registry) -> None:
    bsn = random_bsn()
    first = appointment(bsn)
    await registry.deliver(first, same_id="fixed-id-1")
    number = await registry.number_of(bsn)
    await registry.events(number, 1)
    before = await registry.rows(
        "select (select count(*) from history) h, (select count(*) from appointments) a, "
        "(select max(updated_at) from appointments) u, (select count(*) from notifications) n"
    )
    # The same message again (same ce_id), and the same content in a new message.
    await registry.deliver(first, same_id="fixed-id-1")
    await registry.deliver(first)
    marker = random_bsn()
    await registry.deliver(appointment(marker))
    await registry.number_of(marker)
    after = await registry.rows(
        "select (select count(*) from history where registration_number = $1) h, "
        "(select count(*) from appointments where registration_number = $1) a, "
        "(select max(updated_at) from appointments where registration_number = $1) u, "
        "(select count(*) from notifications where registration_number = $1) n",
        number,
    )
    assert tuple(after[0]) == tuple(before[0])
    assert await registry.value("select count(*) from teachers") == 2
    events = await registry.events(number, 2, timeout=4)
    assert [e["kind"] for e in events] == ["teacher-invited"]


async def test_a_changed_end_date_is_applied_and_no_active_appointment_deregisters(
    registry: Registry,
) -> None:
    bsn = random_bsn()
    await registry.deliver(appointment(bsn, benoeming_einddatum=date(2027, 7, 31)))
    number = await registry.number_of(bsn)
    await registry.deliver(appointment(bsn, benoeming_einddatum=date(2026, 7, 31)))
    await registry.until(
        "select state from registrations where registration_number = $1",
        number,
        expected="deregistered",
    )
    assert await registry.value("select benoeming_einddatum from appointments") == date(2026, 7, 31)
    reasons = await registry.rows(
        "select to_state, reason from history where registration_number = $1 order by id", number
    )
    assert [r["to_state"] for r in reasons] == ["pending_confirmation", "deregistered"]
    kinds = [e["kind"] for e in await registry.events(number, 2)]
    assert kinds == ["teacher-invited", "deregistered"]


def test_registration_numbers_are_lr_and_eight_digits() -> None:
    assert format_number(42) == "LR00000042"


async def test_a_new_teachers_registration_message_is_what_the_database_holds(
    registry: Registry,
) -> None:
    """A new teacher's RegistrationV1 is built from the batch in memory; it must say what the
    snapshot read back from the database says (schools, names, sectors, qualification)."""
    await registry.rows(
        "insert into schools (brin, brin_volgnummer, naam, plaats, bevoegd_gezag, sector) "
        "values ('34CD', '01', 'De Regenboog', 'Utrecht', '55555', 'VO')"
    )
    bsn = random_bsn()
    await registry.deliver(
        appointment(bsn, brin="34CD", brin_volgnummer="01", bevoegd_gezag="55555", sector="VO"),
        appointment(
            bsn,
            brin="12AB",
            benoemingsgrondslag="PO-ONB",
            qualified=False,
            onderwijsterrein="rekenen",
            benoeming_einddatum=date(2027, 7, 31),
        ),
        appointment(bsn, brin="12AB", benoemingsgrondslag="PO-BEV", bevoegd_gezag="41234"),
        appointment(bsn, brin="56EF", benoeming_einddatum=date(2026, 1, 31)),  # ended
    )
    number = await registry.number_of(bsn)
    await registry.until(
        "select count(*) from appointments where registration_number = $1", number, expected=4
    )
    published = [
        json.loads(r.value)
        for r in await registry.messages(topics.REGISTRY_REGISTRATIONS, 1)
        if r.key == number.encode()
    ]
    async with registry.container.uow() as uow:
        [snapshot] = await uow.registrations.snapshots([number], START.date())
    row = Publisher().registration(snapshot, START)
    assert row.value is not None
    assert published[-1] == json.loads(row.value)
    assert [s["naam"] for s in published[-1]["schools"]] == [None, "De Regenboog"]
    assert published[-1]["sectors"] == ["PO", "VO"]
