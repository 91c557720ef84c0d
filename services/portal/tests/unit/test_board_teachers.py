"""The pure rules of the pages about a board's teachers: the filter form, the registry's
answers read into values, the outcome per checked line and the refusal's language."""

from datetime import date

import pytest

from lr_portal.domain.teachers import (
    BoardTeacher,
    CheckResult,
    TeacherFilter,
    TeacherPage,
    localized,
    read_filter,
)

ROW = {
    "registration_number": "LR00000001",
    "voorletters": "J.P.",
    "tussenvoegsel": "van",
    "achternaam": "Jansen",
    "schools": [{"brin": "12AB", "brin_volgnummer": "00", "naam": None}],
    "state": "registered",
    "public_label": "geregistreerd",
    "period_end": "2030-07-31",
    "norm_met": None,
}


def test_the_filter_accepts_a_brin_as_typed_and_says_what_is_wrong() -> None:
    assert read_filter(" 12ab ", "lapsed") == (TeacherFilter("12AB", "lapsed"), {})
    assert read_filter("", "") == (TeacherFilter(), {})
    assert read_filter("12AB00", "") == (TeacherFilter(), {"school": "boards.teachers.error_brin"})
    assert read_filter("ABCD", "")[1] == {"school": "boards.teachers.error_brin"}
    with pytest.raises(ValueError, match="secret"):
        read_filter("", "secret")
    assert TeacherFilter("12AB", None).params() == {"school": "12AB"}
    assert not TeacherFilter().active
    assert TeacherFilter(None, "registered").active


def test_a_registry_row_is_read_with_its_name_schools_and_dates() -> None:
    t = BoardTeacher.from_registry(ROW)
    assert t.name == "J.P. van Jansen"
    assert [s.code for s in t.schools] == ["12AB00"]
    assert t.schools[0].name is None
    assert t.period_end == date(2030, 7, 31)
    assert t.norm_met is None
    bare = BoardTeacher.from_registry({**ROW, "tussenvoegsel": "", "period_end": None})
    assert bare.name == "J.P. Jansen"
    assert bare.period_end is None


def test_a_page_knows_its_range_and_count_of_pages() -> None:
    t = BoardTeacher.from_registry(ROW)
    page = TeacherPage([t] * 10, total=41, page=5, page_size=10)
    assert (page.pages, page.first, page.last) == (5, 41, 50)
    assert TeacherPage([], total=0, page=1, page_size=10).pages == 1
    assert TeacherPage([], total=0, page=1, page_size=10).first == 0


def test_each_checked_line_has_its_outcome_and_the_counts_add_up() -> None:
    result = CheckResult.from_registry({
        "checked": 3, "found": 1,
        "lines": [
            {"line": 2, "registration_number": "LR00000001", "found": True, "registration": ROW},
            {"line": 3, "registration_number": "LR99999999", "found": False,
             "code": "niet_gevonden", "message": "niet gevonden bij dit bevoegd gezag"},
            {"line": 4, "registration_number": None, "found": False,
             "code": "ongeldig_registratienummer", "message": "x"},
        ],
    })  # fmt: skip
    assert [line.outcome for line in result.lines] == ["found", "not_found", "invalid"]
    assert result.lines[0].teacher is not None
    assert result.lines[0].teacher.name == "J.P. van Jansen"
    assert result.lines[1].teacher is None
    assert (result.found, result.not_found, result.invalid) == (1, 1, 1)


def test_a_refusal_is_shown_in_the_readers_language() -> None:
    detail = "Te veel registratienummers. / Too many registration numbers."
    assert localized(detail, "nl") == "Te veel registratienummers."
    assert localized(detail, "en") == "Too many registration numbers."
    assert localized("Use text/csv", "nl") == "Use text/csv"


def test_intakes_change_summary_and_dry_run_are_read_for_the_pages() -> None:
    from lr_portal.domain.deliveries import ChangeSummary, DryRun

    assert ChangeSummary.from_intake(None) is None
    summary = ChangeSummary.from_intake({
        "new": 1, "changed": 2, "unchanged": 3, "changed_fields_unknown": 0,
        "changed_fields": {"bevoegd_gezag": 0, "achternaam": 2, "email": 1},
        "no_longer_delivered": None,
    })  # fmt: skip
    assert summary is not None
    assert summary.fields == (("achternaam", 2), ("email", 1))
    assert summary.no_longer_delivered is None
    issue = {"row_number": 2, "column": "bsn", "code": "BSN_ELFPROEF", "severity": "error",
             "message": "m"}  # fmt: skip
    run = DryRun.from_intake(
        {
            "dry_run": True, "status": "checked", "rows_total": 12, "rows_accepted": 2,
            "rows_rejected": 10, "rows_warned": 0, "rows_unchanged": 0, "issues_total": 10,
            "issue_counts": {"B": 3, "A": 3, "C": 4}, "issues": [issue] * 10,
            "no_longer_delivered": [{"brin": "12AB", "brin_volgnummer": "00",
                                     "benoemingsgrondslag": "PO-PABO",
                                     "benoeming_begindatum": "2026-08-01",
                                     "last_row_number": 2}] * 3,
            "changes": {"new": 2, "changed": 0, "unchanged": 0, "no_longer_delivered": 3},
        },
        shown=2,
    )  # fmt: skip
    assert run.issue_counts == (("C", 4), ("A", 3), ("B", 3))
    assert len(run.issues) == 2
    assert run.issues[0].code == "BSN_ELFPROEF"
    assert [a.brin + a.volgnummer for a in run.absent] == ["12AB00", "12AB00"]
    assert run.changes is not None
    assert run.changes.no_longer_delivered == 3
