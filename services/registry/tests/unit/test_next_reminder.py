"""The next reminder the overview shows: the same moments the scheduler mails at."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from lr_registry.domain import lifecycle
from lr_registry.domain.model import OPEN_END, Coverage, Registration

T0 = datetime(2026, 8, 1, 9, tzinfo=UTC)
END = date(2031, 8, 1)


def registered() -> Registration:
    return Registration(
        "LR00000001",
        "registered",
        T0,
        Coverage(OPEN_END, OPEN_END),
        confirmed_at=T0,
        period_start=date(2026, 8, 1),
        period_end=END,
        notified=frozenset({"teacher-invited", "confirmed"}),
    )


def test_an_unconfirmed_teacher_is_reminded_four_weeks_after_the_invitation() -> None:
    pending = Registration("LR00000001", "pending_confirmation", T0)
    assert lifecycle.next_reminder(pending) == T0 + timedelta(weeks=4)
    reminded = replace(pending, notified=frozenset({"invitation-reminder"}))
    assert lifecycle.next_reminder(reminded) is None


def test_a_registered_teacher_is_reminded_six_months_then_twelve_weeks_before_the_end() -> None:
    reg = registered()
    assert lifecycle.next_reminder(reg) == datetime(2031, 2, 1, tzinfo=UTC)
    after_first = replace(reg, notified=reg.notified | {f"reregistration-due:{END}:6m"})
    assert lifecycle.next_reminder(after_first) == datetime(2031, 5, 9, tzinfo=UTC)
    after_second = replace(
        after_first, notified=after_first.notified | {f"reregistration-due:{END}:12w"}
    )
    assert lifecycle.next_reminder(after_second) is None
    assert lifecycle.next_reminder(replace(reg, norm_met=frozenset({END}))) is None
