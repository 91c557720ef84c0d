from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from lr_portfolio.domain import evidence, shares
from lr_portfolio.domain.activities import ActivityDraft, ActivitySubtype, ActivityType, validate
from lr_portfolio.domain.errors import (
    EvidenceTooLargeError,
    InvalidInputError,
    UnsupportedEvidenceError,
)
from lr_portfolio.domain.progress import Hours, Norm, Period, Progress, totals_by_period

TODAY = date(2026, 3, 1)


def draft(**changes: object) -> ActivityDraft:
    values: dict[str, object] = {
        "type": ActivityType.COURSE,
        "subtype": None,
        "title": "Cursus formatief evalueren",
        "provider": "Fontys",
        "start_date": date(2026, 1, 10),
        "end_date": None,
        "hours": Decimal(12),
        "core": True,
    }
    values.update(changes)
    return ActivityDraft(**values)  # type: ignore[arg-type]


def fields_of(exc: pytest.ExceptionInfo[InvalidInputError]) -> set[str]:
    return {problem.field for problem in exc.value.problems}


def test_a_plain_course_is_valid() -> None:
    assert validate(draft(), TODAY).hours == 12


@pytest.mark.parametrize("hours", [Decimal(0), Decimal(-3), Decimal(1001), Decimal("1.005")])
def test_hours_that_are_not_positive_absurd_or_too_precise_are_rejected(hours: Decimal) -> None:
    with pytest.raises(InvalidInputError) as exc:
        validate(draft(hours=hours), TODAY)
    assert fields_of(exc) == {"hours"}


def test_dates_before_1950_or_more_than_a_year_ahead_are_rejected() -> None:
    with pytest.raises(InvalidInputError) as exc:
        validate(draft(start_date=date(1949, 12, 31), end_date=date(2027, 6, 1)), TODAY)
    assert fields_of(exc) == {"start_date", "end_date"}


def test_an_end_date_before_the_start_date_is_rejected() -> None:
    with pytest.raises(InvalidInputError) as exc:
        validate(draft(start_date=date(2026, 1, 10), end_date=date(2026, 1, 9)), TODAY)
    assert fields_of(exc) == {"end_date"}


def test_inside_school_needs_one_of_its_own_subtypes() -> None:
    with pytest.raises(InvalidInputError):
        validate(draft(type=ActivityType.INSIDE_SCHOOL), TODAY)
    with pytest.raises(InvalidInputError):
        validate(draft(type=ActivityType.INSIDE_SCHOOL, subtype=ActivitySubtype.ONLINE), TODAY)
    ok = draft(type=ActivityType.INSIDE_SCHOOL, subtype=ActivitySubtype.INTERVISION)
    assert validate(ok, TODAY) == ok


def test_a_course_takes_no_subtype() -> None:
    with pytest.raises(InvalidInputError):
        validate(draft(subtype=ActivitySubtype.COACHING), TODAY)


def test_a_blank_title_is_rejected() -> None:
    with pytest.raises(InvalidInputError) as exc:
        validate(draft(title="  "), TODAY)
    assert fields_of(exc) == {"title"}


PERIOD = Period(date(2024, 8, 1), date(2028, 7, 31))


def test_a_date_in_the_current_period_counts_in_it() -> None:
    assert PERIOD.containing(date(2028, 7, 31)) == PERIOD
    assert PERIOD.containing(date(2024, 8, 1)) == PERIOD


def test_the_day_after_the_period_counts_in_the_next_one() -> None:
    assert PERIOD.containing(date(2028, 8, 1)) == Period(date(2028, 8, 1), date(2032, 7, 31))


def test_a_date_before_the_period_counts_in_the_previous_one() -> None:
    assert PERIOD.containing(date(2024, 7, 31)) == Period(date(2020, 8, 1), date(2024, 7, 31))


def test_with_an_exclusive_end_the_boundary_day_belongs_to_the_next_period() -> None:
    exclusive = Period(date(2024, 8, 1), date(2028, 8, 1))
    assert exclusive.containing(date(2028, 8, 1)).start == date(2028, 8, 1)


def test_totals_split_over_periods_and_count_core_hours_apart() -> None:
    totals = totals_by_period(
        PERIOD,
        [(date(2025, 1, 1), Decimal(10), True), (date(2029, 1, 1), Decimal(4), False)],
    )
    assert totals[PERIOD] == Hours(Decimal(10), Decimal(10))
    assert totals[PERIOD.shifted(1)] == Hours(Decimal(4), Decimal(0))


def test_progress_says_what_is_missing_to_the_norm() -> None:
    progress = Progress(PERIOD, Hours(Decimal(150), Decimal(110)), Norm(Decimal(160), Decimal(100)))
    assert progress.missing_total == 10
    assert progress.missing_core == 0
    assert not progress.norm_met


def test_evidence_is_judged_by_its_first_bytes() -> None:
    assert evidence.check("a.pdf", b"%PDF-1.7 ...", 100).content_type == "application/pdf"
    assert evidence.check("a", b"\x89PNG\r\n\x1a\nxx", 100).content_type == "image/png"
    assert evidence.check("a", b"\xff\xd8\xff\xe0xx", 100).content_type == "image/jpeg"
    with pytest.raises(UnsupportedEvidenceError):
        evidence.check("a.pdf", b"MZ not a pdf", 100)
    with pytest.raises(EvidenceTooLargeError):
        evidence.check("a.pdf", b"%PDF-" + b"x" * 100, 100)


def test_a_share_is_open_until_it_expires() -> None:
    now = datetime(2026, 3, 1, tzinfo=UTC)
    share = shares.Share(
        id=uuid.uuid4(),
        registration_number="LR00000001",
        view="all",
        period_start=None,
        created_at=now,
        expires_at=now + timedelta(days=1),
    )
    assert share.is_open(now + timedelta(hours=23))
    assert not share.is_open(now + timedelta(days=1))


def test_a_share_expiring_in_the_past_or_too_far_ahead_is_refused() -> None:
    now = datetime(2026, 3, 1, tzinfo=UTC)
    with pytest.raises(InvalidInputError):
        shares.validate_expiry(now - timedelta(seconds=1), now, 90)
    with pytest.raises(InvalidInputError):
        shares.validate_expiry(now + timedelta(days=91), now, 90)
