"""Who looked at my data: the registry's and the portfolio's records merged, newest first."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from lr_portal.domain.disclosures import Disclosure, Found, merged, schools_by_board
from lr_portal.i18n import translate

T = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def at(hours: int) -> datetime:
    return T + timedelta(hours=hours)


def test_a_boards_look_up_and_a_share_opening_are_read_from_their_services_answers() -> None:
    board = Disclosure.from_lookup(
        {"bevoegd_gezag": "41234", "naam": None, "kind": "csv", "at": "2026-12-04T12:00:00Z"}
    )
    assert board == Disclosure(T, "board_csv", board="41234")
    share = Disclosure.from_opening(
        {"kind": "share_opened", "share_id": "x", "view": "period",
         "period_start": "2024-08-01", "at": "2026-12-04T13:00:00Z"}
    )  # fmt: skip
    assert share == Disclosure(at(1), "share_period", period_start=date(2024, 8, 1))
    whole = Disclosure.from_opening({"view": "all", "period_start": None, "at": T.isoformat()})
    assert whole.kind == "share_all"


def test_the_sources_are_merged_newest_first_and_paged_exactly() -> None:
    lookups = Found([Disclosure(at(h), "board_list", board="41234") for h in (9, 5, 1)], 3)
    openings = Found([Disclosure(at(h), "share_all") for h in (7, 3)], 2)
    everything = merged((lookups, openings), 0, 10)
    assert [d.at for d in everything] == [at(9), at(7), at(5), at(3), at(1)]
    assert [d.kind for d in merged((lookups, openings), 2, 2)] == ["board_list", "share_all"]


def test_her_schools_name_the_boards_that_looked() -> None:
    registration = {
        "schools": [
            {"brin": "12AB", "naam": "De Regenboog", "bevoegd_gezag": "41234"},
            {"brin": "12AB", "naam": "De Regenboog", "bevoegd_gezag": "41234"},
            {"brin": "34CD", "naam": None, "bevoegd_gezag": "41234"},
            {"brin": "56EF", "naam": "Het Baken", "bevoegd_gezag": "59999"},
        ]
    }
    assert schools_by_board(registration) == {
        "41234": ["De Regenboog", "34CD"],
        "59999": ["Het Baken"],
    }
    assert schools_by_board({}) == {}


def test_every_kind_has_its_text_in_both_languages() -> None:
    for kind in ("board_list", "board_csv", "board_check", "share_all", "share_period"):
        for lang in ("nl", "en"):
            assert translate(lang, f"disclosures.kind_{kind}", start="01-08-2024")
