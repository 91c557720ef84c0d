"""Each occasion is mailed once: redelivery, a second event for the same occasion, and events
that arrive before their contact."""

from __future__ import annotations

from typing import Any

import pytest

from lr_tools.testing import eventually

pytestmark = pytest.mark.integration


async def test_a_redelivered_event_sends_nothing_new(
    service: Any, registry: Any, mailbox: Any, new_number: Any
) -> None:
    number = new_number()
    address = f"{number.lower()}@example.org"
    await registry.contact(number, email=address)
    ce_id = await registry.event(number, "teacher-invited", key="teacher-invited")
    await registry.event(number, "teacher-invited", key="teacher-invited", ce_id=ce_id)
    # Another message announcing the same occasion, as a registry replaying its outbox would.
    await registry.event(number, "teacher-invited", key="teacher-invited")
    # Same key, so same partition: once this one is mailed, the ones before it were handled.
    await registry.event(number, "invitation-reminder", key="invitation-reminder")

    async def reminder_arrived() -> bool:
        return any("Herinnering" in m["Subject"] for m in mailbox.to(address))

    assert await eventually(reminder_arrived, timeout=60)
    subjects = sorted(m["Subject"] for m in mailbox.to(address))
    assert len(subjects) == 2
    assert sum("Herinnering" in s for s in subjects) == 1


async def test_an_event_before_its_contact_is_sent_when_the_contact_arrives(
    service: Any, registry: Any, mailbox: Any, new_number: Any, stats: Any
) -> None:
    number = new_number()
    address = f"{number.lower()}@example.org"
    await registry.event(number, "lapsed")

    async def waiting() -> bool:
        return bool((await stats())["awaiting_contact"] == 1)

    assert await eventually(waiting, timeout=60)
    assert mailbox.all() == []
    await registry.contact(number, email=address)

    async def arrived() -> bool:
        return len(mailbox.to(address)) == 1

    assert await eventually(arrived, timeout=60)

    async def recorded_as_sent() -> bool:
        return bool((await stats())["per_kind"]["lapsed"]["sent"] == 1)

    assert await eventually(recorded_as_sent, timeout=30)


async def test_a_contact_without_address_is_recorded_and_mailed_once_an_address_is_known(
    service: Any, registry: Any, mailbox: Any, new_number: Any, stats: Any, database: Any
) -> None:
    number = new_number()
    await registry.contact(number, email=None)
    await registry.event(number, "conditional")

    async def no_address() -> bool:
        return bool((await stats())["no_address"] == 1)

    assert await eventually(no_address, timeout=60)
    attempts = await database.fetchval(
        "select attempts from notifications where registration_number = $1", number
    )
    assert attempts == 0
    address = f"{number.lower()}@example.org"
    await registry.contact(number, email=address)

    async def arrived() -> bool:
        return len(mailbox.to(address)) == 1

    assert await eventually(arrived, timeout=60)

    async def recorded_as_sent() -> bool:
        # The server's 250 reaches the mailbox a moment before the outcome is recorded.
        counts = await stats()
        return bool((counts["sent"], counts["no_address"]) == (1, 0))

    assert await eventually(recorded_as_sent, timeout=30)


async def test_a_malformed_event_goes_to_the_dead_letter_topic(
    service: Any, registry: Any, mailbox: Any, new_number: Any, kafka_bootstrap: str
) -> None:
    from lr_tools.testing import consume

    number = new_number()
    await registry.contact(number, email=f"{number.lower()}@example.org")
    ce_id = await registry.event(number, "reregistration-due", key="reregistration-due:x")
    [record] = await consume(
        kafka_bootstrap, f"lr.registry.events.v1{registry.suffix}.dlq", count=1, timeout=60
    )
    headers = dict(record.headers)
    assert headers["ce_id"].decode() == ce_id
    assert b"moment" in headers["dlq_reason"]
    assert mailbox.all() == []


async def test_a_claim_left_by_a_crashed_sender_is_sent_once_after_its_lease(
    make_settings: Any, registry: Any, mailbox: Any, new_number: Any, database: Any
) -> None:
    from lr_notifications.entrypoints.app import create_app
    from lr_tools.testing import serve_in_process

    number = new_number()
    address = f"{number.lower()}@example.org"
    async with serve_in_process(create_app(make_settings(send_lease_seconds=2))):
        await registry.contact(number, email=address)

        async def stored() -> bool:
            return bool(await database.fetchval("select count(*) from contacts"))

        assert await eventually(stored, timeout=60)
        # What a sender leaves behind when it dies after claiming, before SMTP answered.
        await database.execute(
            "insert into notifications (id, registration_number, notification_key, kind, status,"
            " occurred_at, attempts, last_attempt_at, next_attempt_at, created_at, updated_at)"
            " values (gen_random_uuid(), $1, 'lapsed', 'lapsed', 'sending', now(), 1, now(),"
            " now() + interval '2 seconds', now(), now())",
            number,
        )

        async def arrived() -> bool:
            return len(mailbox.to(address)) == 1

        assert await eventually(arrived, timeout=60)
        row = await database.fetchrow(
            "select status, attempts from notifications where registration_number = $1", number
        )
        assert (row["status"], row["attempts"]) == ("sent", 2)
    assert len(mailbox.to(address)) == 1
