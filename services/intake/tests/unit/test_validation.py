"""Every row rule of DESIGN.md with a row that fails it and one that passes."""

from __future__ import annotations

from datetime import date

import pytest

from lr_intake.domain import codes
from lr_intake.domain.codelists import GRONDSLAGEN, ONDERWIJSTERREINEN
from lr_intake.domain.columns import COLUMNS
from lr_intake.domain.reference import ReferenceData, School
from lr_intake.domain.validation import RowValidator
from lr_shared.contracts.intake import DELIVERY_COLUMNS

TODAY = date(2026, 8, 20)
BOARD, OTHER_BOARD = "41234", "41999"
REFERENCE = ReferenceData.build(
    [
        School("12AB", "00", "OBS De Regenboog", "Zwolle", BOARD, "PO"),
        School("12AB", "01", "OBS De Regenboog", "Kampen", BOARD, "PO"),
        School("34CD", "00", "Het Lyceum", "Deventer", BOARD, "VO"),
        School("56EF", "00", "Andere School", "Ede", OTHER_BOARD, "PO"),
    ],
    GRONDSLAGEN,
    [t.code for t in ONDERWIJSTERREINEN],
)
GOOD = {
    "bevoegd_gezag": BOARD,
    "bsn": "111222333",
    "achternaam": "Jansen",
    "tussenvoegsel": "van",
    "voorletters": "J.P.",
    "geslacht": "V",
    "geboortedatum": "1985-03-14",
    "email": "j.jansen@school.nl",
    "brin": "12AB",
    "brin_volgnummer": "00",
    "functie": "leraar",
    "benoemingsgrondslag": "PO-PABO",
    "onderwijsterrein": "",
    "benoeming_begindatum": "2026-08-01",
    "benoeming_einddatum": "",
    "dienstverband_begindatum": "2026-08-01",
    "dienstverband_einddatum": "",
}
UNQUALIFIED = {
    "benoemingsgrondslag": "PO-ONBEVOEGD",
    "onderwijsterrein": "GROEPSLEERKRACHT",
    "benoeming_einddatum": "2027-07-31",
}


def check(**changes: str) -> tuple[list[str], list[str]]:
    row = {**GOOD, **changes}
    validator = RowValidator(REFERENCE, frozenset({BOARD}), TODAY)
    appointment, issues = validator.validate(2, [row[c] for c in COLUMNS])
    errors = [i.code for i in issues if i.severity == "error"]
    assert (appointment is None) == bool(errors)
    return errors, [i.code for i in issues if i.severity == "warning"]


def test_the_domain_columns_are_the_contract_columns() -> None:
    assert COLUMNS == DELIVERY_COLUMNS


def test_a_complete_correct_row_is_accepted_without_issues() -> None:
    assert check() == ([], [])


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"bevoegd_gezag": ""}, codes.REQUIRED),
        ({"bevoegd_gezag": "4123"}, codes.BG_FORMAT),
        ({"bevoegd_gezag": OTHER_BOARD}, codes.BG_NOT_ALLOWED),
        ({"bsn": ""}, codes.REQUIRED),
        ({"bsn": "12345"}, codes.BSN_FORMAT),
        ({"bsn": "11122233A"}, codes.BSN_FORMAT),
        ({"bsn": "111222334"}, codes.BSN_ELEVEN_PROOF),
        ({"bsn": "000000000"}, codes.BSN_ELEVEN_PROOF),
        ({"achternaam": ""}, codes.REQUIRED),
        ({"achternaam": "x" * 201}, codes.TOO_LONG),
        ({"voorletters": ""}, codes.REQUIRED),
        ({"geslacht": "Q"}, codes.GESLACHT_INVALID),
        ({"geboortedatum": "1985-02-30"}, codes.DATE_INVALID),
        ({"geboortedatum": "14/03/1985"}, codes.DATE_INVALID),
        ({"benoeming_begindatum": ""}, codes.REQUIRED),
        ({"geboortedatum": "2016-01-01"}, codes.AGE_IMPLAUSIBLE),
        ({"geboortedatum": "1940-01-01"}, codes.AGE_IMPLAUSIBLE),
        ({"email": "jansen.at.school.nl"}, codes.EMAIL_INVALID),
        ({"email": "jansen@localhost"}, codes.EMAIL_INVALID),
        ({"brin": "1AB2"}, codes.BRIN_FORMAT),
        ({"brin_volgnummer": "7"}, codes.VOLGNUMMER_FORMAT),
        ({"brin": "99ZZ"}, codes.SCHOOL_UNKNOWN),
        ({"brin": "56EF"}, codes.SCHOOL_OTHER_BOARD),
        ({"functie": "stagiair"}, codes.FUNCTIE_OUT_OF_SCOPE),
        ({"functie": "onderwijsassistent"}, codes.FUNCTIE_OUT_OF_SCOPE),
        ({"functie": "intern_begeleider"}, codes.FUNCTIE_OUT_OF_SCOPE),
        ({"functie": "conciërge"}, codes.FUNCTIE_UNKNOWN),
        ({"benoemingsgrondslag": "VO-EERSTEGRAADS"}, codes.GRONDSLAG_UNKNOWN),
        ({"benoemingsgrondslag": "XX"}, codes.GRONDSLAG_UNKNOWN),
        ({**UNQUALIFIED, "onderwijsterrein": ""}, codes.TERREIN_REQUIRED),
        ({**UNQUALIFIED, "onderwijsterrein": "BREIEN"}, codes.TERREIN_UNKNOWN),
        ({"onderwijsterrein": "GROEPSLEERKRACHT"}, codes.TERREIN_FORBIDDEN),
        ({**UNQUALIFIED, "benoeming_einddatum": ""}, codes.END_DATE_REQUIRED),
        ({"benoeming_einddatum": "2026-07-31"}, codes.BENOEMING_ORDER),
        (
            {"dienstverband_begindatum": "2026-08-01", "dienstverband_einddatum": "2026-07-01"},
            codes.DIENSTVERBAND_ORDER,
        ),
        ({"dienstverband_begindatum": "2026-09-01"}, codes.BENOEMING_BEFORE_DIENSTVERBAND),
        (
            {"benoeming_einddatum": "2027-08-01", "dienstverband_einddatum": "2027-07-31"},
            codes.BENOEMING_AFTER_DIENSTVERBAND,
        ),
    ],
)
def test_a_row_breaking_a_rule_is_rejected_with_that_rules_code(
    changes: dict[str, str], code: str
) -> None:
    errors, _ = check(**changes)
    assert errors == [code]


@pytest.mark.parametrize(
    "changes",
    [
        {"bsn": "12345672"},  # eight digits: a leading zero is added (012345672 passes)
        {"bsn": " 111222333 "},
        {"geslacht": "m"},
        {"geslacht": "X"},
        {"geslacht": "O"},
        {"geboortedatum": "14-03-1985"},
        {"email": ""},
        {"email": "jan.de.vries+werk@Sub.School.NL"},
        {"email": "jörg@schüle.de"},
        {"brin": "12ab"},
        {"brin_volgnummer": ""},
        {"brin_volgnummer": "01"},
        {"functie": "lio"},
        {"functie": "Uitzendkracht"},
        {"benoemingsgrondslag": "po-pabo"},
        UNQUALIFIED,
        {"brin": "34CD", "benoemingsgrondslag": "VO-EERSTEGRAADS"},
        {"benoeming_einddatum": "2027-07-31", "dienstverband_einddatum": "2027-07-31"},
        {"tussenvoegsel": ""},
    ],
)
def test_a_row_within_the_rules_is_accepted(changes: dict[str, str]) -> None:
    assert check(**changes) == ([], [])


def test_an_eight_digit_bsn_is_padded_with_a_leading_zero() -> None:
    validator = RowValidator(REFERENCE, frozenset({BOARD}), TODAY)
    row = {**GOOD, "bsn": "12345672"}
    appointment, _ = validator.validate(2, [row[c] for c in COLUMNS])
    assert appointment is not None
    assert appointment.bsn == "012345672"


def test_an_empty_volgnummer_means_the_main_location() -> None:
    validator = RowValidator(REFERENCE, frozenset({BOARD}), TODAY)
    row = {**GOOD, "brin_volgnummer": ""}
    appointment, _ = validator.validate(2, [row[c] for c in COLUMNS])
    assert appointment is not None
    assert appointment.brin_volgnummer == "00"


def test_a_contract_shorter_than_a_month_is_accepted_with_a_warning() -> None:
    assert check(benoeming_einddatum="2026-08-25") == ([], [codes.SHORT_CONTRACT])
    assert check(benoeming_einddatum="2026-09-01") == ([], [])


def test_a_delivery_more_than_a_month_after_the_start_is_accepted_with_a_warning() -> None:
    assert check(benoeming_begindatum="2026-07-19", dienstverband_begindatum="2026-07-19") == (
        [],
        [codes.LATE_DELIVERY],
    )
    assert check(benoeming_begindatum="2026-07-20", dienstverband_begindatum="2026-07-20") == (
        [],
        [],
    )


def test_a_row_with_several_problems_reports_each_of_them() -> None:
    errors, _ = check(bsn="111222334", geslacht="Q", functie="stagiair")
    assert sorted(errors) == sorted(
        [codes.BSN_ELEVEN_PROOF, codes.GESLACHT_INVALID, codes.FUNCTIE_OUT_OF_SCOPE]
    )


def test_no_message_repeats_the_value_it_is_about() -> None:
    validator = RowValidator(REFERENCE, frozenset({BOARD}), TODAY)
    row = {**GOOD, "bsn": "111222334", "achternaam": "", "email": "geheim.at.example"}
    _, issues = validator.validate(2, [row[c] for c in COLUMNS])
    for issue in issues:
        assert "111222334" not in issue.message
        assert "geheim" not in issue.message


def test_an_open_appointment_that_begins_after_the_employment_ended_is_rejected() -> None:
    ended = {"dienstverband_begindatum": "2025-08-01", "dienstverband_einddatum": "2026-07-31"}
    assert check(**ended) == ([codes.BENOEMING_AFTER_DIENSTVERBAND], [])
    assert check(**{**ended, "benoeming_begindatum": "2025-08-01"}) == ([], [codes.LATE_DELIVERY])
