"""Every text the teacher panels' pages ask for exists, including the keys they compose at run
time (a state, a sector, a verdict, a withdrawal, a refusal, a message after a redirect)."""

import re
from pathlib import Path

from lr_portal import i18n
from lr_portal.adapters.portfolio import FieldProblem
from lr_portal.adapters.profession import SECTORS
from lr_portal.entrypoints import pages_panel, pages_providers, profession_forms
from lr_portal.entrypoints.profession_forms import offer_error

TEMPLATES = Path(i18n.__file__).resolve().parent.parent / "templates"
PAGES = [
    *TEMPLATES.glob("providers/*.j2"),
    *TEMPLATES.glob("panel/*.j2"),
    TEMPLATES / "criteria.html.j2",
    TEMPLATES / "preferences.html.j2",
]
KEY = re.compile(r"""t\(\s*["']([a-z_]+(?:\.[a-zA-Z0-9_]+)+)["']\s*[,)]""")
CODES = (
    "missing", "string_too_long", "multiple_of", "greater_than_equal", "less_than_equal",
    "decimal_parsing", "literal_error", "date_from_datetime_parsing", "value_error",
)  # fmt: skip


def test_every_key_in_the_panel_templates_and_forms_is_translated() -> None:
    used = {key for path in PAGES for key in KEY.findall(path.read_text())}
    written = re.findall(
        r'"((?:portfolio|profession|panel)\.error\.[a-z_]+)"',
        Path(profession_forms.__file__).read_text(),
    )
    assert used
    assert written
    assert sorted((used | set(written)) - set(i18n.CATALOGUE)) == []


def test_every_state_sector_verdict_withdrawal_and_message_after_a_redirect_has_a_text() -> None:
    for state in ("awaiting_panel", "in_review", "accepted", "rejected"):
        assert f"providers.state.{state}" in i18n.CATALOGUE
    for sector in SECTORS:
        assert f"providers.sector.{sector}" in i18n.CATALOGUE
    for verdict in ("approve", "reject"):
        assert f"panel.verdict.{verdict}" in i18n.CATALOGUE
    for reason in (*pages_panel.WITHDRAWN_REASONS, "other"):
        assert f"panel.withdrawn.{reason}" in i18n.CATALOGUE
    for done in pages_providers.DONE:
        assert f"providers.done_{done}" in i18n.CATALOGUE
    for done in ("aangemeld", "afgemeld"):
        assert f"teacher.done_{done}" in i18n.CATALOGUE
    for state in ("open", "submitted", "withdrawn"):
        assert f"panel.review.refused_{state}" in i18n.CATALOGUE


def test_every_refusal_of_the_profession_lands_beside_a_field_with_a_text() -> None:
    fields = (
        "offer_reference", "title", "description", "type", "subtype", "sectors",
        "planned_hours", "core", "start_date", "end_date", "on_demand", "", "new",
    )  # fmt: skip
    for field in fields:
        for code in CODES:
            name, key = offer_error(FieldProblem(field, code))
            assert key in i18n.CATALOGUE, (field, code)
            assert name in {*profession_forms.OFFER_FIELDS, "sectors", "form"}, (field, name)
