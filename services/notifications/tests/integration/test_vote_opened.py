"""An open vote is mailed once per teacher and vote, in her language, with a link to the
portal's votes page; a redelivered invitation sends nothing more."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from lr_notifications.domain.occasions import notification_id
from lr_tools.testing import eventually

pytestmark = pytest.mark.integration

BASE_URL = "https://lerarenregister.test"
SUBJECTS = {
    "nl": "Stem over de beoordelingscriteria van het Lerarenregister",
    "en": "Vote on the assessment criteria of the Teachers' Register",
}
CLOSING = {"nl": "15 januari 2027", "en": "15 January 2027"}


def text_of(message: Any) -> str:
    return str(message.get_body(("plain",)).get_content())


def html_of(message: Any) -> str:
    return str(message.get_body(("html",)).get_content())


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_an_invitation_and_its_redelivery_send_one_mail_in_the_teachers_language(
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
    vote_id = uuid.uuid4()
    # 23:30 UTC on the 14th is the 15th in Amsterdam: the day the teacher reads.
    closes_at = datetime(2027, 1, 14, 23, 30, tzinfo=UTC)
    await registry.contact(number, email=address, language=language)
    ce_id = await registry.vote_invitation(number, vote_id, closes_at)

    async def one_arrived() -> bool:
        return len(mailbox.to(address)) == 1

    assert await eventually(one_arrived, timeout=60)
    # The same message again (a redelivery), and the same invitation under a new event id.
    await registry.vote_invitation(number, vote_id, closes_at, ce_id=ce_id)
    await registry.vote_invitation(number, vote_id, closes_at)
    # A second vote is a second mail; once it is in, the repeats before it were handled.
    other_vote = uuid.uuid4()
    await registry.vote_invitation(number, other_vote, closes_at)

    async def both_sent() -> bool:
        counts = await stats()
        return (
            len(mailbox.to(address)) >= 2
            and counts["per_kind"].get("vote-opened", {}).get("sent") == 2
        )

    assert await eventually(both_sent, timeout=60)
    messages = mailbox.to(address)
    assert len(messages) == 2
    keys = [f"vote-opened:{vote_id}", f"vote-opened:{other_vote}"]
    assert sorted(m["Message-ID"] for m in messages) == sorted(
        f"<{notification_id(number, key)}@lerarenregister.nl>" for key in keys
    )
    rows = await database.fetch(
        "select notification_key, kind, status from notifications where registration_number = $1",
        number,
    )
    assert sorted(tuple(row) for row in rows) == sorted((k, "vote-opened", "sent") for k in keys)
    for message in messages:
        assert message["Subject"] == SUBJECTS[language]
        assert message["Content-Language"] == language
        text, html = text_of(message), html_of(message)
        assert f"{BASE_URL}/stemmen" in text
        assert f'href="{BASE_URL}/stemmen"' in html
        assert CLOSING[language] in text
        assert "van der Jansen" in text
