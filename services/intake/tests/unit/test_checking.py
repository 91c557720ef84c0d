"""The compiled row checks against the Python rules they must equal, byte for byte.

`PythonRowChecker` (RowValidator, the keyed BSN hash, appointment_body) is the specification;
`NativeRowChecker` decides the rows it can in Rust and hands the rest to it. Every outcome, the
staged record and each issue, must be the same.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lr_intake.adapters.checking import NativeRowChecker, PythonRowChecker
from lr_intake.devdata.deliveries import generate_rows
from lr_intake.devdata.files import render_delivery
from lr_intake.devdata.reference import generate_reference
from lr_intake.domain import codes
from lr_intake.domain.codelists import GRONDSLAGEN, ONDERWIJSTERREINEN
from lr_intake.domain.columns import COLUMNS
from lr_intake.domain.fileformat import CsvFile, Row
from lr_intake.domain.reference import ReferenceData, School
from lr_shared.contracts.intake import AppointmentV1

TODAY = date(2026, 8, 20)
KEY = b"test-bsn-hash-key"
DELIVERY = UUID("0b7e7d6e-6f3a-4c39-9d43-5d4f1f1f2a10")
BOARD, OTHER_BOARD = "41234", "41999"
REFERENCE = ReferenceData.build(
    [
        School("12AB", "00", "OBS De Regenboog", "Zwolle", BOARD, "PO"),
        School("12AB", "01", "OBS De Regenboog", "Kampen", BOARD, "PO"),
        School("34CD", "00", "Het Lyceum", "Deventer", BOARD, "VO"),
        School("56EF", "00", "Andere School", "Ede", OTHER_BOARD, "PO"),
        School("78GH", "00", "ROC", "Utrecht", BOARD, "MBO"),
    ],
    GRONDSLAGEN,
    [t.code for t in ONDERWIJSTERREINEN],
)
DATES = [
    "2026-08-01", "2026-08-15", "01-08-2026", "2027-07-31", "2026-07-31", "2025-01-01",
    "2026-09-30", "", " 2026-08-01 ", "2026-13-01", "2026-02-29", "2024-02-29", "31-12-9999",
    "9999-12-05", "0000-01-01", "2026-8-1", "２０２６-08-01",
]  # fmt: skip
VALUES: dict[str, list[str]] = {
    "bevoegd_gezag": [BOARD, OTHER_BOARD, "", " 41234 ", "4123", "abcde", "41234\x1c", "４1234"],
    "bsn": [
        "111222333",
        "11222333",
        "123456789",
        "000000000",
        "",
        "12345678a",
        " 111222333 ",
        "1112223334",
        "0111222333",
        "99999990",
        "١١١٢٢٢٣٣٣",
    ],
    "achternaam": [
        "Jansen",
        "",
        " ",
        "Özdemir",
        "x" * 200,
        "x" * 201,
        "Ö" * 200,
        "Ö" * 201,
        "de\u00a0",
        "\u3000Jansen\u2028",
        'Jan"sen\\',
        "Jan\x00sen",
        "Jan\nsen\t",
        "\x1c\x1f",
        "Ünal",
        "Ŀ\u0085",
        "😀",
    ],
    "tussenvoegsel": ["", "van", "van der" * 3, "ü" * 20, "ü" * 21, " \u2000van "],
    "voorletters": ["J.P.", "", "A" * 20, "A" * 21, "Ø.", "\u202f"],
    "geslacht": ["V", "m", "x", " o ", "Q", "", "ß", "v\u00a0"],
    "geboortedatum": [
        "1985-03-14",
        "14-03-1985",
        "1985-02-29",
        "2000-02-29",
        "",
        "1985-3-14",
        "9960-01-01",
        "0000-01-01",
        "1900-01-01",
        "2015-01-01",
        "2011-08-01",
    ],
    "email": [
        "",
        "j.jansen@school.nl",
        "J.Jansen@Sub.School.NL",
        "jansen@localhost",
        "a@b.test",
        "a@x--y.nl",
        "a..b@x.nl",
        "jörg@schüle.de",
        "a@b.c",
        "<a@b.nl>",
        "x" * 65 + "@a.nl",
        "a@" + "b" * 64 + ".nl",
        "a@-b.nl",
        "a@b-.nl",
        "a.@b.nl",
        "jan+werk@school.nl",
        "a@b@c.nl",
        " j@school.nl ",
        '"jan"@school.nl',
        "a@b.nl\n",
        "a@école.fr",
    ],
    "brin": ["12AB", "12ab", " 12AB ", "34CD", "56EF", "99ZZ", "1AB", "", "12A B", "78GH"],
    "brin_volgnummer": ["00", "01", "", "1", "ab", "02", "０1"],
    "functie": ["leraar", "LERAAR", "Lio", "stagiair", "onbekend", "", "uitzendkracht "],
    "benoemingsgrondslag": [
        "PO-PABO",
        "po-pabo",
        "PO-ONBEVOEGD",
        "VO-EERSTEGRAADS",
        "MBO-PDG",
        "",
        "XYZ",
        "vo-lio",
        "PO-PABOı",
    ],
    "onderwijsterrein": ["", "GROEPSLEERKRACHT", "groepsleerkracht", "ONBEKEND", "wiskunde"],
    "benoeming_begindatum": DATES,
    "benoeming_einddatum": DATES,
    "dienstverband_begindatum": DATES,
    "dienstverband_einddatum": DATES,
}
GOOD = {
    "bevoegd_gezag": BOARD, "bsn": "111222333", "achternaam": "Jansen", "tussenvoegsel": "van",
    "voorletters": "J.P.", "geslacht": "V", "geboortedatum": "1985-03-14",
    "email": "j.jansen@school.nl", "brin": "12AB", "brin_volgnummer": "00", "functie": "leraar",
    "benoemingsgrondslag": "PO-PABO", "onderwijsterrein": "",
    "benoeming_begindatum": "2026-08-01", "benoeming_einddatum": "",
    "dienstverband_begindatum": "2026-08-01", "dienstverband_einddatum": "",
}  # fmt: skip


def checkers(
    reference: ReferenceData = REFERENCE, boards: frozenset[str] = frozenset({BOARD})
) -> tuple[PythonRowChecker, NativeRowChecker]:
    return (
        PythonRowChecker(reference, boards, TODAY, KEY, DELIVERY),
        NativeRowChecker(reference, boards, TODAY, KEY, DELIVERY),
    )


def assert_same(rows: list[Row], reference: ReferenceData = REFERENCE) -> None:
    python, native = checkers(reference)
    expected, actual = python.check(rows), native.check(rows)
    assert len(actual) == len(rows)
    for row, want, got in zip(rows, expected, actual, strict=True):
        assert (got[0], list(got[1])) == (want[0], list(want[1])), row


def test_a_good_row_is_decided_natively_and_staged_as_python_stages_it() -> None:
    _, native = checkers()
    row = [GOOD[c] for c in COLUMNS]
    outcomes, pending = native._native.check([(2, row)])
    assert pending == []  # final as it comes: not handed to Python, no messages to add
    record, issues = outcomes[0]  # type: ignore[misc]
    assert record is not None
    assert issues == ()
    # The message is a valid AppointmentV1, the delivery's, of that row.
    message = AppointmentV1.model_validate_json(record[5])
    assert (message.delivery_id, message.row_number, message.bsn) == (DELIVERY, 2, "111222333")
    assert_same([(2, row)])


def test_every_listed_value_in_every_column_gives_the_same_outcome() -> None:
    rows: list[Row] = []
    for column, values in VALUES.items():
        for value in values:
            rows.append((len(rows) + 2, [value if c == column else GOOD[c] for c in COLUMNS]))
            # and once more with an unqualified appointment around it
            unqualified = {
                **GOOD,
                "benoemingsgrondslag": "PO-ONBEVOEGD",
                "onderwijsterrein": "GROEPSLEERKRACHT",
                "benoeming_einddatum": "2027-07-31",
            }
            changed = [value if c == column else unqualified[c] for c in COLUMNS]
            rows.append((len(rows) + 2, changed))
    assert_same(rows)


def test_an_appointment_beginning_in_the_last_month_of_9999_is_checked_not_a_crash() -> None:
    changes = {
        "geboortedatum": "9960-01-01",
        "benoeming_begindatum": "9999-12-05",
        "dienstverband_begindatum": "9999-12-01",
        "benoeming_einddatum": "9999-12-20",
    }
    row = [changes.get(c, GOOD[c]) for c in COLUMNS]
    _, native = checkers()
    record, issues = native.check([(2, row)])[0]
    assert record is not None
    assert [i.code for i in issues] == [codes.SHORT_CONTRACT]
    assert_same([(2, row)])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                column: st.one_of(
                    st.sampled_from(values),
                    st.text(max_size=12),
                    # numbers of a BSN's length: the compiled 11-proof against python-stdnum's
                    st.from_regex(r"[0-9]{8,9}", fullmatch=True),
                )
                for column, values in VALUES.items()
            }
        ),
        min_size=1,
        max_size=20,
    )
)
def test_random_rows_give_the_same_outcome(rows: list[dict[str, str]]) -> None:
    assert_same([(n, [row[c] for c in COLUMNS]) for n, row in enumerate(rows, 2)])


def test_a_generated_national_file_gives_the_same_outcome_mostly_natively() -> None:
    reference = generate_reference(seed=5)
    generated = generate_rows(reference, rows=6000, seed=5, error_share=0.3, today=TODAY)
    reader = CsvFile()
    rows = reader.feed(render_delivery([r.values for r in generated]), final=True).rows
    snapshot = reference.snapshot()
    boards = frozenset(b.bevoegd_gezag for b in reference.boards[:40])
    python = PythonRowChecker(snapshot, boards, TODAY, KEY, DELIVERY)
    native = NativeRowChecker(snapshot, boards, TODAY, KEY, DELIVERY)
    expected, actual = python.check(rows), native.check(rows)
    assert [(r, list(i)) for r, i in actual] == [(r, list(i)) for r, i in expected]
    assert sum(outcome is None for outcome in native._native.check(rows)[0]) < len(rows) * 0.05
    assert 0 < sum(record is not None for record, _ in actual) < len(rows)
