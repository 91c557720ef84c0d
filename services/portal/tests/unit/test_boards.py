"""The board pages' pure rules: who may act for which board, the development sign-in's form,
the board session, which files may be uploaded, and the row feedback's filter and pages."""

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from lr_portal.domain import session as sessions
from lr_portal.domain.boards import Organisation, board_numbers, dev_sign_in
from lr_portal.domain.deliveries import (
    CSV,
    NDJSON,
    REASON_MAX,
    CorrectionPage,
    CorrectionRequest,
    Delivery,
    Issue,
    IssueFilter,
    code_counts,
    feedback_page,
    read_answer,
    upload_type,
)
from lr_portal.entrypoints.signin_board import board_return_path

NOW = datetime(2026, 8, 20, 12, 0, tzinfo=UTC)


def no_mandates(bureau: str) -> tuple[str, ...]:
    return ()


def test_a_board_acts_for_itself_and_a_payroll_bureau_for_its_mandated_boards_only() -> None:
    board = Organisation("12345", "board")
    assert board.choices == ("12345",)
    assert board.only_choice == "12345"
    assert board.token_boards == ()
    bureau = Organisation("90001", "payroll_bureau", ("34567", "23456", "34567"))
    assert bureau.choices == ("23456", "34567")
    assert bureau.only_choice is None
    assert bureau.token_boards == ("23456", "34567")
    assert Organisation("90002", "payroll_bureau", ("11111",)).only_choice == "11111"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ()),
        ("12345", ("12345",)),
        (" 12345, 23456;34567\n12345 ", ("12345", "23456", "34567")),
        ("1234", None),
        ("12345 abcde", None),
        ("123456", None),
    ],
)
def test_typed_board_numbers_are_five_digits_each(
    text: str, expected: tuple[str, ...] | None
) -> None:
    assert board_numbers(text) == expected


def test_the_development_sign_in_takes_a_bureaus_boards_typed_or_from_its_mandates() -> None:
    def mandates(bureau: str) -> tuple[str, ...]:
        return ("36002", "79774") if bureau == "90000" else ()

    organisation, errors = dev_sign_in("payroll_bureau", "90000", "", mandates)
    assert errors == {}
    assert organisation == Organisation("90000", "payroll_bureau", ("36002", "79774"))
    typed, _ = dev_sign_in("payroll_bureau", "90000", "11111 22222", mandates)
    assert typed is not None
    assert typed.choices == ("11111", "22222")
    board, _ = dev_sign_in("board", " 36002 ", "", mandates)
    assert board == Organisation("36002", "board", ())


def test_the_development_sign_in_says_what_is_wrong_beside_each_field() -> None:
    assert dev_sign_in("", "12", "x", no_mandates) == (
        None,
        {
            "soort": "boards.dev.error_kind",
            "nummer": "boards.dev.error_number",
            "besturen": "boards.dev.error_boards",
        },
    )
    assert dev_sign_in("payroll_bureau", "90009", "", no_mandates) == (
        None,
        {"besturen": "boards.dev.error_no_mandates"},
    )


def test_a_board_session_is_no_teachers_and_acts_only_for_its_own_boards() -> None:
    bureau = Organisation("90001", "payroll_bureau", ("23456", "34567"))
    session = sessions.board_signed_in("id", NOW, bureau, "board-token", expires_in=3600)
    assert session.kind == "board"
    assert session.board_signed_in(NOW + timedelta(minutes=59))
    assert not session.board_signed_in(NOW + timedelta(minutes=60))
    assert session.signed_in(NOW)
    assert not session.teacher_signed_in(NOW)
    assert session.acting_board is None
    assert session.organisation == bureau
    chosen = session.acting_for("34567")
    assert chosen.acting_board == "34567"
    with pytest.raises(ValueError, match="may act for"):
        session.acting_for("12345")
    with pytest.raises(ValueError, match="may act for"):
        session.acting_for("90001")  # the bureau itself is no school board
    teacher = sessions.signed_in("other", NOW, "LR00000001", "token", expires_in=3600)
    assert teacher.teacher_signed_in(NOW)
    assert not teacher.board_signed_in(NOW)
    assert teacher.organisation is None
    one_board = sessions.board_signed_in(
        "third", NOW, Organisation("12345", "board"), "t", expires_in=60
    )
    assert one_board.acting_board == "12345"


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        (
            "/aanleveren/leveringen/x?melding=ontvangen",
            "/aanleveren/leveringen/x?melding=ontvangen",
        ),
        ("/aanleveren", "/aanleveren"),
        ("/mijn-registratie", "/aanleveren"),
        ("/aanleveren/inloggen/ontwikkeling", "/aanleveren"),
        ("//evil.example/aanleveren", "/aanleveren"),
        ("/aanleverenx", "/aanleveren"),
        (None, "/aanleveren"),
    ],
)
def test_a_board_returns_only_to_a_board_page_after_signing_in(
    candidate: str | None, expected: str
) -> None:
    assert board_return_path(candidate) == expected


@pytest.mark.parametrize(
    ("filename", "declared", "expected"),
    [
        ("leraren.csv", "application/vnd.ms-excel", CSV),
        ("LERAREN.CSV", "", CSV),
        ("export.ndjson", "application/octet-stream", NDJSON),
        ("export.jsonl", None, NDJSON),
        ("export", "text/csv; charset=utf-8", CSV),
        ("export", "application/x-ndjson", NDJSON),
        ("leraren.xlsx", "application/vnd.openxmlformats", None),
        ("foto.png", "image/png", None),
        ("C:\\Users\\bestuur\\leraren.csv", "", CSV),
    ],
)
def test_only_csv_and_ndjson_files_are_sent_to_intake(
    filename: str, declared: str | None, expected: str | None
) -> None:
    assert upload_type(filename, declared) == expected


def issues() -> list[Issue]:
    found = []
    for row in range(2, 32):
        code = "BSN_ELFPROEF" if row % 3 == 0 else "LATE_LEVERING"
        severity = "error" if code == "BSN_ELFPROEF" else "warning"
        found.append(Issue(row, "bsn", code, severity, "Een melding."))  # type: ignore[arg-type]
    return found


def test_feedback_is_filtered_by_code_and_severity_and_paged() -> None:
    all_issues = issues()
    everything = feedback_page(all_issues, 30, IssueFilter(), 1, 10)
    assert (everything.matching, everything.pages, len(everything.issues)) == (30, 3, 10)
    assert (everything.first, everything.last) == (1, 10)
    assert everything.codes == (("LATE_LEVERING", 20), ("BSN_ELFPROEF", 10))
    assert everything.complete
    errors = feedback_page(all_issues, 30, IssueFilter(severity="error"), 1, 10)
    assert errors.matching == 10
    assert {i.code for i in errors.issues} == {"BSN_ELFPROEF"}
    late = feedback_page(all_issues, 30, IssueFilter(code="LATE_LEVERING"), 2, 10)
    assert (late.page, late.first, late.last) == (2, 11, 20)
    assert all(i.code == "LATE_LEVERING" for i in late.issues)
    both = IssueFilter(code="LATE_LEVERING", severity="error")
    assert feedback_page(all_issues, 30, both, 1, 10).matching == 0
    past_the_end = feedback_page(all_issues, 30, IssueFilter(), 9, 10)
    assert past_the_end.page == 3
    partial = feedback_page(all_issues[:20], 30, IssueFilter(), 1, 10)
    assert not partial.complete


def test_codes_are_counted_most_frequent_first() -> None:
    assert code_counts([]) == ()
    found = issues()[:3]
    assert code_counts(found) == (("LATE_LEVERING", 2), ("BSN_ELFPROEF", 1))


def test_intakes_views_are_read_into_deliveries_and_correction_requests() -> None:
    delivery_id = uuid4()
    delivery = Delivery.from_intake(
        {
            "id": str(delivery_id),
            "status": "processing",
            "channel": "http",
            "bevoegd_gezag": "36002",
            "submitted_by": "90000",
            "format": "csv",
            "rows_total": 10,
            "rows_accepted": 8,
            "rows_rejected": 2,
            "rows_warned": 1,
            "rows_unchanged": 0,
            "received_at": "2026-08-20T10:00:00+00:00",
            "processed_at": "2026-08-20T10:00:02+00:00",
            "completed_at": None,
            "errors_url": f"/v1/deliveries/{delivery_id}/errors",
        }
    )
    assert delivery.id == delivery_id
    assert not delivery.final
    assert delivery.has_feedback
    assert delivery.of_board("36002")
    assert not delivery.of_board("79774")
    assert delivery.completed_at is None
    request = CorrectionRequest.from_intake(
        {
            "request_id": str(uuid4()),
            "bevoegd_gezag": "36002",
            "registration_number": "LR00000001",
            "voorletters": "J.",
            "tussenvoegsel": "",
            "achternaam": "Jansen",
            "brin": "12AB",
            "brin_volgnummer": "00",
            "benoemingsgrondslag": "PO-BEV",
            "benoeming_begindatum": "2026-08-01",
            "fields": ["benoeming_einddatum"],
            "explanation": "Mijn benoeming loopt tot 31 juli.",
            "requested_at": "2026-08-20T10:00:00+00:00",
            "received_at": "2026-08-20T10:00:01+00:00",
        }
    )
    assert request.name == "J. Jansen"
    assert request.fields == ("benoeming_einddatum",)
    assert request.benoeming_begindatum is not None
    assert request.status == "open"
    assert request.open
    assert request.answer is None
    assert request.resolved_by_delivery is None


def test_an_answered_and_resolved_request_keeps_its_answer_and_names_the_delivery() -> None:
    delivery_id = uuid4()
    request = CorrectionRequest.from_intake(
        {
            "request_id": str(uuid4()),
            "registration_number": "LR00000001",
            "fields": ["functie"],
            "status": "resolved",
            "answer": {
                "decision": "accepted",
                "reason": None,
                "answered_by": "90000",
                "answered_at": "2026-08-21T09:00:00+00:00",
            },
            "resolved_at": "2026-08-22T09:00:00+00:00",
            "resolved_by_delivery": str(delivery_id),
        }
    )
    assert request.status == "resolved"
    assert not request.open
    assert request.answer is not None
    assert (request.answer.decision, request.answer.answered_by) == ("accepted", "90000")
    assert request.resolved_by_delivery == delivery_id
    page = CorrectionPage((request,), total=23, page=3, page_size=10)
    assert (page.first, page.last, page.pages) == (21, 21, 3)


def test_the_answer_form_wants_a_decision_and_a_reason_for_a_rejection() -> None:
    assert read_answer("", "") == (None, None, {"besluit": "boards.correction.error_decision"})
    assert read_answer("accepted", "")[2] == {"besluit": "boards.correction.error_decision"}
    assert read_answer("akkoord", "  ") == ("accepted", None, {})
    assert read_answer("akkoord", " Klopt. ") == ("accepted", "Klopt.", {})
    assert read_answer("afwijzen", " \n ") == (
        "rejected",
        None,
        {"reden": "boards.correction.error_reason"},
    )
    assert read_answer("afwijzen", "Het contract loopt door.") == (
        "rejected",
        "Het contract loopt door.",
        {},
    )
    too_long = "x" * (REASON_MAX + 1)
    assert read_answer("afwijzen", too_long)[2] == {"reden": "boards.correction.error_reason_long"}
    assert read_answer("afwijzen", "x" * REASON_MAX)[2] == {}
