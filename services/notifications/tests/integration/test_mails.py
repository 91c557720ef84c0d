"""Every kind of mail, rendered and received by a real SMTP server."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from lr_tools.testing import eventually

pytestmark = pytest.mark.integration

BASE_URL = "https://lerarenregister.test"

KINDS: list[tuple[str, dict[str, Any], str, str, str]] = [
    # event kind, extra event fields, Dutch subject fragment, English subject fragment, link path
    (
        "teacher-invited",
        {},
        "Bevestig uw gegevens",
        "confirm your details",
        "/mijn-registratie/bevestigen",
    ),
    ("invitation-reminder", {}, "Herinnering", "Reminder", "/mijn-registratie/bevestigen"),
    (
        "reregistration-due",
        {"period_end": date(2030, 8, 1), "moment": "6m"},
        "zes maanden",
        "six months",
        "/mijn-registratie",
    ),
    (
        "reregistration-due",
        {"period_end": date(2030, 8, 1), "moment": "12w"},
        "twaalf weken",
        "twelve weeks",
        "/mijn-registratie",
    ),
    ("conditional", {}, "onder voorwaarden", "conditional", "/mijn-registratie"),
    ("lapsed", {}, "herregistratie is verlopen", "re-registration has lapsed", "/mijn-registratie"),
    (
        "correction-answered",
        {"key": "correction-answered:5d0f3c2e-7f5b-4d8e-9a61-0b1c2d3e4f50"},
        "correctieverzoek beantwoord",
        "answered your correction request",
        "/mijn-registratie/correcties",
    ),
]


def plain(message: Any) -> str:
    return str(message.get_body(("plain",)).get_content()).replace("\r\n", "\n")


def html(message: Any) -> str:
    return str(message.get_body(("html",)).get_content())


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_every_kind_is_rendered_in_the_teachers_language_and_received(
    service: Any, registry: Any, mailbox: Any, new_number: Any, language: str
) -> None:
    expected = {}
    for kind, fields, nl_subject, en_subject, path in KINDS:
        number = new_number()
        address = f"{number.lower()}@example.org"
        await registry.contact(number, email=address, language=language, name="Jansen")
        await registry.event(number, kind, **fields)
        expected[address] = (nl_subject if language == "nl" else en_subject, path, fields)

    async def all_arrived() -> bool:
        return all(mailbox.to(address) for address in expected)

    assert await eventually(all_arrived, timeout=60)
    for address, (subject, path, fields) in expected.items():
        [message] = mailbox.to(address)
        assert subject.lower() in message["Subject"].lower()
        assert message["Content-Language"] == language
        text = plain(message)
        greeting = "Beste" if language == "nl" else "Dear"
        assert f"{greeting} J.P. van der Jansen," in text
        assert f"{BASE_URL}{path}" in text
        assert f'href="{BASE_URL}{path}"' in html(message)
        assert message["Message-ID"].endswith("@lerarenregister.nl>")
        if "period_end" in fields:
            assert ("1 augustus 2030" if language == "nl" else "1 August 2030") in text


async def test_a_name_with_markup_is_escaped_in_html_and_kept_in_text(
    service: Any, registry: Any, mailbox: Any, new_number: Any
) -> None:
    number = new_number()
    address = f"{number.lower()}@example.org"
    await registry.contact(number, email=address, name="<b>D'Ancona</b>")
    await registry.event(number, "teacher-invited")

    async def arrived() -> bool:
        return bool(mailbox.to(address))

    assert await eventually(arrived, timeout=60)
    [message] = mailbox.to(address)
    assert "J.P. van der <b>D'Ancona</b>," in plain(message)
    assert "&lt;b&gt;D&#39;Ancona&lt;/b&gt;" in html(message)


async def test_operators_see_counts_per_kind_and_prometheus_metrics(
    service: Any, registry: Any, mailbox: Any, new_number: Any, stats: Any
) -> None:
    number = new_number()
    await registry.contact(number, email=f"{number.lower()}@example.org")
    await registry.event(number, "teacher-invited")

    async def sent() -> bool:
        return bool((await stats())["sent"] == 1)

    assert await eventually(sent, timeout=60)
    counts = await stats()
    assert counts["per_kind"]["invitation"]["sent"] == 1
    assert (counts["pending"], counts["failed"], counts["no_address"]) == (0, 0, 0)
    metrics = (await service.get("/metrics")).text
    assert 'lr_notifications_mails_sent_total{kind="invitation"}' in metrics
    assert "lr_notifications_send_seconds_bucket" in metrics
    assert "example.org" not in metrics
