"""The panel's decision rule (domain/decision.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lr_profession.domain.decision import Verdict, decide, median, to_half_hours

half_hours = st.integers(min_value=1, max_value=400).map(lambda n: Decimal(n) / 2)
verdicts = st.lists(
    st.one_of(st.builds(Verdict, st.just(True), half_hours), st.just(Verdict(False))),
    min_size=3,
    max_size=9,
)


def approve(hours: str) -> Verdict:
    return Verdict(True, Decimal(hours))


def test_two_rejections_of_three_reject() -> None:
    decision = decide([approve("10"), Verdict(False), Verdict(False)], Decimal(12))
    assert (decision.accepted, decision.register_hours) == (False, None)


def test_one_rejection_of_three_accepts_with_the_median_of_the_approvals() -> None:
    decision = decide([approve("8"), approve("11"), Verdict(False)], Decimal(12))
    assert (decision.accepted, decision.register_hours) == (True, Decimal("9.5"))


def test_two_rejections_of_four_are_no_majority() -> None:
    decision = decide([approve("6"), approve("7"), Verdict(False), Verdict(False)], Decimal(12))
    assert (decision.accepted, decision.register_hours) == (True, Decimal("6.5"))


def test_the_median_is_rounded_to_the_nearest_half_hour_a_quarter_up() -> None:
    assert to_half_hours(Decimal("8.25")) == Decimal("8.5")
    assert to_half_hours(Decimal("8.2")) == Decimal("8")
    decision = decide([approve("8"), approve("8.5"), Verdict(False)], Decimal(20))
    assert decision.register_hours == Decimal("8.5")


def test_the_hours_are_never_above_the_planned_hours() -> None:
    decision = decide([approve("30"), approve("40"), approve("50")], Decimal(12))
    assert decision.register_hours == Decimal(12)


def test_no_verdicts_decide_nothing() -> None:
    with pytest.raises(ValueError, match="at least one"):
        decide([], Decimal(12))


@given(verdicts, half_hours)
def test_rejected_exactly_when_more_than_half_reject(
    panel: list[Verdict], planned: Decimal
) -> None:
    rejections = sum(not v.approve for v in panel)
    assert decide(panel, planned).accepted == (rejections * 2 <= len(panel))


@given(verdicts, half_hours)
def test_accepted_hours_are_half_hours_within_the_proposals_and_the_plan(
    panel: list[Verdict], planned: Decimal
) -> None:
    decision = decide(panel, planned)
    if not decision.accepted:
        return
    assert decision.register_hours is not None
    proposals = [v.proposed_hours for v in panel if v.approve and v.proposed_hours is not None]
    assert decision.register_hours * 2 == int(decision.register_hours * 2)
    assert decision.register_hours <= planned
    assert decision.register_hours <= max(proposals)
    assert decision.register_hours >= min(min(proposals), planned)
    assert decision.register_hours == min(to_half_hours(median(proposals)), planned)
