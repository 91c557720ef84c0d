"""Every mail kind renders in Dutch and English into a well-formed MIME message."""

from __future__ import annotations

import email.parser
import email.policy
import uuid
from datetime import UTC, date, datetime

import aiosmtplib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from lr_notifications.adapters.mime import build_message
from lr_notifications.adapters.smtp import classify
from lr_notifications.adapters.templates import LINK_PATHS, TEMPLATES, JinjaRenderer
from lr_notifications.application.ports import DueNotification
from lr_notifications.domain.contacts import Contact
from lr_notifications.domain.occasions import MAIL_KINDS
from lr_tools.strategies import names

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


@settings(max_examples=60, deadline=None)
@given(
    voorletters=names,
    tussenvoegsel=names,
    achternaam=names,
    language=st.sampled_from(["nl", "en"]),
    kind=st.sampled_from(MAIL_KINDS),
)
def test_a_mail_is_what_its_layouts_give_for_this_teacher(
    voorletters: str, tussenvoegsel: str, achternaam: str, language: str, kind: str
) -> None:
    """The layouts are rendered once per occasion with the name put in afterwards: the mail is
    still what Jinja renders for this teacher, whatever the name holds."""
    contact = Contact("LR00000001", voorletters, tussenvoegsel, achternaam, "a@x.org", language)  # type: ignore[arg-type]
    notification = due(kind, contact)
    mail = RENDERER.render(notification, contact)

    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False),
        undefined=StrictUndefined,
    )
    subject, paragraphs, action = RENDERER._content(
        contact.language, kind, notification.moment, notification.period_end
    )
    page = {"name": contact.full_name, "subject": subject, "action": action}
    page["link"] = RENDERER.link(kind)
    text = env.get_template(f"{language}/layout.txt.j2").render(
        body="\n\n".join(paragraphs), **page
    )
    html = env.get_template(f"{language}/layout.html.j2").render(paragraphs=paragraphs, **page)
    assert (mail.subject, mail.text, mail.html) == (subject, text + "\n", html)


def test_every_link_path_belongs_to_a_mail_kind() -> None:
    # A misspelt kind would silently fall back to the overview.
    assert set(LINK_PATHS) <= set(MAIL_KINDS)


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        ("nl", "Uw schoolbestuur heeft uw correctieverzoek beantwoord"),
        ("en", "Your school board has answered your correction request"),
    ],
)
def test_an_answered_correction_links_to_the_correction_requests_page(
    language: str, subject: str
) -> None:
    contact = Contact("LR00000001", "J.", "", "Jansen", "a@example.org", language)  # type: ignore[arg-type]
    mail = RENDERER.render(due("correction-answered", contact), contact)
    assert mail.subject == subject
    assert "https://register.test/mijn-registratie/correcties\n" in mail.text
    assert 'href="https://register.test/mijn-registratie/correcties"' in mail.html


def test_reply_codes_decide_temporary_or_permanent() -> None:
    assert classify(aiosmtplib.SMTPDataError(451, "later")).verdict == "temporary"
    assert classify(aiosmtplib.SMTPDataError(550, "no")).verdict == "permanent"
    lost = classify(aiosmtplib.SMTPConnectError("refused"))
    assert (lost.verdict, lost.connection_lost) == ("temporary", True)


def test_server_replies_are_recorded_without_the_address() -> None:
    result = classify(aiosmtplib.SMTPDataError(550, "5.1.1 <a.b@example.org> unknown"))
    assert "example.org" not in result.detail
