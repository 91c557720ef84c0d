"""Every text the board pages ask for exists, including the keys they compose at run time (a
status, a severity, a column, a message after a redirect) and the error keys the routes and the
domain hand to the templates."""

import re
from pathlib import Path

from lr_portal import i18n
from lr_portal.domain import boards, deliveries
from lr_portal.domain.deliveries import CORRECTION_STATUSES, FINAL, SEVERITIES
from lr_portal.entrypoints import pages_board_corrections, pages_boards, signin_board

TEMPLATES = Path(i18n.__file__).resolve().parent.parent / "templates"
KEY = re.compile(r"""t\(\s*["']([a-z_]+(?:\.[a-z0-9_]+)+)["']\s*[,)]""")
WRITTEN = re.compile(r'"(boards\.[a-z_]+\.error_[a-z_]+)"')


def test_every_key_in_the_board_templates_routes_and_forms_is_translated() -> None:
    paths = [*(TEMPLATES / "boards").glob("*.j2"), TEMPLATES / "macros.html.j2"]
    used = {key for path in paths for key in KEY.findall(path.read_text())}
    written = {
        key
        for module in (boards, deliveries, pages_boards, pages_board_corrections, signin_board)
        for key in WRITTEN.findall(Path(module.__file__).read_text())
    }
    assert used
    assert len(written) >= 8
    assert sorted((used | written) - set(i18n.CATALOGUE)) == []


def test_every_status_severity_column_and_note_has_a_text() -> None:
    for status in ("received", "processing", *sorted(FINAL)):
        assert f"boards.status.{status}" in i18n.CATALOGUE
        assert f"boards.status_text.{status}" in i18n.CATALOGUE
    for severity in SEVERITIES:
        assert f"boards.severity.{severity}" in i18n.CATALOGUE
    for column in ("received", "status", "total", "accepted", "rejected", "warned", "row"):
        assert f"boards.col.{column}" in i18n.CATALOGUE
    for column in ("column", "code", "message", "severity"):
        assert f"boards.col.{column}" in i18n.CATALOGUE
    for note in ("ontvangen", "herhaald"):
        assert f"boards.delivery.note_{note}" in i18n.CATALOGUE
    for key in ("requested", "teacher", "appointment", "fields", "explanation", "status"):
        assert f"boards.corrections.col_{key}" in i18n.CATALOGUE
    for status in CORRECTION_STATUSES:
        assert f"boards.corrections.state.{status}" in i18n.CATALOGUE
        assert f"boards.correction.status.{status}" in i18n.CATALOGUE
        assert f"corrections.status_{status if status != 'open' else 'sent'}" in i18n.CATALOGUE
    for wanted in pages_board_corrections.STATUS_PARAM:
        assert f"boards.corrections.filter.{wanted}" in i18n.CATALOGUE
    for decision in deliveries.DECISION_PARAM.values():
        assert f"boards.correction.decision.{decision}" in i18n.CATALOGUE
        assert f"corrections.decision_{decision}" in i18n.CATALOGUE
        assert f"corrections.reason_{decision}" in i18n.CATALOGUE


def test_intakes_dutch_messages_are_marked_dutch_on_an_english_page() -> None:
    feedback = (TEMPLATES / "boards" / "feedback.html.j2").read_text()
    assert 'lang="nl"' in feedback
    for name in ("rejected.html.j2", "delivery.html.j2"):
        assert (
            '<p class="utrecht-paragraph" lang="nl">' in (TEMPLATES / "boards" / name).read_text()
        )
