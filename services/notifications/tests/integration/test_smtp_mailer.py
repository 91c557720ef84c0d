"""The SMTP adapter against the real development sink: reply codes and connection trouble."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from lr_notifications.adapters.ratelimit import RateLimiter
from lr_notifications.adapters.smtp import SmtpConfig, SmtpMailer
from lr_notifications.application.ports import Mail

pytestmark = pytest.mark.integration


def mail() -> Mail:
    return Mail(uuid.uuid4(), "t@example.org", "Onderwerp", "Tekst", "<p>Tekst</p>", "nl")


async def test_a_new_connection_delivers_and_a_reused_one_survives_a_refusal(
    mail_sink: Any,
) -> None:
    mailer = SmtpMailer(SmtpConfig(mail_sink.host, mail_sink.port, pool_size=1), RateLimiter(0))
    try:
        assert (await mailer.send(mail())).verdict == "accepted"
        mail_sink.fail_next(1, 451)
        temporary = await mailer.send(mail())
        assert (temporary.verdict, temporary.code) == ("temporary", 451)
        mail_sink.fail_next(1, 550)
        permanent = await mailer.send(mail())
        assert (permanent.verdict, permanent.code) == ("permanent", 550)
        assert (await mailer.send(mail())).verdict == "accepted"
    finally:
        await mailer.close()
    assert mail_sink.received == 2


async def test_an_unreachable_server_is_a_temporary_failure_of_the_connection(
    mail_sink: Any,
) -> None:
    port = mail_sink.port
    await mail_sink.stop()
    mailer = SmtpMailer(SmtpConfig("127.0.0.1", port, timeout=2), RateLimiter(0))
    result = await mailer.send(mail())
    assert (result.verdict, result.connection_lost) == ("temporary", True)
