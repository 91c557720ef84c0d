"""An answered correction request is mailed once per request, without the answer itself."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from lr_notifications.domain.occasions import notification_id
from lr_tools.testing import eventually

pytestmark = pytest.mark.integration

BASE_URL = "https://lerarenregister.test"
SUBJECTS = {
    "nl": "Uw schoolbestuur heeft uw correctieverzoek beantwoord",
    "en": "Your school board has answered your correction request",
}
REASON = "Uw benoeming loopt volgens onze administratie tot 31 juli 2027."


def text_of(message: Any) -> str:
    return str(message.get_body(("plain",)).get_content())


def html_of(message: Any) -> str:
    return str(message.get_body(("html",)).get_content())


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_each_answered_request_is_mailed_once_in_the_teachers_language(
    service: Any,
    registry: Any,
    mailbox: Any,
    new_number: Any,
    stats: Any,
    database: Any,
    language: str,
) -> None:
    number = new_number()
    address = f"{number.lower()}@example.org"
    first, second = (f"correction-answered:{uuid.uuid4()}" for _ in range(2))
    await registry.contact(number, email=address, language=language)

    async def answered(key: str, ce_id: str | None = None) -> str:
        return str(
            await registry.event(
                number,
                "correction-answered",
                key=key,
                ce_id=ce_id,
                state="registered",
                reason=REASON,
            )
        )

    ce_id = await answered(first)

    async def one_arrived() -> bool:
        return len(mailbox.to(address)) == 1

    assert await eventually(one_arrived, timeout=60)
    # The same event delivered again, then the same request announced under another event id.
    await answered(first, ce_id=ce_id)
    await answered(first)
    # Another request of hers: same partition, so once it is mailed the repeats were handled.
    await answered(second)

    async def both_sent() -> bool:
        counts = await stats()
        return (
            len(mailbox.to(address)) >= 2
            and counts["per_kind"].get("correction-answered", {}).get("sent") == 2
        )

    assert await eventually(both_sent, timeout=60)
    messages = mailbox.to(address)
    assert len(messages) == 2
    assert sorted(m["Message-ID"] for m in messages) == sorted(
        f"<{notification_id(number, key)}@lerarenregister.nl>" for key in (first, second)
    )
    rows = await database.fetch(
        "select notification_key, kind, status from notifications"
        " where registration_number = $1 order by notification_key",
        number,
    )
    assert [tuple(row) for row in rows] == sorted(
        (key, "correction-answered", "sent") for key in (first, second)
    )
    for message in messages:
        assert message["Subject"] == SUBJECTS[language]
        assert message["Content-Language"] == language
        text, html = text_of(message), html_of(message)
        assert f"{BASE_URL}/mijn-registratie/correcties" in text
        assert f'href="{BASE_URL}/mijn-registratie/correcties"' in html
        # The board's answer stays behind sign-in.
        assert "31 juli 2027" not in text
        assert "31 juli 2027" not in html
