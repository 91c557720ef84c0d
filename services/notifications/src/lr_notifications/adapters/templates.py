"""Mails from Jinja2 templates: one template per language and kind gives the subject, the body
paragraphs and the action; one layout per language turns them into text and HTML."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, select_autoescape

from lr_notifications.application.ports import DueNotification, Mail
from lr_notifications.domain.contacts import Contact, Language, long_date

TEMPLATES = Path(__file__).parent / "templates"

LINK_PATHS = {"erasure": "/privacy"}
DEFAULT_LINK_PATH = "/mijn-registratie"


class JinjaRenderer:
    def __init__(self, public_base_url: str, directory: Path = TEMPLATES) -> None:
        self._base_url = public_base_url.rstrip("/")
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
        template = self._env.get_template(f"{language}/{due.kind}.j2")
        context = template.new_context(
            {
                "moment": due.moment,
                "period_end": long_date(due.period_end, language) if due.period_end else "",
            }
        )
        subject = _block(template, "subject", context).strip()
        paragraphs = [
            " ".join(paragraph.split())
            for paragraph in _block(template, "body", context).strip().split("\n\n")
        ]
        page = {
            "name": contact.full_name,
            "subject": subject,
            "action": _block(template, "action", context).strip(),
            "link": self.link(due.kind),
        }
        text = self._env.get_template(f"{language}/layout.txt.j2").render(
            body="\n\n".join(paragraphs), **page
        )
        html = self._env.get_template(f"{language}/layout.html.j2").render(
            paragraphs=paragraphs, **page
        )
        return Mail(due.id, contact.email, subject, text + "\n", html, language)


def _block(template: Template, name: str, context: object) -> str:
    return "".join(template.blocks[name](context))  # type: ignore[arg-type]
