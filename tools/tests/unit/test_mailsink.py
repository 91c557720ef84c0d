"""The SMTP sink, run in-process on a free port."""

from __future__ import annotations

import asyncio
import smtplib
import uuid
from collections.abc import AsyncIterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from lr_tools.mailsink import MailSink


@pytest.fixture
async def sink(tmp_path: Path) -> AsyncIterator[MailSink]:
    sink = MailSink(host="127.0.0.1", port=0, directory=tmp_path / "mail")
    await sink.start()
    yield sink
    await sink.stop()


def _message(subject: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "register@example.org"
    message["To"] = "docent@example.org"
    message["Subject"] = subject
    message.set_content("Bevestig uw gegevens.")
    return message


async def _send(sink: MailSink, message: EmailMessage) -> None:
    def send() -> None:
        with smtplib.SMTP(sink.host, sink.port, timeout=10) as client:
            client.send_message(message)

    # smtplib blocks; the sink answers on this very event loop.
    await asyncio.to_thread(send)


def _stored(sink: MailSink) -> list[Path]:
    return sorted(sink.directory.glob("*.eml"))


async def test_a_free_port_is_picked_when_port_is_zero(sink: MailSink) -> None:
    assert sink.port > 0


async def test_a_message_is_stored_as_one_eml_file_with_its_subject(sink: MailSink) -> None:
    subject = f"Uitnodiging {uuid.uuid4()}"

    await _send(sink, _message(subject))

    [stored] = _stored(sink)
    parsed = message_from_bytes(stored.read_bytes(), policy=policy.default)
    assert parsed["Subject"] == subject
    assert stored.name[:8].isdigit()  # <utc timestamp>-<uuid>.eml
    assert [p for p in sink.directory.iterdir() if p.suffix != ".eml"] == []  # no temp files


async def test_fail_next_answers_451_once_and_then_accepts(sink: MailSink) -> None:
    sink.fail_next(count=1, code=451)

    with pytest.raises(smtplib.SMTPDataError) as refused:
        await _send(sink, _message("first"))
    await _send(sink, _message("second"))

    assert refused.value.smtp_code == 451
    [stored] = _stored(sink)
    assert message_from_bytes(stored.read_bytes(), policy=policy.default)["Subject"] == "second"
    assert sink.received == 1


async def test_fail_next_with_a_permanent_code_fails_as_many_messages_as_asked(
    sink: MailSink,
) -> None:
    sink.fail_next(count=2, code=550, text="5.1.1 Mailbox unavailable")

    codes = []
    for attempt in range(3):
        try:
            await _send(sink, _message(f"attempt {attempt}"))
            codes.append(250)
        except smtplib.SMTPDataError as error:
            codes.append(error.smtp_code)

    assert codes == [550, 550, 250]
    assert len(_stored(sink)) == 1


def test_fail_next_rejects_a_success_code() -> None:
    with pytest.raises(ValueError, match="4xx or 5xx"):
        MailSink().fail_next(code=250)
