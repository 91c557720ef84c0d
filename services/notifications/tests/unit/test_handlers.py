"""Handlers and the sender against in-memory ports."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from lr_notifications.application.handlers import (
    ContactChange,
    ErasureRequest,
    handle_contacts,
    handle_erasure_requests,
    handle_events,
)
from lr_notifications.domain.contacts import Contact, ContactRemoved
from lr_notifications.domain.delivery import SendResult
from lr_notifications.domain.occasions import RegistryEvent

NOW = datetime(2026, 8, 1, 9, 0, tzinfo=UTC)
NUMBER = "LR00000042"


def invited(message_id: str = "e1", key: str = "teacher-invited") -> RegistryEvent:
    return RegistryEvent(message_id, "teacher-invited", NUMBER, key, NOW)


def contact(email: str | None = "t@example.org") -> ContactChange:
    return ContactChange(str(uuid.uuid4()), Contact(NUMBER, "J.", "", "Jansen", email))


def statuses(store: Any) -> list[str]:
    return [row.status for row in store.rows.values()]


async def test_an_event_without_contact_waits_and_is_released_by_the_contact(
    uow_factory: Any, store: Any, dead_letters: Any
) -> None:
    await handle_events(uow_factory, [invited()], dead_letters, NOW)
    assert statuses(store) == ["awaiting_contact"]
    await handle_contacts(uow_factory, [contact()], NOW)
    assert statuses(store) == ["pending"]


async def test_a_redelivered_or_repeated_occasion_adds_no_second_notification(
    uow_factory: Any, store: Any, dead_letters: Any
) -> None:
    await handle_events(uow_factory, [invited("e1")], dead_letters, NOW)
    await handle_events(uow_factory, [invited("e1"), invited("e2")], dead_letters, NOW)
    assert len(store.rows) == 1


async def test_two_answered_correction_requests_are_two_notifications_and_a_repeat_none(
    uow_factory: Any, store: Any, dead_letters: Any
) -> None:
    def answered(message_id: str, request_id: str) -> RegistryEvent:
        key = f"correction-answered:{request_id}"
        return RegistryEvent(message_id, "correction-answered", NUMBER, key, NOW)

    await handle_contacts(uow_factory, [contact()], NOW)
    await handle_events(uow_factory, [answered("e1", "r1")], dead_letters, NOW)
    # Redelivered, announced again under another event id, and a second request answered.
    await handle_events(
        uow_factory, [answered("e1", "r1"), answered("e2", "r1"), answered("e3", "r2")],
        dead_letters, NOW,
    )  # fmt: skip
    rows = sorted(store.rows.values(), key=lambda row: row.key)
    assert [(row.kind, row.key, row.status) for row in rows] == [
        ("correction-answered", "correction-answered:r1", "pending"),
        ("correction-answered", "correction-answered:r2", "pending"),
    ]


async def test_nul_characters_in_a_contact_are_dropped_so_the_batch_can_be_stored(
    uow_factory: Any, store: Any
) -> None:
    # PostgreSQL text cannot hold them: the batch would fail, be retried for ever, and log the
    # name with every failed statement.
    change = Contact(NUMBER, "J.\x00", "van\x00", "Jans\x00en", "t@exa\x00mple.org")
    await handle_contacts(uow_factory, [ContactChange("c1", change)], NOW)
    stored = store.contacts[NUMBER]
    assert (stored.full_name, stored.email) == ("J. van Jansen", None)


async def test_the_last_version_of_a_contact_in_a_batch_wins(
    uow_factory: Any, store: Any, dead_letters: Any
) -> None:
    await handle_events(uow_factory, [invited()], dead_letters, NOW)
    removed = ContactChange("t1", ContactRemoved(NUMBER))
    await handle_contacts(uow_factory, [contact(), removed, contact(email=None)], NOW)
    assert store.contacts[NUMBER].email is None
    assert statuses(store) == ["no_address"]


async def test_an_erasure_without_address_is_confirmed_at_once_and_cancels_waiting_mail(
    uow_factory: Any, store: Any, dead_letters: Any
) -> None:
    await handle_events(uow_factory, [invited()], dead_letters, NOW)
    request = ErasureRequest("r1", uuid.uuid4(), NUMBER, NOW)
    await handle_erasure_requests(uow_factory, [request], NOW)
    assert statuses(store) == ["cancelled"]
    assert [c.request_id for c in store.confirmations] == [request.request_id]
    await handle_contacts(uow_factory, [contact()], NOW)
    await handle_events(uow_factory, [invited("e2", key="other")], dead_letters, NOW)
    assert store.contacts == {}
    assert statuses(store) == ["cancelled"]


async def test_the_sender_retries_a_temporary_failure_and_records_the_address_on_success(
    uow_factory: Any, store: Any, dead_letters: Any, mailer: Any, make_sender: Any
) -> None:
    clock = [NOW]
    sender = make_sender(lambda: clock[0])
    mailer.script = [SendResult("temporary", 451, "later")]
    await handle_contacts(uow_factory, [contact()], NOW)
    await handle_events(uow_factory, [invited()], dead_letters, NOW)
    await run_once(sender)
    [row] = store.rows.values()
    assert (row.status, row.attempts) == ("pending", 1)
    assert row.next_attempt_at > NOW
    clock[0] = NOW + timedelta(seconds=11)
    await run_once(sender)
    assert (row.status, row.attempts, row.recipient) == ("sent", 2, "t@example.org")
    assert len(mailer.sent) == 1


async def test_the_erasure_notice_is_sent_before_the_contact_is_erased_and_confirmed(
    uow_factory: Any, store: Any, mailer: Any, make_sender: Any
) -> None:
    sender = make_sender(lambda: NOW)
    await handle_contacts(uow_factory, [contact()], NOW)
    await handle_erasure_requests(
        uow_factory, [ErasureRequest("r1", uuid.uuid4(), NUMBER, NOW)], NOW
    )
    assert store.confirmations == []
    await run_once(sender)
    assert [m.subject for m in mailer.sent] == [
        "Uw gegevens worden verwijderd uit het Lerarenregister"
    ]
    assert len(store.confirmations) == 1
    assert store.contacts == {}
    assert all(row.recipient is None for row in store.rows.values())


async def test_a_mail_in_flight_at_the_erasure_request_is_not_retried_to_the_erased_teacher(
    uow_factory: Any, store: Any, dead_letters: Any, mailer: Any, make_sender: Any
) -> None:
    import asyncio

    clock = [NOW]
    sender = make_sender(lambda: clock[0])
    later = SendResult("temporary", 451, "later")
    mailer.script = [later, later]
    await handle_contacts(uow_factory, [contact()], NOW)
    await handle_events(uow_factory, [invited()], dead_letters, NOW)
    await sender.claim_once()  # the invitation is handed to a worker ...
    await handle_erasure_requests(  # ... when the teacher asks to be erased
        uow_factory, [ErasureRequest("r1", uuid.uuid4(), NUMBER, NOW)], NOW
    )
    worker = asyncio.create_task(sender.work())
    await sender.drained()  # the server answers 451 to the invitation
    worker.cancel()
    await run_once(sender)  # and to the erasure notice
    clock[0] = NOW + timedelta(minutes=5)
    await run_once(sender)
    clock[0] = NOW + timedelta(hours=1)
    await run_once(sender)
    assert [m.subject for m in mailer.sent] == [
        "Uw gegevens worden verwijderd uit het Lerarenregister"
    ]
    assert len(store.confirmations) == 1
    assert sorted(statuses(store)) == ["cancelled", "sent"]


async def test_mails_are_not_given_up_while_the_mail_server_is_unreachable(
    uow_factory: Any, store: Any, dead_letters: Any, mailer: Any, make_sender: Any
) -> None:
    clock = [NOW]
    sender = make_sender(lambda: clock[0])
    down = SendResult("temporary", None, "ConnectionRefusedError", connection_lost=True)
    mailer.script = [down] * 20  # a night without a mail server: more tries than the maximum
    await handle_contacts(uow_factory, [contact()], NOW)
    await handle_events(uow_factory, [invited()], dead_letters, NOW)
    for hour in range(21):
        clock[0] = NOW + timedelta(hours=hour)
        await run_once(sender)
    [row] = store.rows.values()
    assert (row.status, row.attempts) == ("sent", 21)
    assert len(mailer.sent) == 1


async def run_once(sender: Any) -> None:
    """Claim, send and record one round without the background loop."""
    import asyncio

    worker = asyncio.create_task(sender.work())
    await sender.claim_once()
    await sender.drained()
    worker.cancel()
