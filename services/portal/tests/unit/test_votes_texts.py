"""Every text the votes' and ratings' pages ask for exists, including the keys they compose at
run time (a choice, a refusal, the message after rating)."""

import re
from pathlib import Path

from lr_portal import i18n
from lr_portal.adapters.profession import CHOICES
from lr_portal.entrypoints import pages_votes
from lr_portal.entrypoints.templating import environment

TEMPLATES = Path(i18n.__file__).resolve().parent.parent / "templates"
PAGES = [
    *TEMPLATES.glob("votes/*.j2"),
    TEMPLATES / "portfolio" / "activity.html.j2",
    TEMPLATES / "providers" / "feedback.html.j2",
    TEMPLATES / "providers" / "request.html.j2",
    TEMPLATES / "panel" / "review.html.j2",
    TEMPLATES / "criteria.html.j2",
]
KEY = re.compile(
    r"""(?:\bt\(|m\.button\(|m\.textarea\("comment",)\s*["']([a-z_]+(?:\.[a-zA-Z0-9_-]+)+)["']\s*[,)]"""
)
"""A text's key: in t(...), and the label of a button or of the comment field."""


def test_every_key_in_the_votes_and_ratings_templates_is_translated() -> None:
    used = {key for path in PAGES for key in KEY.findall(path.read_text())}
    assert {"votes.submit", "ratings.submit", "ratings.title", "ratings.feedback_link"} <= used
    assert sorted(used - set(i18n.CATALOGUE)) == []


def test_every_choice_and_refusal_has_a_text_and_the_templates_compile() -> None:
    for choice in CHOICES:
        assert f"votes.choice.{choice}" in i18n.CATALOGUE
    for refusal in pages_votes.REFUSALS:
        assert f"votes.refused.{refusal}" in i18n.CATALOGUE
    for refusal in ("already-rated", "not-rateable"):
        assert f"ratings.refused.{refusal}" in i18n.CATALOGUE
    assert "portfolio.done_rated" in i18n.CATALOGUE
    for path in PAGES:
        environment.get_template(str(path.relative_to(TEMPLATES)))
