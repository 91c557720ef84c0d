"""An erased teacher gets the erasure notice, then nothing more; the service confirms."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from lr_notifications.application.handlers import (
    ContactChange,
    ErasureRequest,
    handle_contacts,
    handle_erasure_requests,
)
from lr_notifications.bootstrap import bootstrap
from lr_notifications.domain.contacts import Contact, ContactRemoved
from lr_notifications.entrypoints.app import MIGRATIONS
from lr_notifications.settings import Settings
from lr_shared.cloudevents import decode
from lr_shared.contracts import topics
from lr_shared.contracts.privacy import ErasureConfirmationV1
from lr_shared.db import run_migrations
from lr_shared.runtime import Platform
from lr_tools.testing import consume, eventually

pytestmark = pytest.mark.integration


async def confirmations(kafka_bootstrap: str, suffix: str, count: int) -> list[Any]:
    records = await consume(
        kafka_bootstrap, f"lr.privacy.erasure-confirmations.v1{suffix}", count=count, timeout=60
    )
    return [decode(r.value, r.headers, ErasureConfirmationV1).data for r in records]


async def test_an_erased_teacher_is_notified_once_then_never_mailed_and_erasure_is_confirmed(
    service: Any, registry: Any, mailbox: Any, new_number: Any, database: Any,
    kafka_bootstrap: str,
) -> None:  # fmt: skip
    number = new_number()
    address = f"{number.lower()}@example.org"
    await registry.contact(number, email=address, language="en")
    await registry.event(number, "teacher-invited")

    async def invited() -> bool:
        return len(mailbox.to(address)) == 1

    assert await eventually(invited, timeout=60)
    request_id = await registry.erasure_request(number)
    [confirmation] = await confirmations(kafka_bootstrap, registry.suffix, 1)
    assert (confirmation.request_id, confirmation.registration_number) == (request_id, number)
    assert confirmation.service == "notifications"
    notices = [m for m in mailbox.to(address) if "erased" in m["Subject"]]
    assert len(notices) == 1
    plain = notices[0].get_body(("plain",))
    assert plain is not None
    assert "https://lerarenregister.test/mijn-registratie/privacy/status" in plain.get_content()

    # Personal data is gone from our records.
    assert await database.fetchval("select count(*) from contacts") == 0
    assert (
        await database.fetchval("select count(*) from notifications where recipient is not null")
        == 0
    )

    # A later event and a stale contact for the teacher mail nothing.
    ce_id = await registry.event(number, "invitation-reminder")
    await registry.contact(number, email=address)

    async def handled() -> bool:
        found = await database.fetchval("select count(*) from inbox where message_id = $1", ce_id)
        return bool(found)

    assert await eventually(handled, timeout=60)
    await asyncio.sleep(1)
    assert len(mailbox.to(address)) == 2
    assert await database.fetchval("select count(*) from contacts") == 0


async def test_an_erasure_without_a_known_address_cancels_waiting_mails_and_confirms(
    service: Any, registry: Any, mailbox: Any, new_number: Any, database: Any, stats: Any,
    kafka_bootstrap: str,
) -> None:  # fmt: skip
    number = new_number()
    await registry.event(number, "teacher-invited")

    async def waiting() -> bool:
        return bool((await stats())["awaiting_contact"] == 1)

    assert await eventually(waiting, timeout=60)
    request_id = await registry.erasure_request(number)
    [confirmation] = await confirmations(kafka_bootstrap, registry.suffix, 1)
    assert confirmation.request_id == request_id
    assert (await stats())["cancelled"] == 1
    ce_id = await registry.contact(number, email=f"{number.lower()}@example.org")

    async def handled() -> bool:
        found = await database.fetchval("select count(*) from inbox where message_id = $1", ce_id)
        return bool(found)

    assert await eventually(handled, timeout=60)
    await asyncio.sleep(1)
    assert mailbox.all() == []
    assert await database.fetchval("select count(*) from contacts") == 0


async def test_an_erasure_notice_goes_ahead_when_the_contact_is_removed_before_it_is_sent(
    make_settings: Callable[..., Settings], database: Any, new_number: Any, mailbox: Any
) -> None:
    """The registry's contact tombstone and its erasure request travel on two topics, so the
    tombstone may come after the request has planned the notice and before the sender claims
    it. The notice never waits for a contact: the erasure goes ahead without a mail."""
    settings = make_settings()
    await run_migrations(MIGRATIONS, settings.database_url)
    platform = Platform.create(settings)
    container = bootstrap(platform, settings)
    uow, sender = container.uow_factory, container.sender
    number, now = new_number(), datetime.now(UTC)
    try:
        address = f"{number.lower()}@example.org"
        known = Contact(number, "A.", "", "Jansen", address, "nl")
        await handle_contacts(uow, [ContactChange("contact-1", known)], now)
        request = ErasureRequest("erasure-1", uuid.uuid4(), number, now)
        await handle_erasure_requests(uow, [request], now)
        await handle_contacts(uow, [ContactChange("contact-2", ContactRemoved(number))], now)

        assert await sender.claim_once() == 1
        await sender.drained()
    finally:
        await container.mailer.close()
        await platform.engine.dispose()

    assert mailbox.to(address) == []
    assert await database.fetchval(
        "select completed_at is not null from erasure_requests where request_id = $1",
        request.request_id,
    )
    assert (
        await database.fetchval(
            "select status from notifications where registration_number = $1", number
        )
        == "no_address"
    )
    confirmations_topic = settings.topic(topics.PRIVACY_ERASURE_CONFIRMATIONS.name)
    assert (
        await database.fetchval("select count(*) from outbox where topic = $1", confirmations_topic)
        == 1
    )


async def test_an_erasure_by_the_retention_rule_mails_no_notice_and_confirms(
    service: Any, registry: Any, mailbox: Any, new_number: Any, database: Any,
    kafka_bootstrap: str,
) -> None:  # fmt: skip
    """Deregistered four years ago: erased without a notice saying she asked for it."""
    number = new_number()
    address = f"{number.lower()}@example.org"
    await registry.contact(number, email=address, language="en")
    await registry.event(number, "teacher-invited")

    async def invited() -> bool:
        return len(mailbox.to(address)) == 1

    assert await eventually(invited, timeout=60)
    request_id = await registry.erasure_request(number, asked_by_teacher=False)
    [confirmation] = await confirmations(kafka_bootstrap, registry.suffix, 1)
    assert (confirmation.request_id, confirmation.registration_number) == (request_id, number)
    assert await database.fetchval("select count(*) from contacts") == 0
    await asyncio.sleep(1)  # a notice, had one been queued, would have gone by now
    assert len(mailbox.to(address)) == 1  # the invitation, and no erasure notice
