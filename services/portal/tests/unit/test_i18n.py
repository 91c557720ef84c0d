"""Every text a template asks for exists in Dutch and English."""

import re
from pathlib import Path

from lr_portal import i18n

TEMPLATES = Path(i18n.__file__).resolve().parent.parent / "templates"
KEY = re.compile(r"""t\(\s*["']([a-z_]+\.[a-z0-9_]+)["']\s*[,)]""")


def test_every_key_in_the_templates_is_translated() -> None:
    used = {key for path in TEMPLATES.glob("*.j2") for key in KEY.findall(path.read_text())}
    assert used
    assert sorted(used - set(i18n.CATALOGUE)) == []


def test_every_error_page_has_its_texts() -> None:
    for status in (400, 403, 404, 429, 500, 503):
        assert f"error.title_{status}" in i18n.CATALOGUE
        assert f"error.text_{status}" in i18n.CATALOGUE


def test_both_languages_are_filled_in() -> None:
    for key, (nl, en) in i18n.CATALOGUE.items():
        assert nl.strip(), key
        assert en.strip(), key


def test_dutch_is_the_default_and_placeholders_fill_in() -> None:
    assert i18n.language(None) is None
    assert i18n.language("fr") is None
    assert i18n.translate("nl", "error.text_429", seconds=3).endswith("over 3 seconden opnieuw.")
    assert "3 seconds" in i18n.translate("en", "error.text_429", seconds=3)
