"""The registration lifecycle, transition by transition, with a controlled clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from lr_registry.domain import lifecycle
from lr_registry.domain.errors import NotPendingError
from lr_registry.domain.model import OPEN_END, Coverage, Registration

T0 = datetime(2026, 8, 1, 9, tzinfo=UTC)
QUALIFIED = Coverage(OPEN_END, OPEN_END)
UNQUALIFIED = Coverage(date(2027, 7, 31), None)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def registered(end: date = date(2030, 8, 1)) -> Registration:
    return Registration(
        "LR00000001",
        "registered",
        T0,
        QUALIFIED,
        confirmed_at=T0,
        period_start=date(2026, 8, 1),
        period_end=end,
        notified=frozenset({"teacher-invited", "confirmed"}),
    )


def keys(change: lifecycle.Change) -> list[str]:
    return [n.key for n in change.notices]


def test_a_new_teacher_is_invited_to_confirm() -> None:
    change = lifecycle.invite("LR00000001", QUALIFIED, T0)
    assert change.after.state == "pending_confirmation"
    assert keys(change) == ["teacher-invited"]
    assert change.transitions[0].from_state is None


def test_a_new_teacher_without_an_active_appointment_is_not_invited() -> None:
    change = lifecycle.invite("LR00000001", Coverage(date(2020, 1, 1), None), T0)
    assert change.after.state == "deregistered"
    assert keys(change) == []


def test_a_teacher_first_known_without_an_active_appointment_is_invited_when_one_arrives() -> None:
    ended = lifecycle.invite("LR00000001", Coverage(date(2020, 1, 1), None), T0).after
    later = T0 + timedelta(weeks=10)
    change = lifecycle.apply_coverage(ended, QUALIFIED, later)
    assert change.after.state == "pending_confirmation"
    assert change.after.invited_at == later
    assert keys(change) == ["teacher-invited"]


def test_an_invited_teacher_whose_appointment_returns_is_not_invited_twice() -> None:
    pending = lifecycle.invite("LR00000001", QUALIFIED, T0).after
    ended = lifecycle.apply_coverage(
        pending, Coverage(date(2026, 8, 2), None), at(date(2026, 9, 1))
    )
    back = lifecycle.apply_coverage(ended.after, QUALIFIED, at(date(2026, 9, 2)))
    assert ended.after.state == "deregistered"
    assert back.after.state == "pending_confirmation"
    assert "teacher-invited" not in keys(back)


def test_confirming_with_a_qualified_appointment_registers_for_four_years() -> None:
    pending = lifecycle.invite("LR00000001", QUALIFIED, T0).after
    change = lifecycle.confirm(pending, T0 + timedelta(days=3))
    assert change.after.state == "registered"
    assert change.after.period_start == date(2026, 8, 4)
    assert change.after.period_end == date(2030, 8, 4)
    assert keys(change) == ["confirmed"]


def test_confirming_with_only_unqualified_appointments_pre_registers() -> None:
    pending = lifecycle.invite("LR00000001", UNQUALIFIED, T0).after
    change = lifecycle.confirm(pending, T0)
    assert change.after.state == "pre_registered"
    assert change.after.period_end is None


def test_confirming_twice_is_refused() -> None:
    with pytest.raises(NotPendingError):
        lifecycle.confirm(registered(), T0)


def test_a_qualified_appointment_registers_a_pre_registered_teacher() -> None:
    pre = lifecycle.confirm(lifecycle.invite("LR00000001", UNQUALIFIED, T0).after, T0).after
    change = lifecycle.apply_coverage(pre, Coverage(OPEN_END, OPEN_END), T0 + timedelta(days=10))
    assert change.after.state == "registered"
    assert change.after.period_end == date(2030, 8, 11)


def test_an_unconfirmed_invitation_is_reminded_once_after_four_weeks() -> None:
    pending = lifecycle.invite("LR00000001", QUALIFIED, T0).after
    assert keys(lifecycle.advance(pending, T0 + timedelta(days=27))) == []
    reminded = lifecycle.advance(pending, T0 + timedelta(weeks=4))
    assert keys(reminded) == ["invitation-reminder"]
    assert keys(lifecycle.advance(reminded.after, T0 + timedelta(weeks=8))) == []


def test_reminders_come_six_months_and_twelve_weeks_before_the_period_ends() -> None:
    reg = registered()
    assert keys(lifecycle.advance(reg, at(date(2030, 1, 31)))) == []
    six = lifecycle.advance(reg, at(date(2030, 2, 1)))
    assert keys(six) == ["reregistration-due:2030-08-01:6m"]
    assert six.notices[0].moment == "6m"
    assert keys(lifecycle.advance(six.after, at(date(2030, 3, 1)))) == []
    twelve = lifecycle.advance(six.after, at(date(2030, 5, 9)))
    assert keys(twelve) == ["reregistration-due:2030-08-01:12w"]


def test_no_reminders_when_the_norm_is_met() -> None:
    reg = replace(registered(), norm_met=frozenset({date(2030, 8, 1)}))
    assert keys(lifecycle.advance(reg, at(date(2030, 6, 1)))) == []


def test_the_period_ending_without_the_norm_makes_the_registration_conditional() -> None:
    change = lifecycle.advance(registered(), at(date(2030, 8, 1)))
    assert change.after.state == "conditional"
    assert "conditional:2030-08-01" in keys(change)


def test_the_period_ending_with_the_norm_met_starts_the_next_period() -> None:
    reg = replace(registered(), norm_met=frozenset({date(2030, 8, 1)}))
    change = lifecycle.advance(reg, at(date(2030, 8, 1)))
    assert change.after.state == "registered"
    assert (change.after.period_start, change.after.period_end) == (
        date(2030, 8, 1),
        date(2034, 8, 1),
    )
    assert keys(change) == ["reregistered:2030-08-01"]


def test_six_months_conditional_lapses_the_registration() -> None:
    conditional = lifecycle.advance(registered(), at(date(2030, 8, 1))).after
    assert lifecycle.advance(conditional, at(date(2031, 1, 31))).after.state == "conditional"
    change = lifecycle.advance(conditional, at(date(2031, 2, 1)))
    assert change.after.state == "lapsed"
    assert keys(change) == ["lapsed:2030-08-01"]


def test_meeting_the_norm_while_conditional_restores_the_original_cycle() -> None:
    conditional = lifecycle.advance(registered(), at(date(2030, 8, 1))).after
    change = lifecycle.record_progress(conditional, date(2030, 8, 1), True, at(date(2030, 10, 1)))
    assert change.after.state == "registered"
    assert change.after.period_end == date(2034, 8, 1)
    assert keys(change) == ["reregistered:2030-08-01"]


def test_no_active_appointment_left_deregisters() -> None:
    reg = replace(registered(), coverage=Coverage(date(2027, 7, 31), date(2027, 7, 31)))
    assert lifecycle.advance(reg, at(date(2027, 7, 31))).after.state == "registered"
    change = lifecycle.advance(reg, at(date(2027, 8, 1)))
    assert change.after.state == "deregistered"
    assert keys(change) == ["deregistered:2027-08-01"]
    assert lifecycle.next_due(change.after) is None


def test_an_appointment_ending_before_the_last_one_is_due_the_day_after() -> None:
    coverage = Coverage(OPEN_END, OPEN_END, next_end=date(2027, 7, 31))
    reg = replace(registered(), coverage=coverage)
    assert lifecycle.next_due(reg) == datetime(2027, 8, 1, tzinfo=UTC)
    # the last appointment's end is due through active_until, not twice
    last = replace(reg, coverage=Coverage(date(2027, 7, 31), OPEN_END, next_end=date(2027, 7, 31)))
    assert lifecycle.next_due(last) == datetime(2027, 8, 1, tzinfo=UTC)
    assert lifecycle.next_due(replace(reg, coverage=Coverage(OPEN_END, OPEN_END))) == datetime(
        2030, 2, 1, tzinfo=UTC
    )


def test_next_due_is_the_earliest_moment_and_lies_ahead_after_advancing() -> None:
    reg = registered()
    assert lifecycle.next_due(reg) == datetime(2030, 2, 1, tzinfo=UTC)
    for day in (date(2030, 2, 1), date(2030, 5, 9), date(2030, 8, 1), date(2031, 2, 1)):
        reg = lifecycle.advance(reg, at(day)).after
        due = lifecycle.next_due(reg)
        assert due is None or due > at(day)
    assert reg.state == "lapsed"


def test_a_late_start_skips_the_six_month_reminder() -> None:
    change = lifecycle.advance(registered(), at(date(2030, 6, 1)))
    assert keys(change) == ["reregistration-due:2030-08-01:12w"]


def _returning(reg: Registration, left: date, back: date) -> lifecycle.Change:
    """`reg`'s appointments end the day before `left`; a new one arrives on `back`."""
    gone = lifecycle.apply_coverage(reg, Coverage(left - timedelta(days=1), None), at(left)).after
    assert gone.state == "deregistered"
    return lifecycle.apply_coverage(gone, QUALIFIED, at(back))


def test_a_conditional_teacher_who_changes_jobs_stays_conditional() -> None:
    conditional = lifecycle.advance(registered(), at(date(2030, 8, 1))).after
    change = _returning(conditional, date(2030, 9, 1), date(2030, 10, 1))
    assert change.after.state == "conditional"
    assert change.after.period_end == date(2030, 8, 1)
    assert keys(change) == []  # told once, when the period ended


def test_a_lapsed_teacher_who_changes_jobs_stays_lapsed_until_the_norm_is_met() -> None:
    conditional = lifecycle.advance(registered(), at(date(2030, 8, 1))).after
    lapsed = lifecycle.advance(conditional, at(date(2031, 2, 1))).after
    back = _returning(lapsed, date(2031, 3, 1), date(2031, 4, 1)).after
    assert (back.state, back.period_end) == ("lapsed", date(2030, 8, 1))
    change = lifecycle.record_progress(back, date(2030, 8, 1), True, at(date(2031, 5, 1)))
    assert (change.after.state, change.after.period_end) == ("registered", date(2034, 8, 1))


def test_a_period_that_ended_while_deregistered_makes_the_returning_teacher_conditional() -> None:
    change = _returning(registered(), date(2030, 6, 1), date(2030, 9, 1))
    assert (change.after.state, change.after.period_end) == ("conditional", date(2030, 8, 1))
    assert keys(change) == ["conditional:2030-08-01"]
    later = _returning(registered(), date(2030, 6, 1), date(2031, 3, 1))
    assert (later.after.state, keys(later)) == ("lapsed", ["lapsed:2030-08-01"])


def test_a_returning_teacher_whose_ended_period_met_the_norm_starts_the_next_one() -> None:
    reg = replace(registered(), norm_met=frozenset({date(2030, 8, 1)}))
    change = _returning(reg, date(2030, 6, 1), date(2030, 9, 1))
    assert change.after.state == "registered"
    assert (change.after.period_start, change.after.period_end) == (
        date(2030, 8, 1),
        date(2034, 8, 1),
    )


def test_a_returning_teacher_within_the_period_keeps_it() -> None:
    change = _returning(registered(), date(2027, 8, 1), date(2027, 9, 1))
    assert (change.after.state, change.after.period_end) == ("registered", date(2030, 8, 1))
