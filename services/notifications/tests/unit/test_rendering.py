"""Every mail kind renders in Dutch and English into a well-formed MIME message."""

from __future__ import annotations

import email.parser
import email.policy
import uuid
from datetime import UTC, date, datetime

import aiosmtplib
import pytest

from lr_notifications.adapters.mime import build_message
from lr_notifications.adapters.smtp import classify
from lr_notifications.adapters.templates import JinjaRenderer
from lr_notifications.application.ports import DueNotification
from lr_notifications.domain.contacts import Contact
from lr_notifications.domain.occasions import MAIL_KINDS

RENDERER = JinjaRenderer("https://register.test/")


def due(kind: str, contact: Contact) -> DueNotification:
    return DueNotification(
        uuid.uuid4(), contact.registration_number, kind, 1,  # type: ignore[arg-type]
        datetime.now(UTC), date(2030, 8, 1), "6m", contact,
    )  # fmt: skip


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("kind", MAIL_KINDS)
def test_every_kind_renders_a_parseable_message_with_name_and_link(
    kind: str, language: str
) -> None:
    contact = Contact("LR00000001", "A.B.", "van 't", "Hof", "a@example.org", language)  # type: ignore[arg-type]
    mail = RENDERER.render(due(kind, contact), contact)
    raw = build_message(mail, sender="LR <noreply@register.test>", domain="register.test", date="x")
    message = email.parser.BytesParser(policy=email.policy.default).parsebytes(raw)
    assert message["Subject"] == mail.subject
    assert message["Message-ID"] == f"<{mail.notification_id}@register.test>"
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "A.B. van 't Hof" in text
    assert "https://register.test/" in text
    assert message.get_body(("html",)) is not None
    assert not message.defects


def test_reply_codes_decide_temporary_or_permanent() -> None:
    assert classify(aiosmtplib.SMTPDataError(451, "later")).verdict == "temporary"
    assert classify(aiosmtplib.SMTPDataError(550, "no")).verdict == "permanent"
    lost = classify(aiosmtplib.SMTPConnectError("refused"))
    assert (lost.verdict, lost.connection_lost) == ("temporary", True)


def test_server_replies_are_recorded_without_the_address() -> None:
    result = classify(aiosmtplib.SMTPDataError(550, "5.1.1 <a.b@example.org> unknown"))
    assert "example.org" not in result.detail
