"""Every text the portfolio pages ask for exists, including the keys they compose at run time
(a type's label, a refusal's message, a message after a redirect)."""

import re
from pathlib import Path

from lr_portal import i18n
from lr_portal.adapters.portfolio import ACTIVITY_TYPES, SUBTYPES, FieldProblem
from lr_portal.entrypoints import pages_portfolio, portfolio_forms
from lr_portal.entrypoints.portfolio_forms import activity_error

TEMPLATES = Path(i18n.__file__).resolve().parent.parent / "templates" / "portfolio"
KEY = re.compile(r"""t\(\s*["']([a-z_]+(?:\.[a-z0-9_]+)+)["']\s*[,)]""")
PORTFOLIO_CODES = (
    "required", "mismatch", "too_long", "invalid_character", "not_positive", "too_many",
    "precision", "too_early", "too_late", "order", "empty", "float_parsing", "unknown",
)  # fmt: skip


def test_every_key_in_the_portfolio_templates_and_forms_is_translated() -> None:
    used = {key for path in TEMPLATES.glob("*.j2") for key in KEY.findall(path.read_text())}
    written = re.findall(
        r'"((?:portfolio|shares)\.error\.[a-z_]+)"', Path(portfolio_forms.__file__).read_text()
    )
    assert used
    assert written
    assert sorted((used | set(written)) - set(i18n.CATALOGUE)) == []


def test_every_type_subtype_and_message_after_a_redirect_has_a_text() -> None:
    for type_ in ACTIVITY_TYPES:
        assert f"portfolio.type.{type_}" in i18n.CATALOGUE
    for subtypes in SUBTYPES.values():
        for subtype in subtypes:
            assert f"portfolio.subtype.{subtype}" in i18n.CATALOGUE
    for done in pages_portfolio.DONE:
        assert f"portfolio.done_{done}" in i18n.CATALOGUE
    for reason in ("too_large", "unsupported"):
        assert f"portfolio.error.file_{reason}" in i18n.CATALOGUE


def test_every_refusal_of_the_portfolio_lands_beside_a_field_with_a_text() -> None:
    fields = ("type", "subtype", "title", "provider", "subject", "start_date", "end_date",
              "hours", "core", "file", "something_new")  # fmt: skip
    for field in fields:
        for code in PORTFOLIO_CODES:
            name, key = activity_error(FieldProblem(field, code))
            assert key in i18n.CATALOGUE, (field, code)
            assert name in {*portfolio_forms.ACTIVITY_FIELDS, "core", "file", "form"}
