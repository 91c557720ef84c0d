"""Mails from Jinja2 templates: one template per language and kind gives the subject, the body
paragraphs and the action; one layout per language turns them into text and HTML.

Everything but the teacher's name is the same for every mail of one occasion (a national
delivery's invitations: one), so the layouts are rendered once per occasion with a marker
where the name goes, and each mail puts the name in (HTML-escaped in the HTML part, as the
layout's autoescape would)."""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, select_autoescape
from markupsafe import escape

from lr_notifications.application.ports import DueNotification, Mail
from lr_notifications.domain.contacts import Contact, Language, long_date

TEMPLATES = Path(__file__).parent / "templates"

LINK_PATHS = {
    "invitation": "/mijn-registratie/bevestigen",
    "invitation-reminder": "/mijn-registratie/bevestigen",
    # The teacher can no longer sign in once erased: the status page needs no sign-in.
    "erasure": "/mijn-registratie/privacy/status",
    # The answer is read there, behind sign-in: the mail itself does not carry it.
    "correction-answered": "/mijn-registratie/correcties",
    # The portal's page of the open votes (sign-in, then the ballot).
    "vote-opened": "/stemmen",
}
DEFAULT_LINK_PATH = "/mijn-registratie"
"""The portal's pages the mails link to; the re-registration mails and the rest go to the
overview (a signed-out teacher is sent to sign in and back)."""

_NAME = "\x00name\x00"
"""Where the name goes in a rendered layout; no template text contains a NUL character."""


class JinjaRenderer:
    def __init__(self, portal_base_url: str, directory: Path = TEMPLATES) -> None:
        self._base_url = portal_base_url.rstrip("/")
        self._env = Environment(
            loader=FileSystemLoader(directory),
            autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False),
            undefined=StrictUndefined,
            auto_reload=False,
        )

    def link(self, kind: str) -> str:
        return self._base_url + LINK_PATHS.get(kind, DEFAULT_LINK_PATH)

    def render(self, due: DueNotification, contact: Contact) -> Mail:
        if contact.email is None:
            raise ValueError("a mail needs an address")
        language: Language = "en" if contact.language == "en" else "nl"
        subject, text, html = self._layouts(language, due.kind, due.moment, due.period_end)
        name = contact.full_name
        return Mail(
            due.id,
            contact.email,
            subject,
            text.replace(_NAME, name, 1) + "\n",
            html.replace(_NAME, escape(name), 1),
            language,
        )

    @functools.lru_cache(maxsize=1024)  # noqa: B019 - one renderer per process, lives as long
    def _layouts(
        self, language: Language, kind: str, moment: str | None, period_end: date | None
    ) -> tuple[str, str, str]:
        """Subject, text and HTML of an occasion's mails, with `_NAME` for the name."""
        subject, paragraphs, action = self._content(language, kind, moment, period_end)
        page = {"name": _NAME, "subject": subject, "action": action, "link": self.link(kind)}
        text = self._env.get_template(f"{language}/layout.txt.j2").render(
            body="\n\n".join(paragraphs), **page
        )
        html = self._env.get_template(f"{language}/layout.html.j2").render(
            paragraphs=paragraphs, **page
        )
        return subject, text, html

    @functools.lru_cache(maxsize=1024)  # noqa: B019 - one renderer per process, lives as long
    def _content(
        self, language: Language, kind: str, moment: str | None, period_end: date | None
    ) -> tuple[str, tuple[str, ...], str]:
        """Subject, paragraphs and action of a kind of mail: the same for every teacher with
        the same occasion (a national delivery's invitations: one), so rendered once."""
        template = self._env.get_template(f"{language}/{kind}.j2")
        context = template.new_context(
            {
                "moment": moment,
                "period_end": long_date(period_end, language) if period_end else "",
            }
        )
        paragraphs = tuple(
            " ".join(paragraph.split())
            for paragraph in _block(template, "body", context).strip().split("\n\n")
        )
        subject = _block(template, "subject", context).strip()
        return subject, paragraphs, _block(template, "action", context).strip()


def _block(template: Template, name: str, context: object) -> str:
    return "".join(template.blocks[name](context))  # type: ignore[arg-type]
