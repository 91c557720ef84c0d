"""The service killed for real (a failpoint ends the process at once, as `kill -9` would) while
it mails a batch of invitations, then started again: every mail is received, and only a mail
whose SMTP transaction was under way at the kill can be received twice, at most one per SMTP
connection, with the same Message-ID both times."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from lr_shared import failpoints
from lr_tools.testing import eventually

pytestmark = pytest.mark.integration

POOL = 4  # SMTP connections, so sending workers
LEASE = 3  # seconds: a mail claimed by the killed process is sent again this soon after


async def invite(registry: Any, new_number: Any, count: int) -> list[str]:
    numbers = [new_number() for _ in range(count)]
    for number in numbers:
        await registry.contact(number, email=f"{number.lower()}@example.org")
    for number in numbers:
        await registry.event(number, "teacher-invited", key="teacher-invited")
    return numbers


async def all_sent(database: Any, count: int) -> bool:
    sent = await database.fetchval("select count(*) from notifications where status = 'sent'")
    return bool(sent == count)


async def message_ids(database: Any) -> dict[str, str]:
    """Each notification's Message-ID, by the address it went to."""
    rows = await database.fetch("select id, recipient from notifications")
    return {row["recipient"]: f"<{row['id']}@lerarenregister.nl>" for row in rows}


async def test_a_kill_after_a_send_mails_at_most_one_mail_per_smtp_connection_twice(
    start_service: Any, registry: Any, mailbox: Any, database: Any, new_number: Any
) -> None:
    count = 48
    await invite(registry, new_number, count)
    settings = {"smtp_pool_size": POOL, "send_lease_seconds": LEASE}
    killed = start_service(**settings, failpoints="smtp.after-send:20")
    assert await killed.exited(timeout=120) == failpoints.EXIT_CODE, killed.output()
    received_before = len(mailbox.all())
    assert 20 <= received_before < count  # it died mid-batch, the 20th mail with the server

    again = start_service(**settings)
    assert await eventually(lambda: all_sent(database, count), timeout=120), again.output()
    again.stop()

    expected = await message_ids(database)
    received = mailbox.all()
    copies = Counter(m["Message-ID"] for m in received)
    assert set(copies) == set(expected.values())  # every invitation arrived
    twice = sorted(mid for mid, n in copies.items() if n > 1)
    assert max(copies.values()) == 2
    # The mail the kill came after is sent again; so, at most, is one more per connection.
    assert 1 <= len(twice) <= POOL
    # A copy sent again carries the Message-ID of the first, so a receiver can drop it.
    for message in received:
        assert message["Message-ID"] == expected[message["To"]]
    attempts = await database.fetch(
        "select attempts from notifications where '<' || id || '@lerarenregister.nl>' = any($1)",
        twice,
    )
    assert [row["attempts"] for row in attempts] == [2] * len(twice)


async def test_kills_outside_an_smtp_transaction_mail_nothing_twice(
    start_service: Any, registry: Any, mailbox: Any, database: Any, new_number: Any
) -> None:
    count = 24
    await invite(registry, new_number, count)
    settings = {"smtp_pool_size": POOL, "send_lease_seconds": LEASE}
    # First the first consumed batch is committed but its offsets are not (it comes again);
    # then the next process claims mails and dies before it sends any (they wait for the lease).
    for failpoint in ("consumer.before-offset-commit", "sender.after-claim"):
        killed = start_service(**settings, failpoints=failpoint)
        assert await killed.exited(timeout=120) == failpoints.EXIT_CODE, killed.output()
        assert mailbox.all() == []

    again = start_service(**settings)
    assert await eventually(lambda: all_sent(database, count), timeout=120), again.output()
    again.stop()

    copies = Counter(m["Message-ID"] for m in mailbox.all())
    assert set(copies) == set((await message_ids(database)).values())
    assert set(copies.values()) == {1}
